/**
 * The command line as a libFuzzer user meets it: engine errors are one line with their own exit
 * code and never a stack trace; files run once (regression mode); .options files and artifact
 * flags are honoured; a seed reproduces a campaign exactly.
 */
import { describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileShared, DEFAULT_INSTRUMENT } from "../../src/build/compile.ts";
import { zigCC } from "../../src/build/toolchain.ts";
import { ENGINE_EXIT } from "../../src/findings/errors.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

function oneLineError(stderr: string): string {
  const lines = stderr.trim().split("\n").filter((l) => l.startsWith("bunfuzz: error:"));
  expect(lines).toHaveLength(1);
  expect(stderr).not.toContain("    at "); // no stack trace
  return lines[0]!;
}

describe("engine errors", () => {
  test("an unknown flag warns, as libFuzzer's does, and the run goes on", () => {
    const r = bunfuzz(["fuzz", planted("many_paths"), "-max_lenn=10", "-runs=100", "-seed=1"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("WARNING: unrecognized flag '-max_lenn=10'; use -help=1 to list all flags");
    expect(r.stderr).toContain("Done 100 runs");
  });
  test("bad flag value", () => {
    const r = bunfuzz(["fuzz", planted("null_write"), "-runs=ten"]);
    expect(r.code).toBe(ENGINE_EXIT.usage);
    expect(oneLineError(r.stderr)).toContain("-runs=ten");
  });
  test("missing target", () => {
    const r = bunfuzz(["fuzz", "/nonexistent/target.so"]);
    expect(r.code).toBe(ENGINE_EXIT.target);
    expect(oneLineError(r.stderr)).toContain("/nonexistent/target.so");
  });
  test("uninstrumented library", () => {
    const plain = join(tempDir(), "plain.so");
    const r0 = Bun.spawnSync([...zigCC(), "-shared", "-fPIC", "-O1", join(import.meta.dir, "../../targets/planted/null_write.c"), "-o", plain]);
    expect(r0.exitCode).toBe(0);
    const r = bunfuzz(["fuzz", plain]);
    expect(r.code).toBe(ENGINE_EXIT.target);
    expect(oneLineError(r.stderr)).toContain("not instrumented");
  });
  test("a library without a harness", () => {
    const dir = tempDir();
    const src = join(dir, "lib.c");
    writeFileSync(src, "int add(int a, int b) { if (a > b) return a; return a + b; }\n");
    const so = compileShared([src], join(dir, "lib.so"), DEFAULT_INSTRUMENT, { quiet: true });
    const r = bunfuzz(["fuzz", so]);
    expect(r.code).toBe(ENGINE_EXIT.target);
    expect(oneLineError(r.stderr)).toContain("LLVMFuzzerTestOneInput");
  });
  test("missing corpus file", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("null_write"), join(dir, "corpus"), join(dir, "nope")], dir);
    expect(r.code).toBe(ENGINE_EXIT.input);
    expect(oneLineError(r.stderr)).toContain("nope");
  });
  test("dictionary with a syntax error names the line", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "bad.dict"), '# ok\nkw1="abc"\nkw2=abc\n');
    const r = bunfuzz(["fuzz", planted("null_write"), `-dict=${join(dir, "bad.dict")}`], dir);
    expect(r.code).toBe(ENGINE_EXIT.input);
    expect(oneLineError(r.stderr)).toContain("bad.dict:3");
  });
  test("a bad value in a .options file names file and line", () => {
    const dir = tempDir();
    const so = join(dir, "t.so");
    copyFileSync(planted("null_write"), so);
    writeFileSync(join(dir, "t.options"), "[libfuzzer]\nmax_len = 64\ntimeout = soon\n");
    const r = bunfuzz(["fuzz", so], dir);
    expect(r.code).toBe(ENGINE_EXIT.usage);
    expect(oneLineError(r.stderr)).toContain("t.options:3: -timeout=soon is not valid");
  });
});

describe("libFuzzer behaviour", () => {
  test("a prebuilt object from clang -fsanitize=fuzzer-no-link (callbacks undefined) is fuzzed", () => {
    const dir = tempDir();
    const so = join(dir, "prebuilt.so");
    const src = join(import.meta.dir, "../../targets/planted/int_compare.c");
    const b = Bun.spawnSync(["clang-14", "-g", "-O1", "-fsanitize=fuzzer-no-link", "-shared", "-fPIC", src, "-o", so]);
    expect(b.exitCode).toBe(0);
    const r = bunfuzz(["fuzz", so, "-seed=1", "-runs=20000", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain("Test unit written to");
  });

  test("files instead of directories run once each (regression mode)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a"), "hello");
    writeFileSync(join(dir, "b"), "NO");
    const r = bunfuzz(["fuzz", planted("null_write"), join(dir, "a"), join(dir, "b")], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`Running: ${join(dir, "a")}`);
    expect(r.stderr).toContain(`Executed ${join(dir, "b")}`);
    expect(r.stderr).toContain("fuzzing was not performed");
  });

  test("a corpus's every file on the command line (more than one environment string holds) runs", () => {
    // 2,500 paths of ~110 characters: ~270 KiB of JSON, over Linux's 128 KiB per environment string.
    const dir = join(tempDir(), "c".repeat(60));
    mkdirSync(dir);
    const files = Array.from({ length: 2500 }, (_, i) => join(dir, `${String(i).padStart(40, "0")}`));
    for (const f of files) writeFileSync(f, "hello");
    const r = bunfuzz(["fuzz", planted("null_write"), ...files], dir);
    expect(r.stderr).not.toContain("E2BIG");
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("Executed ")).length).toBe(2500);
  });

  test(".options beside the target is read, the command line wins", () => {
    const dir = tempDir();
    const so = join(dir, "t.so");
    copyFileSync(planted("many_paths"), so);
    writeFileSync(join(dir, "t.options"), "[libfuzzer]\nmax_len = 7\nruns = 3000\nbogus = 1\n\n[afl]\nfoo = 1\n");
    const r = bunfuzz(["fuzz", so, join(dir, "c"), "-runs=2000", "-seed=3"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`WARNING: unrecognized flag '-bogus=1' (${join(dir, "t.options")}:4); use -help=1 to list all flags`);
    expect(r.stderr).toContain("Done 2000 runs");
    for (const f of readdirSync(join(dir, "c"))) expect(readFileSync(join(dir, "c", f)).length).toBeLessThanOrEqual(7);
  });

  test("-exact_artifact_path and -print_final_stats", () => {
    const dir = tempDir();
    const out = join(dir, "sub", "the-crash");
    mkdirSync(join(dir, "sub"));
    const r = bunfuzz(["fuzz", planted("null_write"), "-seed=1", "-runs=50000", `-exact_artifact_path=${out}`], dir);
    expect(r.code).toBe(77);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe("NW");
    const s = bunfuzz(["fuzz", planted("many_paths"), "-seed=1", "-runs=3000", "-print_final_stats=1"], dir);
    expect(s.stderr).toMatch(/stat::number_of_executed_units: 3000\n/);
    expect(s.stderr).toMatch(/stat::new_units_added: +\d+/);
  });

  test("status lines parse as libFuzzer's", () => {
    const r = bunfuzz(["fuzz", planted("many_paths"), "-seed=1", "-runs=5000"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^#\d+\tINITED cov: \d+ ft: \d+ corp: \d+\/\d+b exec\/s: \d+ rss: \d+Mb$/m);
    expect(r.stderr).toMatch(/^#\d+\tNEW    cov: \d+ ft: \d+ corp: \d+\/\d+b lim: \d+ exec\/s: \d+ rss: \d+Mb L: \d+\/\d+ MS: \d+ ([A-Za-z]+-)+$/m);
    expect(r.stderr).toMatch(/^#5000\tDONE   cov: \d+ ft: \d+ corp: /m);
  });

  test("the same seed reproduces a campaign exactly", () => {
    const a = tempDir(), b = tempDir();
    const ra = bunfuzz(["fuzz", planted("many_paths"), join(a, "c"), "-seed=42", "-runs=20000"], a);
    const rb = bunfuzz(["fuzz", planted("many_paths"), join(b, "c"), "-seed=42", "-runs=20000"], b);
    expect(ra.code).toBe(0);
    expect(rb.code).toBe(0);
    const la = readdirSync(join(a, "c")).sort(), lb = readdirSync(join(b, "c")).sort();
    expect(la.length).toBeGreaterThan(10);
    expect(la).toEqual(lb);
  });
});
