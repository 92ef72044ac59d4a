import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../../src/findings/errors.ts";
import { applyOptionsFile } from "../../src/options/optionsFile.ts";
import { helpText, parseArgs } from "../../src/options/parse.ts";
import { OPTIONS } from "../../src/options/table.ts";
import { tempDir } from "../helpers/cli.ts";

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
