/**
 * How a raw word or a content byte string becomes a value of a domain, and back. One mapping serves
 * records, the raw stream and exhausted input (raw 0, empty content), so the rules are the same
 * wherever a value comes from (README: "From raw to value").
 */
import type { Domain, Value } from "./kinds.ts";
import { byteSwap, bitsFloat, floatBits, joinBig, joinNumber, modRaw, OUT, splitBig, splitNumber, TWO32 } from "./u64.ts";

/** min + (raw mod (max - min + 1)) for safe integers min <= max. */
export function intFromRaw(min: number, max: number, lo: number, hi: number): number {
  const span = max - min;
  if (span < Number.MAX_SAFE_INTEGER) return min + modRaw(lo, hi, span + 1);
  const m = BigInt(max) - BigInt(min) + 1n;
  return Number(BigInt(min) + (joinBig(lo, hi) % m));
}

/** Raw word (into OUT) of an int value: its offset from min. */
export function intToRaw(min: number, v: number): void {
  const off = v - min;
  if (off <= Number.MAX_SAFE_INTEGER) splitNumber(off);
  else splitBig(BigInt(v) - BigInt(min));
}

/** min + (raw mod (max - min + 1)) for bigints. */
export function bigintFromRaw(min: bigint, max: bigint, lo: number, hi: number): bigint {
  return min + (joinBig(lo, hi) % (max - min + 1n));
}

/**
 * The double of a raw word: its bytes reversed are the IEEE bits (so short mantissas make short
 * varints). In a ranged domain a double outside [min, max] (or NaN) is replaced by the point at
 * fraction raw / 2^64 between min and max.
 */
export function floatFromRaw(ranged: boolean, min: number, max: number, lo: number, hi: number): number {
  byteSwap(lo, hi);
  const v = bitsFloat(OUT.lo, OUT.hi);
  if (!ranged || (v >= min && v <= max)) return v;
  const f = joinNumber(lo, hi) / (TWO32 * TWO32);
  let r = max - min === Infinity ? min * (1 - f) + max * f : min + (max - min) * f;
  if (!(r >= min)) r = min;
  if (r > max) r = max;
  return r;
}

/** Raw word (into OUT) of a double: its IEEE bits, byte-reversed. */
export function floatToRaw(v: number): void {
  floatBits(v);
  byteSwap(OUT.lo, OUT.hi);
}

/** The option a weighted raw word selects: x = raw mod total, the option whose weight span holds x. */
export function weightedFromRaw(weights: ArrayLike<number>, total: number, lo: number, hi: number): number {
  let x = modRaw(lo, hi, total);
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i]!;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** Raw (a number) of option i: the first point of its weight span. */
export function weightedToRaw(weights: ArrayLike<number>, i: number): number {
  let x = 0;
  for (let j = 0; j < i; j++) x += weights[j]!;
  return x;
}

/**
 * A Uint8Array of length clamp(want, minLen, maxLen): src[start..start+len) then zeros. `want`
 * exceeds `len` when a raw stream ran out inside the content (the missing bytes read as zeros).
 */
export function bytesFromContent(
  src: Uint8Array, start: number, len: number, minLen: number, maxLen: number, want: number = len,
): Uint8Array {
  const n = want < minLen ? minLen : want > maxLen ? maxLen : want;
  const out = new Uint8Array(n);
  out.set(src.subarray(start, start + Math.min(len, n)));
  return out;
}

const UTF8 = new TextDecoder("utf-8");
const LATIN1 = new TextDecoder("latin1");
const ENCODER = new TextEncoder();
let masked = new Uint8Array(256);

/**
 * A string from content bytes. ASCII: each byte's low 7 bits, length clamped to [minLen, maxLen]
 * characters. UTF-8: decoded with U+FFFD for malformed sequences, clamped to [minLen, maxLen] code
 * points. Padding is U+0000; `want` > `len` appends want - len zero bytes first (see bytesFromContent).
 */
export function stringFromContent(
  src: Uint8Array, start: number, len: number, ascii: boolean, minLen: number, maxLen: number, want: number = len,
): string {
  if (ascii) {
    const n = Math.min(len, maxLen);
    if (masked.length < n) masked = new Uint8Array(Math.max(n, masked.length * 2));
    for (let i = 0; i < n; i++) masked[i] = src[start + i]! & 0x7f;
    const s = n === 0 ? "" : LATIN1.decode(masked.subarray(0, n));
    const total = Math.min(Math.max(want, minLen), maxLen);
    return n < total ? s + "\0".repeat(total - n) : s;
  }
  let s = len === 0 ? "" : UTF8.decode(src.subarray(start, start + len));
  if (want > len) s += "\0".repeat(want - len);
  let i = 0, count = 0;
  while (i < s.length && count < maxLen) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c < 0xdc00 && i + 1 < s.length ? 2 : 1;
    count++;
  }
  if (i < s.length) s = s.slice(0, i);
  return count < minLen ? s + "\0".repeat(minLen - count) : s;
}

/** Number of code points of a string (a lone surrogate counts as one). */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) i++;
  }
  return n;
}

/** The value a raw word gives in an int-like domain (every kind but bytes and string). */
export function valueFromRaw(d: Domain, lo: number, hi: number): Value {
  switch (d.kind) {
    case "bool": return (lo & 1) === 1;
    case "more": return (lo | hi) !== 0;
    case "int": case "length": return intFromRaw(d.min, d.max, lo, hi);
    case "bigint": return bigintFromRaw(d.min, d.max, lo, hi);
    case "float": return floatFromRaw(d.ranged, d.min, d.max, lo, hi);
    case "pick": return modRaw(lo, hi, d.n);
    case "weighted": return weightedFromRaw(d.weights, sum(d.weights), lo, hi);
    case "bytes": case "string": throw new TypeError(`${d.kind} values are content, not raw words`);
  }
}

/** The value content bytes give in a bytes or string domain. */
export function valueFromContent(d: Domain, src: Uint8Array, start: number, len: number): Value {
  if (d.kind === "bytes") return bytesFromContent(src, start, len, d.minLength, d.maxLength);
  if (d.kind === "string") return stringFromContent(src, start, len, d.ascii, d.minLength, d.maxLength);
  throw new TypeError(`${d.kind} values are raw words, not content`);
}

/**
 * The raw word (into OUT) that gives back `v` in domain d. Throws RangeError when v is not a value
 * of d (wrong type, out of range, a zero-weight option).
 */
export function rawOfValue(d: Domain, v: Value): void {
  const bad = () => new RangeError(`${String(v)} is not a value of ${JSON.stringify(d, (_k, x) => typeof x === "bigint" ? `${x}n` : x)}`);
  switch (d.kind) {
    case "bool": case "more":
      if (typeof v !== "boolean") throw bad();
      return splitNumber(v ? 1 : 0);
    case "int": case "length":
      if (typeof v !== "number" || !Number.isInteger(v) || v < d.min || v > d.max) throw bad();
      return intToRaw(d.min, v);
    case "bigint":
      if (typeof v !== "bigint" || v < d.min || v > d.max) throw bad();
      return splitBig(v - d.min);
    case "float":
      if (typeof v !== "number" || (d.ranged && !(v >= d.min && v <= d.max))) throw bad();
      return floatToRaw(v);
    case "pick":
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= d.n) throw bad();
      return splitNumber(v);
    case "weighted":
      if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v >= d.weights.length || d.weights[v] === 0) throw bad();
      return splitNumber(weightedToRaw(d.weights, v));
    case "bytes": case "string": throw bad();
  }
}

/** The content bytes that give back `v` in a bytes or string domain; throws RangeError otherwise. */
export function contentOfValue(d: Domain, v: Value): Uint8Array {
  const bad = () => new RangeError(`${String(v)} is not a value of ${d.kind} domain ${JSON.stringify(d)}`);
  if (d.kind === "bytes") {
    if (!(v instanceof Uint8Array) || v.length < d.minLength || v.length > d.maxLength) throw bad();
    return v;
  }
  if (d.kind !== "string" || typeof v !== "string") throw bad();
  const bytes = ENCODER.encode(v);
  const n = d.ascii ? v.length : codePoints(v);
  if (n < d.minLength || n > d.maxLength) throw bad();
  if (d.ascii ? bytes.length !== v.length || bytes.some((b) => b > 0x7f) : stringFromContent(bytes, 0, bytes.length, false, 0, n) !== v) throw bad();
  return bytes;
}

/** Sum of weights. */
export function sum(weights: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < weights.length; i++) t += weights[i]!;
  return t;
}
