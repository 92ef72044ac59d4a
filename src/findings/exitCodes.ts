/**
 * Finding exit codes, as libFuzzer (clang 14) uses them; measured with `clang-14 -fsanitize=fuzzer`:
 * a deadly signal exits 77 (-error_exitcode), a sanitizer report exits 1 (the sanitizer's own
 * exitcode), a timeout 70 (-timeout_exitcode), an RSS overflow 71.
 */
export const FINDING_EXIT = {
  crash: 77,
  sanitizer: 1,
  timeout: 70,
  oom: 71,
} as const;
