import { closeSync } from "node:fs";
import type { Shim } from "../coverage/ffi.ts";
import { EngineError } from "../findings/errors.ts";
import { redirectStderr } from "../util/stderr.ts";

/**
 * libFuzzer's -close_fd_mask, in a worker before the target runs: bit 1 points stdout at
 * /dev/null, bit 2 stderr, whose old file the engine and the shim keep (a duplicate fd) for their
 * own lines. The supervisor's stderr is untouched, so findings are still reported, and a sanitizer's
 * report goes to the supervisor's report file (or, without one, to the duplicate), as libFuzzer
 * keeps it with __sanitizer_set_report_fd.
 */
export function closeFds(shim: Shim, mask: number): void {
  if (mask & 2) {
    const keep = shim.silenceFd(2);
    if (keep < 0) throw new EngineError("internal", "-close_fd_mask: could not point stderr at /dev/null");
    redirectStderr(keep);
  }
  if (mask & 1) {
    const old = shim.silenceFd(1);
    if (old < 0) throw new EngineError("internal", "-close_fd_mask: could not point stdout at /dev/null");
    closeSync(old);
  }
}
