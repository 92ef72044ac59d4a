/** Where a native worker starts: "/" unless something read before its first step names a relative path. */
import { expect, test } from "bun:test";
import { workerStartDir } from "../../src/runner/workerStartDir.ts";

test("a worker starts in / when nothing read at its start names a relative path", () => {
  expect(workerStartDir({})).toBe("/");
  expect(workerStartDir({ LD_PRELOAD: "/usr/lib/libshim.so:libc_extra.so", ASAN_OPTIONS: "detect_leaks=0:handle_abort=1:log_path=/tmp/asan:suppressions=/etc/supp.txt" })).toBe("/");
  expect(workerStartDir({ UBSAN_OPTIONS: "print_stacktrace=1 halt_on_error=1" })).toBe("/");
});

test("a relative path in LD_PRELOAD, a sanitizer's options or BUN_OPTIONS keeps the worker where the supervisor is", () => {
  expect(workerStartDir({ LD_PRELOAD: "./libhook.so" })).toBeUndefined();
  expect(workerStartDir({ ASAN_OPTIONS: "detect_leaks=0:suppressions=asan.supp" })).toBeUndefined();
  expect(workerStartDir({ LSAN_OPTIONS: "suppressions='lsan/supp.txt'" })).toBeUndefined();
  expect(workerStartDir({ UBSAN_OPTIONS: "log_path=logs/ubsan" })).toBeUndefined();
  expect(workerStartDir({ BUN_OPTIONS: "--smol" })).toBeUndefined();
});
