/**
 * src/coverage/abi.ts mirrors native/shim.h by hand; this test reads the header's offset comments
 * and constants so the two cannot drift apart silently.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as abi from "../../src/coverage/abi.ts";
import { NATIVE_DIR } from "../../src/util/paths.ts";

const header = readFileSync(join(NATIVE_DIR, "shim.h"), "utf8");

function define(name: string): string {
  const m = new RegExp(`#define ${name} (\\S+)`).exec(header);
  if (!m) throw new Error(`${name} missing from shim.h`);
  return m[1]!;
}

test("constants match shim.h", () => {
  expect(parseInt(define("BF_ABI_VERSION"))).toBe(abi.BF_ABI_VERSION);
  expect(BigInt(define("BF_MAGIC").replace(/ull$/, ""))).toBe(abi.BF_MAGIC);
  expect(parseInt(define("BF_HEADER_SIZE"))).toBe(abi.BF_HEADER_SIZE);
  expect(parseInt(define("BF_CMP_INT_SLOTS"))).toBe(abi.CMP_INT_SLOTS);
  expect(parseInt(define("BF_CMP_MEM_SLOTS"))).toBe(abi.CMP_MEM_SLOTS);
  expect(parseInt(define("BF_CMP_MEM_BYTES"))).toBe(abi.CMP_MEM_BYTES);
  expect(parseInt(define("BF_DEPTH_EDGES"))).toBe(abi.DEPTH_EDGES);
});

test("struct bf_header offsets match the /* offset */ comments in shim.h", () => {
  const body = header.slice(header.indexOf("struct bf_header {"), header.indexOf("};", header.indexOf("struct bf_header {")));
  const fields = [...body.matchAll(/\s(\w+)(?:\[[^\]]+\])?;\s+\/\* (\d+)/g)].map((m) => [m[1]!, Number(m[2])] as const);
  const camel = (s: string) => s.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  const hdr = abi.HDR as Record<string, number>;
  const named = fields.filter(([n]) => camel(n) in hdr || n === "abi_version");
  expect(named.length).toBeGreaterThanOrEqual(Object.keys(hdr).length);
  for (const [name, off] of named) expect(hdr[camel(name)]).toBe(off);
});

test("enum bf_crash_kind matches", () => {
  for (const [k, v] of Object.entries(abi.CRASH)) {
    const m = new RegExp(`BF_CRASH_${k.toUpperCase()} = (\\d+)`).exec(header);
    expect(m && Number(m[1])).toBe(v);
  }
});
