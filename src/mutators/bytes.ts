/**
 * libFuzzer's byte-level mutators (FuzzerMutate.cpp), one function each, same semantics and the
 * same printable names. Each edits s.data in place and returns the new size or SKIP.
 */
import { copyBytes } from "../util/copyBytes.ts";
import type { Rng } from "../rng/rng.ts";
import { SKIP, type MutationState } from "./types.ts";

/** Characters libFuzzer favours half of the time when it invents a byte. */
const SPECIAL_BYTES = Uint8Array.from([..."!*'();:@&=+$,/?%#[]012Az-`~."].map((c) => c.charCodeAt(0)).concat([0xff, 0x00]));

export function randByte(rng: Rng): number {
  return rng.bool() ? rng.below(256) : SPECIAL_BYTES[rng.below(SPECIAL_BYTES.length)]!;
}

export function eraseBytes(s: MutationState): number {
  const size = s.size;
  if (size <= 1) return SKIP;
  const n = s.rng.below(size >>> 1) + 1;
  const idx = s.rng.below(size - n + 1);
  s.data.copyWithin(idx, idx + n, size);
  return size - n;
}

export function insertByte(s: MutationState): number {
  const size = s.size;
  if (size >= s.maxSize) return SKIP;
  const idx = s.rng.below(size + 1);
  s.data.copyWithin(idx + 1, idx, size);
  s.data[idx] = randByte(s.rng);
  return size + 1;
}

export function insertRepeatedBytes(s: MutationState): number {
  const MIN = 3;
  const size = s.size;
  if (size + MIN >= s.maxSize) return SKIP;
  const maxInsert = Math.min(s.maxSize - size, 128);
  const n = s.rng.below(maxInsert - MIN + 1) + MIN;
  const idx = s.rng.below(size + 1);
  s.data.copyWithin(idx + n, idx, size);
  const b = s.rng.bool() ? s.rng.below(256) : s.rng.bool() ? 0 : 255;
  s.data.fill(b, idx, idx + n);
  return size + n;
}

export function changeByte(s: MutationState): number {
  if (s.size === 0 || s.size > s.maxSize) return SKIP;
  s.data[s.rng.below(s.size)] = randByte(s.rng);
  return s.size;
}

export function changeBit(s: MutationState): number {
  if (s.size === 0 || s.size > s.maxSize) return SKIP;
  const idx = s.rng.below(s.size);
  s.data[idx] = s.data[idx]! ^ (1 << s.rng.below(8));
  return s.size;
}

export function shuffleBytes(s: MutationState): number {
  const size = s.size;
  if (size === 0 || size > s.maxSize) return SKIP;
  const amount = s.rng.below(Math.min(size, 8)) + 1;
  const start = s.rng.below(size - amount + 1);
  const d = s.data;
  for (let i = amount - 1; i > 0; i--) {
    const j = s.rng.below(i + 1);
    const t = d[start + i]!;
    d[start + i] = d[start + j]!;
    d[start + j] = t;
  }
  return size;
}

/** Overwrites a random range of `to` with a random range of `from` (sizes unchanged). */
export function copyPartOf(rng: Rng, from: Uint8Array, fromSize: number, to: Uint8Array, toSize: number): number {
  if (toSize === 0 || fromSize === 0) return SKIP;
  const toBeg = rng.below(toSize);
  let copySize = rng.below(toSize - toBeg) + 1;
  copySize = Math.min(copySize, fromSize);
  const fromBeg = rng.below(fromSize - copySize + 1);
  copyBytes(to, toBeg, from, fromBeg, copySize);
  return toSize;
}

/** Inserts a random range of `from` into `to` at a random position; `scratch` holds the range. */
export function insertPartOf(
  rng: Rng, from: Uint8Array, fromSize: number, to: Uint8Array, toSize: number, maxToSize: number, scratch: Uint8Array,
): number {
  if (toSize >= maxToSize || fromSize === 0) return SKIP;
  const maxCopy = Math.min(maxToSize - toSize, fromSize);
  const copySize = rng.below(maxCopy) + 1;
  const fromBeg = rng.below(fromSize - copySize + 1);
  const pos = rng.below(toSize + 1);
  copyBytes(scratch, 0, from, fromBeg, copySize); // `from` may be `to`: copy first
  to.copyWithin(pos + copySize, pos, toSize);
  copyBytes(to, pos, scratch, 0, copySize);
  return toSize + copySize;
}

export function copyPart(s: MutationState): number {
  if (s.size === 0 || s.size > s.maxSize) return SKIP;
  return s.size < s.maxSize && s.rng.bool()
    ? insertPartOf(s.rng, s.data, s.size, s.data, s.size, s.maxSize, s.scratch)
    : copyPartOf(s.rng, s.data, s.size, s.data, s.size);
}

/** Finds a run of ASCII digits and increments, decrements, halves, doubles or randomises it. */
export function changeASCIIInteger(s: MutationState): number {
  const size = s.size, d = s.data;
  if (size === 0 || size > s.maxSize) return SKIP;
  let b = s.rng.below(size);
  while (b < size && (d[b]! < 48 || d[b]! > 57)) b++;
  if (b === size) return SKIP;
  let e = b;
  while (e < size && d[e]! >= 48 && d[e]! <= 57) e++;
  const digits = Math.min(e - b, 15); // 15 digits stay exact in a double
  let val = 0;
  for (let i = b; i < b + digits; i++) val = val * 10 + (d[i]! - 48);
  switch (s.rng.below(5)) {
    case 0: val++; break;
    case 1: val--; break;
    case 2: val = Math.floor(val / 2); break;
    case 3: val *= 2; break;
    default: val = s.rng.below(Math.min(val * val, 4294967295) + 1); break;
  }
  // Write back right-aligned in the same width, zero-padded, truncating high digits.
  val = Math.max(0, val);
  for (let i = b + digits - 1; i >= b; i--) {
    d[i] = 48 + (val % 10);
    val = Math.floor(val / 10);
  }
  return size;
}

/** Changes a 1, 2, 4 or 8 byte integer at a random offset, in either byte order, by -10..+10, or
 *  negates it, or sets it to the input's size (a likely length field), as libFuzzer does. */
export function changeBinaryInteger(s: MutationState): number {
  const rng = s.rng, d = s.data, size = s.size;
  const width = 1 << rng.below(4);
  if (size < width || size > s.maxSize) return SKIP;
  const off = rng.below(size - width + 1);
  // Work on the value as (hi, lo) u32 halves, little-endian in memory; `be` flips the view.
  const be = rng.bool();
  let lo = 0, hi = 0;
  for (let i = 0; i < width; i++) {
    const byte = d[off + (be ? width - 1 - i : i)]!;
    if (i < 4) lo |= byte << (8 * i);
    else hi |= byte << (8 * (i - 4));
  }
  lo >>>= 0; hi >>>= 0;
  if (off < 64 && rng.below(4) === 0) {
    lo = size >>> 0; hi = 0;
  } else {
    const add = rng.below(21) - 10;
    const nlo = lo + add;
    hi = (hi + (nlo < 0 ? -1 : nlo > 0xffffffff ? 1 : 0)) >>> 0;
    lo = nlo >>> 0;
    if (add === 0 || rng.bool()) { // negate: two's complement over the full 64 bits
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    }
  }
  for (let i = 0; i < width; i++) {
    const byte = i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff;
    d[off + (be ? width - 1 - i : i)] = byte;
  }
  return size;
}

/**
 * -only_ascii: libFuzzer's ToASCII, applied to every mutant. Each byte loses its top bit, and what
 * is then neither printable (0x20-0x7e) nor white space (\t \n \v \f \r) becomes a space.
 */
export function toAscii(data: Uint8Array, size: number): void {
  for (let i = 0; i < size; i++) {
    const x = data[i]! & 0x7f;
    data[i] = (x >= 0x20 && x < 0x7f) || (x >= 9 && x <= 13) ? x : 0x20;
  }
}
