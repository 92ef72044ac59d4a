import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../../src/findings/errors.ts";
import { applyOptionsFile } from "../../src/options/optionsFile.ts";
import { readFileSync } from "node:fs";
import { flagTable, withFlagTable } from "../../src/options/docs.ts";
import { helpText, parseArgs } from "../../src/options/parse.ts";
import { OPTIONS } from "../../src/options/table.ts";
import { testOptions } from "../../src/options/testOptions.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

describe("flags", () => {
  test("libFuzzer syntax, defaults, positionals in any order", () => {
    const p = parseArgs(["t.so", "-runs=10", "corpus", "--max_len=64", "-print_final_stats"]);
    expect(p.positional).toEqual(["t.so", "corpus"]);
    expect(p.options.runs).toBe(10);
    expect(p.options.max_len).toBe(64);
    expect(p.options.print_final_stats).toBe(1);
    expect(p.options.timeout).toBe(1200);
    expect([...p.explicit].sort()).toEqual(["max_len", "print_final_stats", "runs"]);
  });
  test("negative ints only where allowed", () => {
    expect(parseArgs(["-runs=-1"]).options.runs).toBe(-1);
    expect(() => parseArgs(["-max_len=-1"])).toThrow(/-max_len=-1 is not valid/);
  });
  test("errors are usage errors that name the flag", () => {
    for (const [arg, want] of [["-nope=1", /unknown flag -nope=1/], ["-runs", /needs a value/], ["-use_cmp=2", /0 or 1/]] as const) {
      try {
        parseArgs([arg]);
        throw new Error("accepted");
      } catch (e) {
        expect((e as EngineError).kind).toBe("usage");
        expect((e as Error).message).toMatch(want);
      }
    }
  });
  test("numbers outside a flag's range are refused, never wrapped, and the error names the range", () => {
    // -timeout is kept in milliseconds in a u32: 4294968 s would wrap to 0.7 s.
    expect(() => parseArgs(["-timeout=4294968"])).toThrow("-timeout=4294968 is not valid: it takes an integer in [0, 4294967]");
    expect(parseArgs(["-timeout=4294967"]).options.timeout).toBe(4294967);
    expect(() => parseArgs(["-max_len=4294967296"])).toThrow(/-max_len=4294967296 is not valid: it takes an integer in \[0, 1073741824\]/);
    expect(() => parseArgs(["-runs=-2"])).toThrow(/in \[-1, /);
    expect(() => parseArgs(["-close_fd_mask=4"])).toThrow(/in \[0, 3\]/);
    expect(() => parseArgs(["-mutate_depth=0"])).toThrow(/in \[1, /);
    expect(() => parseArgs(["-seed=99999999999999999999"])).toThrow(/-seed=99999999999999999999 is not valid/);
  });
  test("a string flag with choices takes only those", () => {
    expect(parseArgs(["-schedule=rare"]).options.schedule).toBe("rare");
    expect(() => parseArgs(["-schedule=fifo"])).toThrow(/it takes one of "", entropic, vanilla, rare/);
  });
  test("list flags split on commas", () => {
    expect(parseArgs(["-instrument=a, b/,,c"]).options.instrument).toEqual(["a", "b/", "c"]);
    expect(parseArgs([]).options.instrument).toEqual([]);
  });
  test("help lists every row of the table", () => {
    const h = helpText();
    for (const r of OPTIONS) expect(h).toContain(` ${r.name} `);
  });
});

describe(".options files", () => {
  test("reads [libfuzzer], ignores other sections, keeps explicit flags", () => {
    const f = join(tempDir(), "x.options");
    writeFileSync(f, "# c\n[libfuzzer]\nmax_len = 100\ntimeout=5\n[afl]\nwhatever = 1\n");
    const p = parseArgs(["-timeout=9"]);
    expect(applyOptionsFile(f, p.options, p.explicit)).toBe(true);
    expect(p.options.max_len).toBe(100);
    expect(p.options.timeout).toBe(9);
  });
  test("a missing file is not an error; a bad value names file and line", () => {
    const p = parseArgs([]);
    expect(applyOptionsFile("/nonexistent.options", p.options, p.explicit)).toBe(false);
    const f = join(tempDir(), "y.options");
    writeFileSync(f, "[libfuzzer]\nruns = many\n");
    expect(() => applyOptionsFile(f, p.options, p.explicit)).toThrow(/y.options:2: -runs=many is not valid/);
  });
});

describe("fuzz() options come from the same rows", () => {
  test("test defaults, then BUNFUZZ_<NAME>, then the test's own options", () => {
    const d = testOptions({}, {});
    expect([d.max_total_time, d.timeout, d.max_len, d.runs, d.seed]).toEqual([10, 10, 4096, -1, 0]);
    const env = { BUNFUZZ_MAX_TOTAL_TIME: "3", BUNFUZZ_RUNS: "500" };
    expect(testOptions({}, env).max_total_time).toBe(3);
    const o = testOptions({ maxTotalTime: 7, instrument: ["yaml"] }, env);
    expect([o.max_total_time, o.runs, o.instrument]).toEqual([7, 500, ["yaml"]]);
  });
  test("a fuzz() option out of range fails as the flag would", () => {
    expect(() => testOptions({ timeout: 5_000_000 }, {})).toThrow("fuzz() option timeout: -timeout=5000000 is not valid: it takes an integer in [0, 4294967]");
    expect(() => testOptions({}, { BUNFUZZ_SEED: "x" })).toThrow(/BUNFUZZ_SEED: -seed=x is not valid/);
  });
});

describe("docs", () => {
  test("README's flag table is the one the option table generates (regenerate: bun src/options/docs.ts --write README.md)", () => {
    const readme = readFileSync(`${PROJECT_ROOT}/README.md`, "utf8");
    expect(withFlagTable(readme)).toBe(readme);
    for (const r of OPTIONS) expect(flagTable()).toContain(`| \`-${r.name}\` |`);
  });
});

describe("-verbosity", () => {
  test("0 prints no status, seed or Done lines (as libFuzzer); 2 echoes the flags given", () => {
    const so = planted("many_paths");
    const quiet = bunfuzz(["fuzz", so, "-runs=500", "-seed=3", "-verbosity=0"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/#\d+\t|INFO: Seed|Done \d+ runs|INFO: Loaded/);
    const loud = bunfuzz(["fuzz", so, "-runs=500", "-seed=3", "-verbosity=2"]);
    expect(loud.stderr).toContain("Flag: runs 500\nFlag: seed 3\nFlag: verbosity 2\n");
    expect(loud.stderr).toMatch(/#500\tDONE/);
  }, 60_000);
});
