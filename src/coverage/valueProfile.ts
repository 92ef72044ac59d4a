/**
 * Value profile for JS compares (-use_value_profile=1): the bits libFuzzer's TracePC sets for a
 * native compare, computed for a JS compare hook's operands and set in the shim's value-profile map
 * (bf_vp_map), so JS and native compares share one feature space. The call site's global id stands
 * in for the PC. Integers: bits site*128 + popcount(a^b) and site*128 + 64 + (a == b ? 0 :
 * clz64(a-b) + 1), with 32-bit operands when both fit (as trace_cmp4); strings: bit slot | prefix <<
 * 12, plus the Hamming distance (0-16) of the first differing UTF-16 unit (as memcmp's hook, whose
 * slot is PC & 4095); two one-character strings compare as their character codes, as a C byte
 * compare does. Site ids are consecutive where PCs are bytes apart, so a string site's slot is
 * site * 32 (mod 4096): with PC-like slots two neighbouring sites' distances overlapped, and a
 * keyword compare right after a prefix check (planted string_magic.ts) found every distance
 * already seen.
 */
import { VP_BITS } from "./abi.ts";

const MASK = VP_BITS - 1;
const U64 = (1n << 64n) - 1n;

function add(map: Uint8Array, v: number): void {
  v &= MASK;
  map[v >>> 3]! |= 1 << (v & 7);
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

function clz64(x: bigint): number {
  const hi = Number(x >> 32n);
  return hi ? Math.clz32(hi) : 32 + Math.clz32(Number(x & 0xffffffffn));
}

/** Bits for a failed compare of two integers at `site`. */
export function profileInts(map: Uint8Array, site: number, a: number, b: number): void {
  const base = (site & 0x1ff) * 128;
  if (a >= -0x80000000 && a <= 0xffffffff && b >= -0x80000000 && b <= 0xffffffff) {
    add(map, base + popcount32(a ^ b));
    add(map, base + 64 + (a === b ? 0 : Math.clz32((a - b) | 0) + 33));
    return;
  }
  const x = BigInt.asUintN(64, BigInt(a)), y = BigInt.asUintN(64, BigInt(b)), z = x ^ y;
  add(map, base + popcount32(Number(z >> 32n)) + popcount32(Number(z & 0xffffffffn)));
  add(map, base + 64 + (x === y ? 0 : clz64((x - y) & U64) + 1));
}

/** Bits for a failed compare of two strings at `site`. */
export function profileStrings(map: Uint8Array, site: number, a: string, b: string): void {
  if (a.length <= 1 && b.length <= 1) return profileInts(map, site, a.length ? a.charCodeAt(0) : 0, b.length ? b.charCodeAt(0) : 0);
  const n = Math.min(a.length, b.length, 64);
  let i = 0, hd = 0;
  for (; i < n; i++) {
    const x = a.charCodeAt(i) ^ b.charCodeAt(i);
    if (x !== 0) { hd = popcount32(x); break; }
  }
  add(map, (((site & 127) << 5) | (i << 12)) + hd);
}

/**
 * Bits for a failed compare of any two JS values, for the operand kinds the compare log records:
 * two integers, two strings, or two other numbers (as their decimal strings).
 */
export function profileCompare(map: Uint8Array, site: number, a: unknown, b: unknown): void {
  if (typeof a === "string") {
    if (typeof b === "string") profileStrings(map, site, a, b);
  } else if (typeof a === "number" && typeof b === "number") {
    if (Number.isInteger(a) && Number.isInteger(b)) profileInts(map, site, a, b);
    else if (a === a && b === b) profileStrings(map, site, String(a), String(b));
  }
}
