/**
 * A JSON value tree read from Smith: what the TypeScript harnesses of native JSON libraries
 * (targets/c/cjson, targets/zig/json) generate, serialize with JSON.stringify, and hand to the
 * native parser. Each kind of value has its own call-site label, so mutating one value never shifts
 * the others.
 */
import type { Smith } from "bunfuzz";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const KINDS = [[2, "null"], [2, "bool"], [4, "int"], [3, "float"], [4, "string"], [3, "array"], [3, "object"]] as const;

export function jsonValue(s: Smith, depth = 0): Json {
  const kind = depth >= 6 ? "int" : s.weighted(KINDS, "kind");
  switch (kind) {
    case "null": return null;
    case "bool": return s.bool("bool");
    case "int": return s.int(-2_000_000_000, 2_000_000_000, "int");
    case "float": {
      const f = s.float({ min: -1e12, max: 1e12 }, "float");
      return Number.isFinite(f) ? f : 0;
    }
    case "string": return s.string({ maxLength: 24 }, "string");
    case "array": return s.array(0, 6, (t) => jsonValue(t, depth + 1), "array");
    case "object": {
      const o: { [k: string]: Json } = {};
      for (const k of s.array(0, 6, (t) => t.string({ ascii: true, maxLength: 8 }, "key"), "keys")) o[k] = jsonValue(s, depth + 1);
      return o;
    }
  }
}
