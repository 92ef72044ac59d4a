import { SHIM_EXIT } from "../coverage/abi.ts";

/**
 * Finding exit codes, as libFuzzer (clang 14) uses them; measured with `clang-14 -fsanitize=fuzzer`:
 * a deadly signal exits 77 (-error_exitcode), a sanitizer report exits 1 (the sanitizer's own
 * exitcode), a timeout 70 (-timeout_exitcode), an RSS overflow 71. The shim ends a worker with the
 * same codes (native/shim.h's BF_EXIT_*, checked at start-up), so they are stated once, there.
 */
export const FINDING_EXIT = {
  crash: SHIM_EXIT.crash,
  sanitizer: 1,
  timeout: SHIM_EXIT.timeout,
  oom: SHIM_EXIT.oom,
} as const;

/**
 * libFuzzer's -interrupted_exitcode: the campaign was stopped by SIGINT or SIGTERM (not a finding,
 * not an error). ClusterFuzz treats 72 like 0 after a fuzzing run.
 */
export const INTERRUPT_EXIT = 72;
