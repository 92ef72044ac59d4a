/**
 * Unsigned 64-bit raw values as (lo, hi) pairs of u32, and the LEB128 varints that store them.
 * Every integer-like Smith value travels as such a raw word; numbers stay exact on the hot path
 * (no BigInt) and BigInt is used only where a range is wider than 2^53.
 */

/**
 * Output of readVarint and the (lo, hi) producers below: one module-level pair, overwritten by each
 * call (single-threaded; read it before the next call). lo and hi are u32 (>>> 0 applied).
 */
export const OUT = { lo: 0, hi: 0 };

/** 2^32 as a number. */
export const TWO32 = 4294967296;

/** The largest varint in bytes: 10 LEB128 groups cover 64 bits. */
export const MAX_VARINT = 10;

/**
 * Reads a LEB128 varint from bytes[pos..end) into OUT. Returns the position after it, or -1 when it
 * is truncated or longer than 10 bytes (malformed). Bits above 64 are dropped.
 */
export function readVarint(bytes: Uint8Array, pos: number, end: number): number {
  let lo = 0, hi = 0, shift = 0;
  for (let i = 0; i < MAX_VARINT; i++) {
    if (pos >= end) return -1;
    const b = bytes[pos++]!;
    const v = b & 0x7f;
    if (shift < 28) lo |= v << shift;
    else if (shift === 28) { lo |= v << 28; hi |= v >>> 4; }
    else hi |= v << (shift - 32);
    if ((b & 0x80) === 0) {
      OUT.lo = lo >>> 0;
      OUT.hi = hi >>> 0;
      return pos;
    }
    shift += 7;
  }
  return -1;
}

/** Skips one varint; returns the position after it or -1 (see readVarint). */
export function skipVarint(bytes: Uint8Array, pos: number, end: number): number {
  for (let i = 0; i < MAX_VARINT; i++) {
    if (pos >= end) return -1;
    if ((bytes[pos++]! & 0x80) === 0) return pos;
  }
  return -1;
}

/** Bytes the varint of (lo, hi) takes (1..10). */
export function varintSize(lo: number, hi: number): number {
  if (hi === 0) return lo < 0x80 ? 1 : lo < 0x4000 ? 2 : lo < 0x200000 ? 3 : lo < 0x10000000 ? 4 : 5;
  const bits = 64 - Math.clz32(hi);
  return Math.ceil((32 + bits) / 7);
}

/**
 * Writes the varint of (lo, hi) at out[pos]; returns the position after it. The caller guarantees
 * room for varintSize(lo, hi) bytes.
 */
export function writeVarint(out: Uint8Array, pos: number, lo: number, hi: number): number {
  lo >>>= 0;
  hi >>>= 0;
  while (hi !== 0 || lo >= 0x80) {
    out[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  out[pos++] = lo;
  return pos;
}

/** (lo, hi) of a non-negative integer number below 2^64 (exact below 2^53). */
export function splitNumber(n: number): void {
  OUT.lo = n % TWO32 >>> 0;
  OUT.hi = Math.floor(n / TWO32) >>> 0;
}

/** (lo, hi) of a bigint, taken modulo 2^64. */
export function splitBig(n: bigint): void {
  const m = BigInt.asUintN(64, n);
  OUT.lo = Number(m & 0xffffffffn);
  OUT.hi = Number(m >> 32n);
}

/** The bigint of (lo, hi). */
export function joinBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** The number of (lo, hi); exact while hi < 2^21. */
export function joinNumber(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}

/** (lo, hi) mod m for an integer m in [1, 2^53]; exact (BigInt only when m > 2^21 and hi != 0). */
export function modRaw(lo: number, hi: number, m: number): number {
  if (hi === 0) return lo % m;
  if (m <= 0x200000) return ((hi % m) * TWO32 + lo) % m;
  return Number(joinBig(lo, hi) % BigInt(m));
}

/** Bytes needed to hold every value in [0, span] (0 for span 0), for span a number up to 2^64. */
export function widthOf(span: number): number {
  let w = 0;
  while (span >= 1 && w < 8) { span = Math.floor(span / 256); w++; }
  return w;
}

/** Byte-reverses a 64-bit word given as (lo, hi) into OUT (floats store reversed bits: see README). */
export function byteSwap(lo: number, hi: number): void {
  const rev = (x: number) => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
  const nlo = rev(hi), nhi = rev(lo);
  OUT.lo = nlo;
  OUT.hi = nhi;
}

const F64 = new Float64Array(1);
const F64_WORDS = new Uint32Array(F64.buffer);

/** The IEEE-754 bits of a double, into OUT (little-endian hosts: word 0 is the low half). */
export function floatBits(v: number): void {
  F64[0] = v;
  OUT.lo = F64_WORDS[0]!;
  OUT.hi = F64_WORDS[1]!;
}

/** The double with the given IEEE-754 bits. */
export function bitsFloat(lo: number, hi: number): number {
  F64_WORDS[0] = lo;
  F64_WORDS[1] = hi;
  return F64[0]!;
}

/** Reads a little-endian unsigned word of `width` (0..8) bytes; bytes past `end` count as zero. Into OUT. */
export function readLE(bytes: Uint8Array, pos: number, end: number, width: number): void {
  let lo = 0, hi = 0;
  for (let i = 0; i < width; i++) {
    const b = pos + i < end ? bytes[pos + i]! : 0;
    if (i < 4) lo |= b << (8 * i);
    else hi |= b << (8 * (i - 4));
  }
  OUT.lo = lo >>> 0;
  OUT.hi = hi >>> 0;
}
