/** The instrumenter's differential self-fuzz (test/fuzz/instrument-diff.ts) with a small N at fixed seeds. */
import { expect, test } from "bun:test";
import { fuzzInstrumenter } from "../fuzz/instrument-diff.ts";

test("instrumented and plain programs behave the same: side-effecting operands, throwing operands, methods on non-strings (seeds 1, 2)", () => {
  for (const seed of [1, 2]) {
    const r = fuzzInstrumenter(300, seed);
    expect(r.programs).toBe(300);
    expect(r.sites).toBeGreaterThan(1500); // the programs exercise the hooks (about 6 sites each)
  }
});
