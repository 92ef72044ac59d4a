/**
 * libFuzzer's flags with libFuzzer's meaning, one behaviour each, on planted targets with fixed
 * seeds and run budgets. What each checks is what libFuzzer does with the same flag (compared side
 * by side with clang-14's libFuzzer; bench/conformance.ts runs the comparison).
 */
import { describe, expect, test } from "bun:test";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

const stat = (stderr: string, name: string) => Number(new RegExp(`^stat::${name}:\\s+(\\d+)$`, "m").exec(stderr)?.[1] ?? NaN);

describe("run budgets", () => {
  test("-runs=1 and -runs=2 run the initial inputs only (the empty input and \"\\n\"), as libFuzzer: Done 2 runs", () => {
    for (const runs of ["0", "1", "2"]) {
      const r = bunfuzz(["fuzz", planted("many_paths"), `-runs=${runs}`, "-seed=1"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("#2\tDONE");
      expect(r.stderr).toContain("Done 2 runs in");
    }
    expect(bunfuzz(["fuzz", planted("many_paths"), "-runs=4", "-seed=1"]).stderr).toContain("Done 4 runs in");
  }, 30_000);

  test("-runs=N with input files runs each file N times (ClusterFuzz reproduces with -runs=100)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a"), "abc");
    writeFileSync(join(dir, "b"), "xyz");
    const r = bunfuzz(["fuzz", planted("many_paths"), join(dir, "a"), join(dir, "b"), "-runs=100", "-print_final_stats=1"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Running 2 inputs 100 time(s) each.");
    expect(stat(r.stderr, "number_of_executed_units")).toBe(200);
  });

  test("-stop_file ends the run with its closing lines", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "STOP"), "");
    const r = bunfuzz(["fuzz", planted("many_paths"), "-runs=100000000", "-seed=1", `-stop_file=${join(dir, "STOP")}`], dir);
    expect(r.code).toBe(0);
    const done = Number(/Done (\d+) runs/.exec(r.stderr)?.[1]);
    expect(done).toBeLessThan(100000000);
  });
});

describe("exit codes", () => {
  test("-error_exitcode for a crash; -timeout_exitcode for a timeout (0 makes both a success, as in LLVM's tests)", () => {
    const crash = bunfuzz(["fuzz", planted("null_write"), "-seed=1", "-runs=50000", "-error_exitcode=42"]);
    expect(crash.code).toBe(42);
    expect(crash.stderr).toContain("Test unit written to");
    expect(bunfuzz(["fuzz", planted("null_write"), "-seed=1", "-runs=50000", "-error_exitcode=0"]).code).toBe(0);
    const hang = bunfuzz(["fuzz", planted("hang"), "-seed=1", "-timeout=1", "-timeout_exitcode=0"]);
    expect(hang.stderr).toContain("ERROR: libFuzzer: timeout after");
    expect(hang.code).toBe(0);
  }, 60_000);
});

describe("final stats", () => {
  test("after a crash: all five stat:: lines, with the worker's real peak RSS", () => {
    const r = bunfuzz(["fuzz", planted("null_write"), "-seed=1", "-runs=50000", "-print_final_stats=1"]);
    expect(r.code).toBe(77);
    for (const name of ["number_of_executed_units", "average_exec_per_sec", "new_units_added", "slowest_unit_time_sec", "peak_rss_mb"]) {
      expect(Number.isInteger(stat(r.stderr, name))).toBe(true);
    }
    expect(stat(r.stderr, "number_of_executed_units")).toBeGreaterThan(2);
    expect(stat(r.stderr, "new_units_added")).toBeGreaterThan(0);
    expect(stat(r.stderr, "peak_rss_mb")).toBeGreaterThan(10); // a Bun process: tens of Mb, never 0
  });
});

describe("corpus flags", () => {
  test("-only_ascii: every input the run adds is ASCII (isprint or isspace); without it, some are not", () => {
    const ascii = (b: Uint8Array) => b.every((c) => (c >= 0x20 && c < 0x7f) || (c >= 9 && c <= 13));
    const files = (dir: string) => readdirSync(join(dir, "c")).map((f) => readFileSync(join(dir, "c", f)));
    const on = tempDir();
    expect(bunfuzz(["fuzz", planted("many_paths"), join(on, "c"), "-seed=1", "-runs=3000", "-only_ascii=1"], on).code).toBe(0);
    expect(files(on).length).toBeGreaterThan(20);
    expect(files(on).every(ascii)).toBe(true);
    const off = tempDir();
    expect(bunfuzz(["fuzz", planted("many_paths"), join(off, "c"), "-seed=1", "-runs=3000"], off).code).toBe(0);
    expect(files(off).every(ascii)).toBe(false);
  }, 30_000);

  test("-exit_on_item: the run stops (exit 0, no Done line) once that input joins the corpus", () => {
    const first = tempDir();
    expect(bunfuzz(["fuzz", planted("many_paths"), join(first, "c"), "-seed=5", "-runs=1000"], first).code).toBe(0);
    const names = readdirSync(join(first, "c"));
    const item = names[Math.floor(names.length / 2)]!;
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("many_paths"), join(dir, "c"), "-seed=5", "-runs=1000", `-exit_on_item=${item}`], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`INFO: found item with checksum '${item}', exiting.`);
    expect(r.stderr).not.toContain("Done ");
    expect(readdirSync(join(dir, "c"))).toContain(item);
  }, 30_000);

  test("-seed_inputs: listed files (or @FILE's list) seed the corpus", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "s1"), "NW");
    writeFileSync(join(dir, "list"), `${join(dir, "s1")}\n`);
    for (const flag of [`-seed_inputs=${join(dir, "s1")}`, `-seed_inputs=@${join(dir, "list")}`]) {
      const r = bunfuzz(["fuzz", planted("null_write"), "-runs=10", flag], dir);
      expect(r.stderr).toContain("INFO: seed corpus: files: 1 ");
      expect(r.code).toBe(77); // the seed itself crashes
    }
  });

  test("-cross_over=0: no CrossOver in any mutation sequence", () => {
    const r = bunfuzz(["fuzz", planted("many_paths"), "-seed=1", "-runs=5000", "-cross_over=0"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/MS: \d+ /);
    expect(r.stderr).not.toContain("CrossOver-");
    expect(bunfuzz(["fuzz", planted("many_paths"), "-seed=1", "-runs=5000"]).stderr).toContain("CrossOver-");
  }, 30_000);
});

describe("lines ClusterFuzz parses", () => {
  test("'Dictionary: N entries' starts its line; the max_len line says what libFuzzer's says", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "d.dict"), 'a="NW"\nb="xyz"\n');
    const r = bunfuzz(["fuzz", planted("many_paths"), "-seed=1", "-runs=10", `-dict=${join(dir, "d.dict")}`], dir);
    expect(r.stderr).toMatch(/^Dictionary: 2 entries$/m);
    expect(r.stderr).toMatch(/^INFO: -max_len is not provided; libFuzzer will not generate inputs larger than 4096 bytes$/m);
  });
});

describe("-shrink", () => {
  test("smaller inputs take features over, inputs left with none are evicted (files too), and no feature is lost", () => {
    const done = (stderr: string) => {
      const m = /#\d+\tDONE\s+cov: \d+ ft: (\d+) corp: (\d+)\//.exec(stderr)!;
      return { ft: Number(m[1]), corp: Number(m[2]) };
    };
    const on = tempDir();
    const r = bunfuzz(["fuzz", planted("many_paths"), join(on, "c"), "-seed=1", "-runs=20000", "-reduce_inputs=0", "-shrink=1", "-print_final_stats=1"], on);
    expect(r.code).toBe(0);
    const end = done(r.stderr), added = stat(r.stderr, "new_units_added");
    expect(end.corp).toBeLessThan(added + 1); // some inputs were evicted (the +1: the initial "\n")
    expect(readdirSync(join(on, "c"))).toHaveLength(end.corp - 1); // and their files removed
    // The replay includes the campaign's first input, "\n", which is in its corpus but never a file
    // (libFuzzer's way): only a 1-byte input reaches the loop's count-1 feature, and no 1-byte input
    // can take it over (-shrink needs a smaller one), so without it seeds differ by that feature.
    const copy = join(on, "replay");
    cpSync(join(on, "c"), copy, { recursive: true });
    writeFileSync(join(copy, "first-input"), "\n");
    const replay = bunfuzz(["fuzz", planted("many_paths"), copy, "-runs=0"], on);
    expect(Number(/INITED cov: \d+ ft: (\d+)/.exec(replay.stderr)![1])).toBe(end.ft);
    const off = bunfuzz(["fuzz", planted("many_paths"), "-seed=1", "-runs=20000", "-reduce_inputs=0", "-print_final_stats=1"], tempDir());
    expect(done(off.stderr).corp).toBe(stat(off.stderr, "new_units_added") + 1);
  }, 60_000);
});
