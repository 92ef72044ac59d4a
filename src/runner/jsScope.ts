/**
 * The few pieces a JS worker or a fuzz() child needs before instrumentation is registered. Kept
 * apart so that importing them loads none of the engine (mutators, Smith): whatever is loaded
 * before the plugin is registered cannot be instrumented, and bunfuzz can fuzz its own modules.
 */
import { FLAG } from "../coverage/abi.ts";
import { Shim } from "../coverage/ffi.ts";
import type { WorkerConfig } from "./protocol.ts";

/** The shim of a JS worker (shared region, watchdog, crash handlers, death with the supervisor, value profile), flagged as a JS target. */
export function jsShim(cfg: WorkerConfig): Shim {
  const o = cfg.options;
  const shim = new Shim(cfg.shimLib, cfg.shmPath, cfg.inputCapacity, o.timeout * 1000, o.rss_limit_mb);
  shim.dieWithParent(cfg.supervisorPid);
  if (cfg.reportFd) shim.sanitizerReportFd(cfg.reportFd);
  shim.header.setFlag(FLAG.jsTarget);
  if (o.use_value_profile) shim.enableValueProfile(); // before the sink is made: it reads the map
  return shim;
}
