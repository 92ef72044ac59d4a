/**
 * A few rows of bench/conformance.ts as tests, bunfuzz's side only, with fixed seeds and the output
 * lines LLVM's tests check: LeakTest (fuzzer-leak.test), OutOfMemoryTest and
 * OutOfMemorySingleLargeMallocTest (fuzzer-oom.test), SwitchTest. The harnesses are
 * targets/conformance/'s.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../../src/build/compile.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";

function conformance(name: string, asan = false): string {
  const src = join(PROJECT_ROOT, "targets/conformance", `${name}.c`);
  return compileCached(`conformance-${name}`, [src], join(CACHE_DIR, "test-targets"), { ...DEFAULT_INSTRUMENT, asan }, { quiet: true });
}

describe("-detect_leaks (LeakSanitizer, ASan builds)", () => {
  test("a leak during fuzzing is a leak- finding with LeakSanitizer's report, libFuzzer's lines and exit code", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", conformance("leak", true), join(dir, "c"), "-seed=1", "-runs=100000"], dir);
    expect(r.code).toBe(77);
    for (const line of [
      "ERROR: LeakSanitizer: detected memory leaks",
      "Direct leak of 4 byte(s) in 1 object(s) allocated from:",
      "INFO: to ignore leaks on libFuzzer side use -detect_leaks=0",
      "Test unit written to ./leak-",
    ]) expect(r.stderr).toContain(line);
    expect(r.stderr).not.toMatch(/DONE|Done \d+ runs/);
    expect(readdirSync(dir).filter((f) => f.startsWith("leak-"))).toHaveLength(1);
    // The leaking input did not join the corpus (libFuzzer's check: a rerun of it finds nothing).
    expect(bunfuzz(["fuzz", conformance("leak", true), join(dir, "c"), "-runs=0"], dir).code).toBe(0);
  }, 60_000);

  test("in the initial corpus, with -detect_leaks=0, and with -error_exitcode=0", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "seeds"));
    writeFileSync(join(dir, "seeds", "l"), "Leak");
    const seeded = bunfuzz(["fuzz", conformance("leak", true), join(dir, "seeds"), "-runs=0"], dir);
    expect(seeded.code).toBe(77);
    expect(seeded.stderr).toContain("INFO: a leak has been found in the initial corpus.");
    const off = bunfuzz(["fuzz", conformance("leak", true), "-seed=1", "-runs=20000", "-detect_leaks=0"], dir);
    expect(off.code).toBe(0);
    expect(off.stderr).toContain("Done 20000 runs");
    expect(bunfuzz(["fuzz", conformance("leak", true), "-seed=1", "-runs=100000", "-error_exitcode=0"], dir).code).toBe(0);
  }, 60_000);
});

describe("out-of-memory", () => {
  test("-malloc_limit_mb (ASan): one 3 Gb malloc is reported with the stack that asked for it", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "hi"), "Hi");
    const r = bunfuzz(["run", conformance("large_malloc", true), join(dir, "hi"), "-malloc_limit_mb=300"], dir);
    expect(r.code).toBe(71);
    expect(r.stderr).toContain("ERROR: libFuzzer: out-of-memory (malloc(3221225472))");
    expect(r.stderr).toContain("in LLVMFuzzerTestOneInput");
    expect(r.stderr).toContain("SUMMARY: libFuzzer: out-of-memory");
  }, 60_000);

  test("-rss_limit_mb: the line clang-14's libFuzzer prints (ClusterFuzz matches 'libFuzzer: out-of-memory (')", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", conformance("out_of_memory"), "-seed=1", "-runs=100000", "-rss_limit_mb=300"], dir);
    expect(r.code).toBe(71);
    expect(r.stderr).toMatch(/==\d+== ERROR: libFuzzer: out-of-memory \(used: \d+Mb; limit: 300Mb\)/);
    expect(r.stderr).toContain("Test unit written to ./oom-");
  }, 60_000);
});

test("switch case values reach the compare log from every switch (SwitchTest's shape)", () => {
  const dir = tempDir();
  const r = bunfuzz(["fuzz", conformance("switch"), "-seed=1", "-runs=1000000"], dir);
  expect(r.code).toBe(77);
  expect(r.stderr).toContain("Test unit written to ./crash-");
}, 60_000);

test("-analyze_dict=1: the words whose masking changes no input's features, in libFuzzer's lines (same as clang-14's on this corpus)", () => {
  const dir = tempDir();
  mkdirSync(join(dir, "c"));
  writeFileSync(join(dir, "c", "a"), "magicwordxxxxx");
  writeFileSync(join(dir, "c", "b"), "xxmagicxxxxxxxxx");
  writeFileSync(join(dir, "d.dict"), 'm="magic"\nw="word"\nz="zzz"\nx="xx"\n');
  const r = bunfuzz(["fuzz", conformance("strncmp"), "-analyze_dict=1", `-dict=${join(dir, "d.dict")}`, join(dir, "c")], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain([
    "Started dictionary minimization (up to 16 tests)",
    "###### Useless dictionary elements. ######",
    '"zzz" # Score: 0, Used: 0',
    '"xx" # Score: -2, Used: 2',
    "###### End of useless dictionary elements. ######",
    "Dictionary analysis succeeded",
  ].join("\n"));
}, 60_000);
