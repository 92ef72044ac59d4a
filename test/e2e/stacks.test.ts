/**
 * Crash stacks in the sanitizers' format, which ClusterFuzz's stack analyzer groups crashes by:
 * `    #N 0xPC in function file:line`, the target's frames only (never the shim's execute/bf_run,
 * Bun's or JIT code's), for deadly signals, exits, timeouts and the RSS limit, with and without
 * ASan; JS findings in the form ClusterFuzz reads for Jazzer.js. (The analyzer itself is run by the
 * ClusterFuzz integration test; bench/results/crash-states.md has its verdicts.)
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { filterSanitizerReport, formatStack, parseStackText } from "../../src/findings/stackTrace.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

/** The frames of the first stack in a report: [function, file:line] per frame, in order. */
function firstStack(text: string): { fn: string; where: string }[] {
  const frames: { fn: string; where: string }[] = [];
  for (const line of text.split("\n")) {
    const m = /^ {4}#(\d+) 0x[0-9a-f]+ (?:in (\S+) (\S+)|\s(\(.*\)))$/.exec(line);
    if (!m) {
      if (frames.length) break;
      continue;
    }
    expect(Number(m[1])).toBe(frames.length); // numbered from 0, no gaps
    frames.push({ fn: m[2] ?? "", where: m[3] ?? m[4]! });
  }
  return frames;
}

/** Runs one planted target on one input; the worker's report. */
function crashReport(target: string, input: string, flags: string[] = [], asan = false): { code: number; stderr: string } {
  const dir = tempDir();
  writeFileSync(join(dir, "in"), input);
  return bunfuzz(["run", planted(target, { asan }), join(dir, "in"), ...flags], dir);
}

const OWN = /\b(execute|bf_run|bf_\w+|on_deadly|record_stack)\b|native\/\w+\.c:|<unknown module>|bun(\.exe)?\+0x/;

describe("native crash stacks", () => {
  test("deadly signal: the target's frames, innermost first, then libFuzzer's NOTE", () => {
    const r = crashReport("null_write", "NW");
    expect(r.code).toBe(77);
    const frames = firstStack(r.stderr);
    expect(frames.map((f) => f.fn)).toEqual(["store", "LLVMFuzzerTestOneInput"]);
    expect(frames[0]!.where).toMatch(/targets\/planted\/null_write\.c:6:\d+$/);
    expect(r.stderr).not.toMatch(OWN);
    const at = (s: string) => r.stderr.indexOf(s);
    expect(at("ERROR: libFuzzer: deadly signal")).toBeLessThan(at("#0 "));
    expect(at("#1 ")).toBeLessThan(at("NOTE: bunfuzz has rudimentary signal handlers"));
    expect(at("NOTE:")).toBeLessThan(at("SUMMARY: libFuzzer: deadly signal"));
  }, 60_000);

  test("exit() in the target: from exit down to the harness", () => {
    const r = crashReport("exits", "EX");
    expect(r.code).toBe(77);
    const fns = firstStack(r.stderr).map((f) => f.fn);
    expect(fns).toContain("exit");
    expect(fns.at(-1)).toBe("LLVMFuzzerTestOneInput");
    expect(r.stderr).not.toMatch(OWN);
  }, 60_000);

  test("timeout: the main thread's stack where it hangs", () => {
    const r = crashReport("hang", "HNG", ["-timeout=1"]);
    expect(r.code).toBe(70);
    expect(r.stderr).toContain("ERROR: libFuzzer: timeout after");
    const frames = firstStack(r.stderr);
    expect(frames.at(-1)!.fn).toBe("LLVMFuzzerTestOneInput");
    expect(frames.at(-1)!.where).toContain("targets/planted/hang.c:");
    expect(r.stderr).not.toMatch(OWN);
  }, 60_000);

  test("RSS limit: the main thread's stack in the allocating code", () => {
    const r = crashReport("oom", "MM", ["-rss_limit_mb=400"]);
    expect(r.code).toBe(71);
    expect(firstStack(r.stderr).map((f) => f.where).join("\n")).toContain("targets/planted/oom.c:");
    expect(r.stderr).not.toMatch(OWN);
  }, 60_000);

  test("ASan's report keeps the target's frames and loses bunfuzz's", () => {
    const r = crashReport("heap_overflow", "HOx", [], true);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR: AddressSanitizer: heap-buffer-overflow");
    expect(firstStack(r.stderr).map((f) => f.fn)).toEqual(["LLVMFuzzerTestOneInput"]);
    expect(r.stderr).toMatch(/#0 0x[0-9a-f]+ in __interceptor_malloc/); // the allocation's stack
    expect(r.stderr).not.toMatch(OWN);
  }, 60_000);
});

describe("the stack format itself", () => {
  test("frames without debug information print their module and offset, as the sanitizers do", () => {
    const text = ["0x7f0000001000 0x1234 /nonexistent/lib.so", "0x7f0000002000 0x2000 ", ""].join("\n");
    expect(formatStack(parseStackText(text)).split("\n")).toEqual([
      "    #0 0x7f0000001000  (/nonexistent/lib.so+0x1234)",
      "    #1 0x7f0000002000  (<unknown module>)",
      "",
      "",
    ]);
    expect(formatStack([])).toBe("");
  });

  test("a sanitizer's report: the shim's frames dropped, the rest renumbered, each stack ended where it goes back into Bun", () => {
    const report = [
      "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1",
      "    #0 0x10 in LLVMFuzzerTestOneInput /src/x.c:9:1",
      "    #1 0x20 in execute /home/ci/bunfuzz/native/shim.c:264:19",
      "    #2 0x30 in bf_run /home/ci/bunfuzz/native/shim.c:276:3",
      "    #3 0x40  (<unknown module>)",
      "    #4 0x50 in __libc_start_call_main csu/libc_start_call_main.h:58:16",
      "",
      "allocated by thread T0 here:",
      "    #0 0x60 in __interceptor_malloc (/usr/lib/libclang_rt.asan-x86_64.so+0xd3bde)",
      "    #1 0x70 in helper /src/x.c:3:1",
      "    #2 0x80  (/opt/bun/bin/bun+0x1a81aa0)",
      "SUMMARY: AddressSanitizer: heap-buffer-overflow /src/x.c:9:1 in LLVMFuzzerTestOneInput",
      "    #0 0x90 in __sanitizer_print_stack_trace (/usr/lib/libclang_rt.asan-x86_64.so+0xdda81)",
      "    #1 0xa0 in malloc_hook /home/ci/bunfuzz/native/crash.c:40:3",
      "    #2 0xb0 in LLVMFuzzerTestOneInput /src/x.c:12:1",
    ].join("\n");
    const out = filterSanitizerReport(report, { shimSources: ["shim.c", "crash.c"], shimLibrary: "/x/libbunfuzz_shim.so", executable: "/opt/bun/bin/bun" });
    expect(out.split("\n")).toEqual([
      "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1",
      "    #0 0x10 in LLVMFuzzerTestOneInput /src/x.c:9:1",
      "",
      "allocated by thread T0 here:",
      "    #0 0x60 in __interceptor_malloc (/usr/lib/libclang_rt.asan-x86_64.so+0xd3bde)",
      "    #1 0x70 in helper /src/x.c:3:1",
      "SUMMARY: AddressSanitizer: heap-buffer-overflow /src/x.c:9:1 in LLVMFuzzerTestOneInput",
      "    #0 0x90 in __sanitizer_print_stack_trace (/usr/lib/libclang_rt.asan-x86_64.so+0xdda81)",
      "    #1 0xb0 in LLVMFuzzerTestOneInput /src/x.c:12:1", // a shim frame above the target's is dropped, not an end
    ]);
  });
});

test("a JS finding: Jazzer.js's report line and `at function (file:line:col)` frames", () => {
  const dir = tempDir();
  const r = bunfuzz(["fuzz", join(PROJECT_ROOT, "targets/js/planted/two_bugs.ts"), "-seed=1", "-runs=100000", `-artifact_prefix=${dir}/`], dir);
  expect(r.code).toBe(77);
  const lines = r.stderr.split("\n");
  const head = lines.findIndex((l) => /^==\d+== Uncaught Exception: Jazzer\.js: (RangeError: planted: first|SyntaxError: planted: second) bug$/.test(l));
  expect(head).toBeGreaterThanOrEqual(0);
  expect(lines[head + 1]).toMatch(/^ {4}at fuzz \(.*targets\/js\/planted\/two_bugs\.ts:(9|12):\d+\)$/);
}, 60_000);
