/**
 * Zig's std.json (lib.zig, Zig code instrumented with sanitizer coverage) fuzzed from TypeScript
 * through bun:ffi, with typed inputs: Smith generates a JSON value, JSON.stringify serializes it,
 * and zig_json_check must accept it (it validates, parses, stringifies and re-parses; a Zig panic
 * is a finding too). A rejection of valid JSON is a differential finding.
 *
 *   bunfuzz fuzz targets/zig/json/fuzz_smith.ts -max_total_time=60
 */
import { join } from "node:path";
import { nativeLibrary, type Smith } from "bunfuzz";
import { jsonValue } from "../../common/jsonValue.ts";

export const smith = true;

const lib = nativeLibrary({ zig: join(import.meta.dir, "lib.zig") }, {
  zig_json_check: { args: ["ptr", "u64"], returns: "i32" },
});
const encoder = new TextEncoder();

export function fuzz(s: Smith): void {
  const text = encoder.encode(JSON.stringify(jsonValue(s)));
  if (lib.symbols.zig_json_check(text, text.length) !== 1) {
    throw new Error(`std.json rejected valid JSON: ${new TextDecoder().decode(text)}`);
  }
}
