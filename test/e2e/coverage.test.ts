/**
 * `bunfuzz coverage`: lcov.info and the HTML report for a native target (pc tables symbolized
 * with debug info) and a JS target (the instrumenter's probe map), checked line by line against
 * fixtures whose reached lines are known; lcov's own genhtml must accept both tracefiles.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../../src/build/compile.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

const FIXTURES = join(PROJECT_ROOT, "test/fixtures/coverage");

/** DA lines of an lcov record: line -> count. */
function daLines(lcov: string, file: string): Map<number, number> {
  const rec = lcov.split("end_of_record").find((r) => r.includes(`SF:${file}\n`));
  if (!rec) throw new Error(`no record for ${file} in:\n${lcov}`);
  return new Map([...rec.matchAll(/^DA:(\d+),(\d+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]));
}

function corpus(dir: string, inputs: Record<string, string>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(inputs)) writeFileSync(join(dir, name), body);
  return dir;
}

/** genhtml (lcov's report generator) on a tracefile; undefined when lcov is not installed. */
function genhtml(info: string, out: string): { code: number; output: string } | undefined {
  if (!Bun.which("genhtml")) return undefined;
  const r = Bun.spawnSync(["genhtml", "--branch-coverage", "-o", out, info], { stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, output: r.stdout.toString() + r.stderr.toString() };
}

describe("bunfuzz coverage", () => {
  test("native target: lines, branches and functions from the pc tables, accepted by genhtml", () => {
    const src = join(FIXTURES, "branches.c");
    const so = compileCached("coverage-branches", [src], join(CACHE_DIR, "test-targets"), DEFAULT_INSTRUMENT, { quiet: true });
    const dir = tempDir();
    const inputs = corpus(join(dir, "corpus"), { a: "A1", b: "B22" });
    const r = bunfuzz(["coverage", so, inputs, "-o", join(dir, "report")], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("INFO: coverage: replaying 2 inputs");
    const lcov = readFileSync(join(dir, "report/lcov.info"), "utf8");
    const da = daLines(lcov, src);
    expect(da.get(13)).toBe(1); // the `d[0] == 'A'` test: only "A1" gets past n > 0 && ... to it
    expect(da.get(18)).toBe(2); // the second if: both inputs
    expect(da.get(19)).toBe(0); // its body: no input has 'Z' at [3]
    expect(da.get(7)).toBe(0); // never_called's entry
    expect(lcov).toContain("FNDA:0,never_called");
    expect(lcov).toContain("FNDA:2,shape");
    expect(lcov).toMatch(/BRF:\d+\nBRH:\d+\n/);
    // The HTML report: an index naming the file and its percentage, and the file's page with the source.
    const index = readFileSync(join(dir, "report/index.html"), "utf8");
    expect(index).toContain("branches.c");
    expect(index).toContain("66.6%"); // 4 of 6 instrumented lines
    const page = readFileSync(join(dir, "report/files/0.html"), "utf8");
    expect(page).toContain("never_called");
    expect(page).toMatch(/<tr id="L19" class="miss">/);
    expect(page).toMatch(/<tr id="L13" class="hit">/);
    const g = genhtml(join(dir, "report/lcov.info"), join(dir, "genhtml"));
    if (!g) return console.warn("note: genhtml not installed (Debian package lcov); lcov.info not checked with it");
    expect(g.output).not.toMatch(/ERROR|WARNING/);
    expect(g.code).toBe(0);
    expect(g.output).toContain("lines......: 66.7% (4 of 6 lines)");
  }, 60_000);

  test("JS target: lines from the probe map's regions, accepted by genhtml", () => {
    const src = join(FIXTURES, "branches.ts");
    const dir = tempDir();
    const inputs = corpus(join(dir, "corpus"), { a: "A1", b: "B22" });
    const r = bunfuzz(["coverage", src, inputs, "-o", join(dir, "report")], dir);
    expect(r.code).toBe(0);
    const lcov = readFileSync(join(dir, "report/lcov.info"), "utf8");
    const da = daLines(lcov, src);
    expect(da.get(3)).toBe(2); // function body
    expect(da.get(5)).toBe(1); // record(1): "A1" only
    expect(da.get(7)).toBe(1); // record(2): "B22" only
    expect(da.get(10)).toBe(0); // neverCalled(...): no input has 'Z' at [3]
    expect(da.get(21)).toBe(0); // neverCalled's body
    expect(da.has(14)).toBe(false); // module top level: runs at load, no probe
    expect(lcov).toContain("FNDA:0,neverCalled");
    expect(lcov).toContain("FNDA:2,record");
    const g = genhtml(join(dir, "report/lcov.info"), join(dir, "genhtml"));
    if (!g) return console.warn("note: genhtml not installed (Debian package lcov); lcov.info not checked with it");
    expect(g.output).not.toMatch(/ERROR|WARNING/);
    expect(g.code).toBe(0);
  }, 60_000);

  test("a TypeScript harness over a native library: both in one report", () => {
    const harness = join(FIXTURES, "ffi_harness.ts"), lib = join(FIXTURES, "branches.c");
    const dir = tempDir();
    const inputs = corpus(join(dir, "corpus"), { a: "A1", b: "B22" });
    const r = bunfuzz(["coverage", harness, inputs, "-o", join(dir, "report")], dir);
    expect(r.code).toBe(0);
    const lcov = readFileSync(join(dir, "report/lcov.info"), "utf8");
    expect(daLines(lcov, harness).get(11)).toBe(2); // the FFI call
    const native = daLines(lcov, lib);
    expect(native.get(13)).toBe(1); // the same lines as when fuzzed as a libFuzzer harness
    expect(native.get(19)).toBe(0);
    const index = readFileSync(join(dir, "report/index.html"), "utf8");
    expect(index).toContain("branches.c");
    expect(index).toContain("ffi_harness.ts");
  }, 60_000);

  test("an input that crashes the target is skipped and the report covers the rest", () => {
    const so = planted("null_write");
    const dir = tempDir();
    const inputs = corpus(join(dir, "corpus"), { a: "a", n: "N", boom: "NW crash" });
    const r = bunfuzz(["coverage", so, inputs, "-o", join(dir, "report")], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${join(inputs, "boom")} crashes the target (crash); replaying without it`);
    expect(r.stderr).toContain("replaying 2 inputs (1 skipped as crashing)");
    expect(existsSync(join(dir, "report/index.html"))).toBe(true);
    expect(readdirSync(inputs).sort()).toEqual(["a", "boom", "n"]); // nothing deleted
  }, 60_000);

  test("usage errors name the fix", () => {
    const dir = tempDir();
    expect(bunfuzz(["coverage", planted("null_write"), dir], dir).stderr).toContain("needs an output directory: -o DIR");
    const missing = bunfuzz(["coverage", planted("null_write"), join(dir, "nope"), "-o", join(dir, "r")], dir);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain("does not exist");
  });
});
