/** Runs the Smith format self-fuzz (test/fuzz/smith-format.ts) with a small N at fixed seeds. */
import { expect, test } from "bun:test";
import { fuzzSmithFormat } from "../fuzz/smith-format.ts";

test("smith-format self-fuzz: decode/encode/describe/reader/mutator invariants hold (seeds 1, 2)", () => {
  expect(fuzzSmithFormat(300, 1).checked).toBe(300);
  expect(fuzzSmithFormat(300, 2).checked).toBe(300);
});
