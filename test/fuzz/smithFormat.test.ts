/**
 * bunfuzz fuzzing itself: the Smith corpus format's invariants (any bytes decode and describe;
 * decoded values re-encode to a fixed point) as a fuzz() test. Plain `bun test` replays the seeds
 * and testdata/fuzz/; `bunfuzz test test/fuzz/smithFormat.test.ts -max_total_time=60` fuzzes the
 * codec, with src/smith instrumented.
 */
import { fuzz } from "bunfuzz";
import { join } from "node:path";
import { header } from "../../src/smith/codec.ts";
import { canonicalize } from "../../src/smith/record.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { checkDecode } from "./smith-format.ts";

/** A valid structured file: what a two-value harness reads from a few raw bytes, canonicalized. */
const sample = canonicalize((s) => {
  s.int(0, 100, "a");
  s.string({ ascii: true, maxLength: 8 }, "b");
  while (s.more("m")) s.bool("c");
}, Uint8Array.of(42, 2, 104, 105, 1, 1, 1, 0));

fuzz("smith format invariants", (data) => checkDecode(data), {
  seeds: [new Uint8Array(), header(), sample, "plain raw bytes", Uint8Array.of(0xf5, 0x53, 0x4d, 0x54, 1, 0xff, 0xff)],
  instrument: [join(PROJECT_ROOT, "src/smith/")],
});
