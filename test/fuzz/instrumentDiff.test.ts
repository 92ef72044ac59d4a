/**
 * bunfuzz fuzzing its own instrumenter: programs generated from a Smith's values (see
 * instrument-diff.ts) run plain and instrumented must behave the same. Plain `bun test` replays the
 * seeds and testdata/fuzz/; `bunfuzz test test/fuzz/instrumentDiff.test.ts -max_total_time=60`
 * fuzzes the generator's choices (the generator is instrumented: new program shapes are new
 * coverage). test/e2e/selfFuzz.test.ts runs it for a fixed budget.
 */
import { fuzz, type Smith } from "bunfuzz";
import { checkProgram, generateProgram } from "./instrument-diff.ts";

fuzz("instrumenter differential", (s: Smith) => {
  checkProgram(generateProgram({ below: (n, site) => s.int(0, n - 1, site) }));
}, {
  smith: true,
  // test/e2e/selfFuzz.test.ts keeps its campaign's corpus out of the checkout.
  corpus: process.env.BUNFUZZ_INSTRUMENT_DIFF_CORPUS,
  seeds: ["", "getters and proxies", Uint8Array.of(5, 1, 4, 4, 1, 16, 2, 3, 0, 9, 3, 6), Uint8Array.of(0, 5, 6, 6, 6, 6, 1, 1, 2, 1, 3, 0, 7)],
});
