/** The JS side of value profile: the bits libFuzzer's TracePC would set, by call site. */
import { expect, test } from "bun:test";
import { VP_BITS } from "../../src/coverage/abi.ts";
import { profileCompare, profileInts, profileStrings } from "../../src/coverage/valueProfile.ts";

function bits(f: (map: Uint8Array) => void): number[] {
  const map = new Uint8Array(VP_BITS / 8);
  f(map);
  const out: number[] = [];
  for (let i = 0; i < VP_BITS; i++) if (map[i >>> 3]! & (1 << (i & 7))) out.push(i);
  return out;
}

test("integers: site*128 + popcount(a^b) and site*128 + 64 + clz64(a-b) + 1, as trace_cmp4", () => {
  // 0x10 vs 0x13: two bits differ; a-b = -3 as u32 = 0xfffffffd, clz64 = 32.
  expect(bits((m) => profileInts(m, 3, 0x10, 0x13))).toEqual([3 * 128 + 2, 3 * 128 + 64 + 33]);
  // Closer in value, fewer bits apart: different bits, which is what makes progress a feature.
  expect(bits((m) => profileInts(m, 3, 0x12, 0x13))).toEqual([3 * 128 + 1, 3 * 128 + 64 + 33]);
  expect(bits((m) => profileInts(m, 3, 0x14, 0x13))).toEqual([3 * 128 + 3, 3 * 128 + 64 + 64]);
});

test("integers beyond 32 bits use 64-bit operands", () => {
  // 2^40 vs 0: one bit differs; a-b = 2^40, clz64 = 23.
  expect(bits((m) => profileInts(m, 1, 2 ** 40, 0))).toEqual([128 + 1, 128 + 64 + 24]);
  // -2^33 vs 2^33: 0xfffffffe_00000000 ^ 0x00000002_00000000 = 0xfffffffc_00000000, 30 bits.
  expect(bits((m) => profileInts(m, 1, -(2 ** 33), 2 ** 33))[0]).toBe(128 + 30);
});

test("strings: the common prefix length and the first difference's bits, by site slot", () => {
  // "shuX" vs "shutdown": 3 characters in common, 'X' ^ 't' = 0x2c has 3 bits.
  expect(bits((m) => profileStrings(m, 2, "shuX", "shutdown"))).toEqual([((2 << 5) | (3 << 12)) + 3]);
  // One more character right is a different bit.
  expect(bits((m) => profileStrings(m, 2, "shutX", "shutdown"))[0]).toBe(((2 << 5) | (4 << 12)) + popcount("X".charCodeAt(0) ^ "d".charCodeAt(0)));
  // Neighbouring sites do not share slots.
  const a = bits((m) => { for (let i = 0; i <= 8; i++) profileStrings(m, 0, "cmd:".slice(0, i) + "~", "cmd:"); });
  const b = bits((m) => { for (let i = 0; i <= 8; i++) profileStrings(m, 1, "shutdown".slice(0, i) + "~", "shutdown"); });
  expect(a.filter((x) => b.includes(x))).toEqual([]);
});

test("one-character strings compare as character codes; other kinds set nothing", () => {
  expect(bits((m) => profileCompare(m, 5, "a", "c"))).toEqual(bits((m) => profileInts(m, 5, 0x61, 0x63)));
  expect(bits((m) => profileCompare(m, 5, "a", 3))).toEqual([]);
  expect(bits((m) => profileCompare(m, 5, {}, {}))).toEqual([]);
  expect(bits((m) => profileCompare(m, 5, 1.5, 2.5))).toEqual(bits((m) => profileStrings(m, 5, "1.5", "2.5")));
});

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}
