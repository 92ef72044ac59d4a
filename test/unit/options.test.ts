import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../../src/findings/errors.ts";
import { applyOptionsFile } from "../../src/options/optionsFile.ts";
import { readFileSync } from "node:fs";
import { flagTable, GENERATED, libFuzzerTable, withGenerated } from "../../src/options/docs.ts";
import { helpText, parseArgs } from "../../src/options/parse.ts";
import { isActive, OPTIONS, type OptionRow } from "../../src/options/table.ts";
import { testOptions } from "../../src/options/testOptions.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

describe("flags", () => {
  test("libFuzzer syntax, defaults, positionals in any order", () => {
    const p = parseArgs(["t.so", "-runs=10", "corpus", "-max_len=64", "-print_final_stats"]);
    expect(p.positional).toEqual(["t.so", "corpus"]);
    expect(p.options.runs).toBe(10);
    expect(p.options.max_len).toBe(64);
    expect(p.options.print_final_stats).toBe(1);
    expect(p.options.timeout).toBe(1200);
    expect([...p.explicit].sort()).toEqual(["max_len", "print_final_stats", "runs"]);
    expect(p.warnings).toEqual([]);
  });
  test("negative ints only where allowed; seeds wrap to 32 bits as libFuzzer's unsigned flags", () => {
    expect(parseArgs(["-runs=-1"]).options.runs).toBe(-1);
    expect(parseArgs(["-runs=-7"]).options.runs).toBe(-7);
    expect(() => parseArgs(["-max_len=-1"])).toThrow(/-max_len=-1 is not valid/);
    expect(parseArgs(["-seed=-1"]).options.seed).toBe(4294967295);
    expect(parseArgs(["-seed=-4294967295"]).options.seed).toBe(1);
    expect(parseArgs(["-seed=4294967295"]).options.seed).toBe(4294967295);
  });
  test("unknown flags warn in libFuzzer's words and parsing goes on", () => {
    const p = parseArgs(["-nope=1", "t.so", "-runs=3", "-also_nope"]);
    expect(p.warnings).toEqual([
      "WARNING: unrecognized flag '-nope=1'; use -help=1 to list all flags",
      "WARNING: unrecognized flag '-also_nope'; use -help=1 to list all flags",
    ]);
    expect(p.options.runs).toBe(3);
    expect(p.positional).toEqual(["t.so"]);
  });
  test("arguments starting with -- are ignored, as libFuzzer ignores them, with a hint when one names a flag", () => {
    const p = parseArgs(["--", "t.so", "--runs=5", "--whatever", "-seed=2"]);
    expect(p.options.runs).toBe(-1);
    expect(p.options.seed).toBe(2);
    expect(p.positional).toEqual(["t.so"]);
    expect(p.warnings).toEqual([
      "INFO: flags that start with '--' are ignored (as libFuzzer ignores them)",
      "WARNING: did you mean '-runs=5' (single dash)?",
    ]);
  });
  test("-ignore_remaining_args=1 ends parsing: later flags and paths are not read", () => {
    const p = parseArgs(["t.so", "-runs=2", "-ignore_remaining_args=1", "-runs=9", "corpus", "-bogus=1"]);
    expect(p.options.runs).toBe(2);
    expect(p.positional).toEqual(["t.so"]);
    expect(p.stopped).toBe(true);
    expect(p.warnings).toEqual([]);
  });
  test("libFuzzer flags bunfuzz does not act on are accepted; a non-default value says why", () => {
    const p = parseArgs(["-trace_malloc=1", "-handle_segv=0", "-fork=0", "-print_funcs=abc"]);
    expect(p.warnings).toHaveLength(3);
    expect(p.warnings[0]).toMatch(/^WARNING: -trace_malloc=1 is accepted and ignored: mallocs and frees are not traced/);
    expect(p.warnings[1]).toMatch(/^INFO: -handle_segv=0 does not apply to bunfuzz and is ignored: /);
    expect(p.warnings[2]).toMatch(/^WARNING: -print_funcs=0 is accepted and ignored/); // libFuzzer reads "abc" as 0
  });
  test("errors are usage errors that name the flag", () => {
    for (const [arg, want] of [["-runs", /needs a value/], ["-use_cmp=2", /0 or 1/], ["-runs=ten", /-runs=ten is not valid/]] as const) {
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
    expect(() => parseArgs(["-runs=-2147483649"])).toThrow(/in \[-2147483648, /);
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
    for (const r of OPTIONS as readonly OptionRow[]) if (!r.libfuzzer?.hidden) expect(h).toContain(` ${r.name} `);
  });
});

describe(".options files", () => {
  test("reads [libfuzzer], ignores other sections, keeps explicit flags", () => {
    const f = join(tempDir(), "x.options");
    writeFileSync(f, "# c\n[libfuzzer]\nmax_len = 100\ntimeout=5\n[afl]\nwhatever = 1\n");
    const p = parseArgs(["-timeout=9"]);
    expect(applyOptionsFile(f, p)).toBe(true);
    expect(p.options.max_len).toBe(100);
    expect(p.options.timeout).toBe(9);
    expect(p.warnings).toEqual([]);
  });
  test("a missing file is not an error; a bad value names file and line", () => {
    const p = parseArgs([]);
    expect(applyOptionsFile("/nonexistent.options", p)).toBe(false);
    const f = join(tempDir(), "y.options");
    writeFileSync(f, "[libfuzzer]\nruns = many\n");
    expect(() => applyOptionsFile(f, p)).toThrow(/y.options:2: -runs=many is not valid/);
  });
  test("unknown keys warn with file and line; ignore_remaining_args ends the section; accepted keys say why", () => {
    const f = join(tempDir(), "z.options");
    writeFileSync(f, "[libfuzzer]\nbogus = 1\ndetect_leaks=0\ntrace_malloc = 1\nmax_len = 10\nignore_remaining_args = 1\nmax_len = 20\n");
    const p = parseArgs([]);
    applyOptionsFile(f, p);
    expect(p.options.max_len).toBe(10);
    expect(p.warnings[0]).toBe(`WARNING: unrecognized flag '-bogus=1' (${f}:2); use -help=1 to list all flags`);
    expect(p.warnings.some((w) => w.startsWith("WARNING: -trace_malloc=1 is accepted and ignored") && w.endsWith(`(${f}:4)`))).toBe(true);
  });
});

describe("fuzz() options come from the same rows", () => {
  test("test defaults, then BUNFUZZ_<NAME>, then the test's own options", () => {
    const d = testOptions({}, {});
    expect([d.max_total_time, d.timeout, d.max_len, d.runs, d.seed]).toEqual([10, 5, 4096, -1, 0]);
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
  test("README's flag table and docs/libfuzzer-flags.md are what the option table generates (regenerate: bun src/options/docs.ts --write)", () => {
    for (const g of GENERATED) {
      const text = readFileSync(`${PROJECT_ROOT}/${g.file}`, "utf8");
      expect(withGenerated(text, g.make())).toBe(text);
    }
    for (const r of OPTIONS) if (isActive(r)) expect(flagTable()).toContain(`| \`-${r.name}\` |`);
    for (const r of OPTIONS) if ("libfuzzer" in r) expect(libFuzzerTable()).toContain(`| \`-${r.name}\``);
  });
  test("the table has a row for every flag clang-14's libFuzzer lists in -help=1, and no libFuzzer row it lacks", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "t.c"), "#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return 0; }\n");
    const b = Bun.spawnSync(["clang-14", "-fsanitize=fuzzer", join(dir, "t.c"), "-o", join(dir, "t")]);
    expect(b.exitCode).toBe(0);
    const help = Bun.spawnSync([join(dir, "t"), "-help=1"], { stderr: "pipe" }).stderr.toString();
    const theirs = [...help.matchAll(/^ (\w+) *\t/gm)].map((m) => m[1]!).sort();
    expect(theirs.length).toBe(81);
    const ours = (OPTIONS as readonly OptionRow[]).filter((r) => r.libfuzzer && !r.libfuzzer.hidden).map((r) => r.name).sort();
    expect(ours).toEqual(theirs);
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
