/**
 * cJSON (Debian's patched 1.7.15) fuzzed from TypeScript through bun:ffi, with typed inputs:
 * Smith generates a JSON value, JSON.stringify serializes it, cJSON parses and prints it back, and
 * JSON.parse of cJSON's output must equal the value (a differential check; doubles within 1e-14
 * relative, since cJSON prints 15 significant digits whenever its approximate compare_double lets
 * it: 7.031846037289681e-275 comes back as 7.03184603728968e-275, which this harness finds at
 * once and tolerates, as a documented imprecision rather than a new bug). cJSON's C code is
 * instrumented and counted in the same coverage map as this harness's JS.
 *
 *   bunfuzz fuzz targets/c/cjson/fuzz_smith.ts -max_total_time=60
 */
import { join } from "node:path";
import { nativeLibrary, type Smith } from "bunfuzz";
import { targetSources } from "../../build/targetDir.ts";
import { jsonValue } from "../../common/jsonValue.ts";

export const smith = true;

const { src } = targetSources(import.meta.dir); // cJSON from the pinned Debian source package
const lib = nativeLibrary({ c: [...src.files, join(import.meta.dir, "ffi.c")], includeDirs: src.includeDirs }, {
  cjson_roundtrip: { args: ["ptr", "u64", "ptr", "u64"], returns: "i32" },
});
const encoder = new TextEncoder(), decoder = new TextDecoder();
const out = new Uint8Array(1 << 16);

export function fuzz(s: Smith): void {
  const json = JSON.stringify(jsonValue(s));
  // cJSON keeps strings NUL-terminated, so "\u0000" truncates a string: documented, not a bug.
  if (json.includes("\\u0000")) return;
  const text = encoder.encode(json);
  const n = lib.symbols.cjson_roundtrip(text, text.length, out, out.length);
  if (n === -3) return; // printed form larger than the buffer: not a finding
  if (n < 0) throw new Error(`cJSON rejected valid JSON (${n}): ${decoder.decode(text)}`);
  const back = JSON.parse(decoder.decode(out.subarray(0, n)));
  if (!same(back, JSON.parse(json))) {
    throw new Error(`cJSON changed the value:\n  in:  ${decoder.decode(text)}\n  out: ${decoder.decode(out.subarray(0, n))}`);
  }
}

/** Deep equality with doubles compared to 1e-14 relative. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-14 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
