/**
 * JS/TS targets end to end: planted magics found at fixed seeds within stated budgets, an infinite
 * loop becomes a timeout artifact, process.exit and async rejections are findings, a finding's
 * stack names the right source line, and -keep_going reports each distinct finding once.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBuild, zigCC } from "../../src/build/toolchain.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, filesWithPrefix, tempDir } from "../helpers/cli.ts";

const planted = (name: string) => join(PROJECT_ROOT, "targets/js/planted", name);

describe("JS targets", () => {
  test("string-compare magic: found at seed 1 within 200000 runs, saved, reproduced", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("string_magic.ts"), join(dir, "corpus"), "-seed=1", "-runs=200000", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    const [crash] = filesWithPrefix(dir, "crash-");
    expect(readFileSync(crash!).toString()).toStartWith("cmd:shutdown");
    expect(r.stderr).toContain(`at fuzz (${planted("string_magic.ts")}:6:`);
    const again = bunfuzz(["run", planted("string_magic.ts"), crash!], dir);
    expect(again.code).toBe(77);
  }, 60_000);

  test("integer-compare magic in a Jazzer.js-style CommonJS target: found within 200000 runs", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("int_magic.cjs"), "-seed=1", "-runs=200000", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    const [crash] = filesWithPrefix(dir, "crash-");
    expect(readFileSync(crash!).readUInt32LE(0)).toBe(0x1badb002);
  }, 60_000);

  test("without compare feedback the string magic is not found in the same budget", () => {
    const r = bunfuzz(["fuzz", planted("string_magic.ts"), "-seed=1", "-runs=200000", "-use_cmp=0"]);
    expect(r.code).toBe(0);
  }, 60_000);

  test("-js_hit_counts=1: features by hit-count bucket (ft above cov); by default one feature per probe reached", () => {
    const done = (flag: string) => {
      const r = bunfuzz(["fuzz", planted("vault_bytes.ts"), "-seed=1", "-runs=20000", "-use_cmp=0", flag]);
      expect(r.code).toBe(0);
      const m = /DONE +cov: (\d+) ft: (\d+)/.exec(r.stderr)!;
      return { cov: Number(m[1]), ft: Number(m[2]) };
    };
    const set = done("-js_hit_counts=0"), counted = done("-js_hit_counts=1");
    expect(set.ft).toBe(set.cov);
    expect(counted.ft).toBeGreaterThan(counted.cov * 2); // 204 against 40 at this seed and budget
  }, 60_000);

  test("-close_fd_mask=3 silences the target's stdout and stderr, not bunfuzz's lines or findings", () => {
    const dir = tempDir();
    const target = join(dir, "noisy.ts");
    writeFileSync(target, `export function fuzz(data: Uint8Array): void {\n  console.log("NOISE-OUT");\n  console.error("NOISE-ERR");\n  process.stdout.write("NOISE-WRITE\\n");\n  if (data.length > 3 && data[0] === 0x21) throw new Error("bang");\n}\n`);
    const loud = bunfuzz(["fuzz", target, "-seed=1", "-runs=20"], dir);
    expect(loud.code).toBe(0);
    expect(loud.stdout).toContain("NOISE-OUT");
    expect(loud.stdout).toContain("NOISE-WRITE");
    expect(loud.stderr).toContain("NOISE-ERR");
    const quiet = bunfuzz(["fuzz", target, "-seed=1", "-runs=20", "-close_fd_mask=3"], dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout + quiet.stderr).not.toContain("NOISE");
    expect(quiet.stderr).toMatch(/#20\s+DONE/);
    const err = bunfuzz(["fuzz", target, "-seed=1", "-runs=2000000", "-close_fd_mask=2", `-artifact_prefix=${dir}/`], dir);
    expect(err.code).toBe(77); // a thrown error is a crash finding
    expect(err.stderr).not.toContain("NOISE-ERR");
    expect(err.stderr).toContain("bang");
    expect(err.stdout).toContain("NOISE-OUT");
    expect(filesWithPrefix(dir, "crash-").length).toBe(1);
  }, 60_000);

  test("an infinite loop becomes a timeout artifact", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("hang.ts"), "-seed=1", "-runs=100000", "-timeout=1", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(70);
    const [t] = filesWithPrefix(dir, "timeout-");
    expect(readFileSync(t!).subarray(0, 3).toString()).toBe("HNG");
  }, 60_000);

  test("process.exit inside the target is a finding", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("exits.ts"), "-seed=1", "-runs=100000", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain("fuzz target exited");
    expect(filesWithPrefix(dir, "crash-")).toHaveLength(1);
  }, 60_000);

  test("an async target's rejection is a finding", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("async_reject.ts"), "-seed=1", "-runs=50000", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain("TypeError: planted: async rejection");
    expect(r.stderr).toContain(`at fuzz (${planted("async_reject.ts")}:4:`);
  }, 60_000);

  for (const [name, prefix, message, line] of [
    ["dropped_reject.ts", "DR", "TypeError: planted: dropped rejection", 6],
    ["dropped_reject_async.ts", "DA", "RangeError: planted: dropped async rejection", 7],
  ] as const) {
    test(`a dropped promise that rejects (${name}) is one finding with the input that caused it`, () => {
      const dir = tempDir();
      const r = bunfuzz(["fuzz", planted(name), "-seed=1", "-runs=200000", `-artifact_prefix=${dir}/`], dir);
      expect(r.code).toBe(77);
      expect(r.stderr.match(/unhandled promise rejection in the fuzz target/g)).toHaveLength(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain(`${planted(name)}:${line}:`);
      expect(r.stderr).not.toContain("no single input reproduced");
      const [crash] = filesWithPrefix(dir, "crash-");
      expect(readFileSync(crash!).subarray(0, 2).toString()).toBe(prefix);
      const again = bunfuzz(["run", planted(name), crash!], dir);
      expect(again.code).toBe(77);
      expect(again.stderr).toContain(message);
    }, 60_000);
  }

  test("-keep_going: a dropped rejection is reported once, and the campaign goes on", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("dropped_reject.ts"), "-seed=1", "-runs=100000", "-keep_going=1", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain("Done 100000 runs");
    expect(r.stderr.match(/TypeError: planted: dropped rejection/g)).toHaveLength(1);
    expect(r.stderr).toContain("1 distinct finding(s) saved");
    const [crash] = filesWithPrefix(dir, "crash-");
    expect(readFileSync(crash!).subarray(0, 2).toString()).toBe("DR");
  }, 60_000);

  test("-keep_going reports each distinct finding once, with the right source lines", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("two_bugs.ts"), "-seed=1", "-runs=200000", "-keep_going=1", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain("2 distinct finding(s) saved");
    expect(filesWithPrefix(dir, "crash-")).toHaveLength(2);
    expect(r.stderr.match(/RangeError: planted: first bug/g)).toHaveLength(1);
    expect(r.stderr.match(/SyntaxError: planted: second bug/g)).toHaveLength(1);
    expect(r.stderr).toContain(`two_bugs.ts:9:`);
    expect(r.stderr).toContain(`two_bugs.ts:12:`);
  }, 60_000);

  test("-keep_going: two hooked method calls that throw are two findings, each at its own line", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("hooked_throws.ts"), "-seed=1", "-runs=100000", "-keep_going=1", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain("2 distinct finding(s) saved");
    expect(r.stderr).toContain("field(data).startsWith is not a function");
    expect(r.stderr).toContain("field(data).includes is not a function");
    expect(r.stderr).toContain(`at fuzz (${planted("hooked_throws.ts")}:11:`);
    expect(r.stderr).toContain(`at fuzz (${planted("hooked_throws.ts")}:12:`);
    expect(r.stderr).not.toContain("__bf_");
    expect(r.stderr).not.toContain("src/instrument/");
  }, 60_000);

  test("a stack overflow is a finding", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("recursion.ts"), "-seed=1", "-runs=100000", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain("RangeError: Maximum call stack size exceeded");
    expect(filesWithPrefix(dir, "crash-")).toHaveLength(1);
  }, 60_000);

  test("an exhausted heap is an oom- finding", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("heap.ts"), "-seed=1", "-runs=100000", "-rss_limit_mb=600", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(71);
    const [oom] = filesWithPrefix(dir, "oom-");
    expect(readFileSync(oom!).subarray(0, 2).toString()).toBe("ME");
  }, 60_000);

  test("-instrument=<package> instruments that npm package under node_modules", () => {
    const dir = join(PROJECT_ROOT, "targets/js/csv");
    const r = bunfuzz(["fuzz", join(dir, "fuzz.cjs"), "-runs=2000", "-seed=1", `-instrument=papaparse,${dir}/`]);
    expect(r.code).toBe(0);
    const files = Number(/Instrumented (\d+) files/.exec(r.stderr)![1]);
    expect(files).toBeGreaterThanOrEqual(2);
    expect(Number(/INITED cov: (\d+)/.exec(r.stderr)![1])).toBeGreaterThan(100); // papaparse's own branches
  }, 60_000);

  test("a module without a fuzz export is a target error", () => {
    const dir = tempDir();
    const f = join(dir, "nofuzz.ts");
    Bun.write(f, "export const x = 1;\n");
    const r = bunfuzz(["fuzz", f], dir);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("exports no fuzz function");
  }, 60_000);

  test("a native fault on a JS Worker the target starts is a finding, not Bun's crash", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "fault.c"), "int fault(int x) { if (x == 7) *(volatile int *)0 = 1; return x; }\n");
    runBuild([...zigCC(), "-shared", "-fPIC", join(dir, "fault.c"), "-o", join(dir, "fault.so")], { quiet: true, what: "fault.so" });
    writeFileSync(join(dir, "thread.ts"), `import { dlopen } from "bun:ffi";\nconst lib = dlopen(${JSON.stringify(join(dir, "fault.so"))}, { fault: { args: ["i32"], returns: "i32" } });\nself.onmessage = (e) => postMessage(lib.symbols.fault(e.data));\n`);
    writeFileSync(join(dir, "target.ts"), `export async function fuzz(data: Uint8Array): Promise<void> {\n  const w = new Worker(new URL("./thread.ts", import.meta.url).href);\n  await new Promise((resolve) => { w.onmessage = resolve; w.postMessage(data[0] ?? 0); });\n  w.terminate();\n}\n`);
    writeFileSync(join(dir, "ok"), Uint8Array.of(3));
    writeFileSync(join(dir, "crash"), Uint8Array.of(7));
    expect(bunfuzz(["run", join(dir, "target.ts"), join(dir, "ok")], dir).code).toBe(0);
    const r = bunfuzz(["run", join(dir, "target.ts"), join(dir, "crash")], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain("ERROR: libFuzzer: deadly signal");
    expect(r.stderr).toMatch(/#0 0x[0-9a-f]+ in fault /); // the worker thread's stack, from the faulting function
    expect(r.stderr).not.toContain("Bun has crashed");
  }, 60_000);

  test("a WebAssembly trap the target catches is not a finding (JavaScriptCore handles its own faults)", () => {
    const dir = tempDir();
    // (module (memory 1) (func (export "load") (param i32) (result i32) local.get 0 i32.load))
    const wasm = [0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 127, 3, 2, 1, 0, 5, 3, 1, 0, 1, 7, 8, 1, 4, 108, 111, 97, 100, 0, 0, 10, 9, 1, 7, 0, 32, 0, 40, 2, 0, 11];
    writeFileSync(join(dir, "target.ts"), `const m = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${JSON.stringify(wasm)})));\nconst load = m.exports.load as (at: number) => number;\nexport function fuzz(data: Uint8Array): void {\n  try { load(data[0] === 0x57 ? 0x7fffff00 : 0); } catch (e) { if (!(e instanceof WebAssembly.RuntimeError)) throw e; }\n}\n`);
    writeFileSync(join(dir, "oob"), "W");
    const r = bunfuzz(["run", join(dir, "target.ts"), join(dir, "oob")], dir);
    expect(r.stderr).not.toContain("deadly signal");
    expect(r.code).toBe(0);
  }, 60_000);
});
