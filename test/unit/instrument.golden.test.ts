import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSync } from "oxc-parser";
import { instrumentSource } from "../../src/instrument/transform.ts";
import type { InstrumentOptions, ProbeKind } from "../../src/instrument/types.ts";
import { lineStarts } from "../../src/instrument/scan.ts";

// Golden before/after tests: test/golden/instrument/<case>.<ext> is the input and
// <case>.expected.<ext> the exact output. `UPDATE_GOLDEN=1 bun test test/unit/instrument.golden`
// rewrites the expected files (review the diff before committing). A `.count.` or
// `.count-nonzero.` in the name selects that counterMode, `.nocmp.` turns compare hooks off.

const DIR = join(import.meta.dir, "../golden/instrument");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const cases = readdirSync(DIR).filter((f) => !f.includes(".expected.")).sort();

function optionsFor(name: string): InstrumentOptions {
  return {
    fileKey: name,
    counterMode: name.includes(".count.") ? "count" : name.includes(".count-nonzero.") ? "count-nonzero" : "set",
    compareHooks: !name.includes(".nocmp."),
  };
}

function expectedPath(name: string): string {
  const dot = name.lastIndexOf(".");
  return join(DIR, `${name.slice(0, dot)}.expected${name.slice(dot)}`);
}

describe("instrumentation golden files", () => {
  const kinds = new Set<ProbeKind>();

  test.each(cases)("%s", (name) => {
    const input = readFileSync(join(DIR, name), "utf8");
    const r = instrumentSource(input, name, optionsFor(name));
    for (const s of r.sites) kinds.add(s.kind);
    const exp = expectedPath(name);
    if (UPDATE || !existsSync(exp)) writeFileSync(exp, r.code);
    expect(r.code).toBe(readFileSync(exp, "utf8"));
    // Lines never move, and the output is still valid for the same parser settings.
    expect(lineStarts(r.code).length).toBe(lineStarts(input).length);
    const reparsed = parseSync(name, r.code, { sourceType: r.moduleKind === "esm" ? "module" : "commonjs" });
    expect(reparsed.errors.map((e) => e.message)).toEqual([]);
    // Ids are dense and in order.
    expect(r.sites.map((s) => s.id)).toEqual(r.sites.map((_, i) => i));
    expect(r.cmpSites.map((s) => s.id)).toEqual(r.cmpSites.map((_, i) => i));
  });

  test("every probe kind has a golden case", () => {
    const all: ProbeKind[] = ["function", "if", "else", "implicit-else", "cond-then", "cond-else", "logical", "or-true", "case", "implicit-default", "loop", "catch"];
    expect([...kinds].sort()).toEqual(all.sort());
  });
});
