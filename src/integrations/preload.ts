/**
 * Preloaded into the `bun test` child process that fuzzes one fuzz() test (see bunTest.ts): maps
 * the shared region the parent named, then registers instrumentation before the test file and the
 * code under test load, so their probes and compare hooks feed the shim.
 */
import { ShimSink } from "../coverage/shimSink.ts";
import { registerInstrumentation } from "../instrument/index.ts";
import { jsShim } from "../runner/jsScope.ts";
import { WORKER_ENV, type WorkerConfig } from "../runner/protocol.ts";
import { setChild } from "./child.ts";
import { probeOptions } from "../runner/jsTarget.ts";

const raw = process.env[WORKER_ENV];
if (raw) {
  const cfg = JSON.parse(raw) as WorkerConfig;
  const shim = jsShim(cfg);
  const js = cfg.js!;
  registerInstrumentation({ include: js.include, exclude: js.exclude, packages: js.packages, sink: new ShimSink(shim), ...probeOptions(cfg.options) });
  setChild({ cfg, shim });
}
