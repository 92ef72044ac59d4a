import { copyBytes } from "../util/copyBytes.ts";
import { applyWord } from "./words.ts";
import { SKIP, type ComparePair, type MutationState } from "./types.ts";

const pair: ComparePair = { a: new Uint8Array(64), aLen: 0, b: new Uint8Array(64), bLen: 0, width: 0 };
const tmp = new Uint8Array(64);

/** Where pat[off..off+len) first occurs in d[0..size), searching cyclically from `from`; -1 if nowhere. */
function indexOf(d: Uint8Array, size: number, pat: Uint8Array, off: number, len: number, from: number): number {
  const last = size - len;
  outer: for (let n = 0; n <= last; n++) {
    const i = (from + n) % (last + 1);
    for (let k = 0; k < len; k++) if (d[i + k] !== pat[off + k]) continue outer;
    return i;
  }
  return -1;
}

function reverse(src: Uint8Array, len: number, dst: Uint8Array): void {
  for (let i = 0; i < len; i++) dst[i] = src[len - 1 - i]!;
}

/** Adds delta (-1 or +1) to a little-endian integer of `width` bytes in place. */
function addLE(b: Uint8Array, width: number, delta: number): void {
  for (let i = 0; i < width; i++) {
    const v = b[i]! + delta;
    b[i] = v & 0xff;
    if (v >= 0 && v <= 0xff) return;
  }
}

/**
 * The narrowest of 2 and 4 bytes (less than `width`) that holds both little-endian integers, or 0.
 * C compares a 16-bit length field as a size_t (`len != size - 6`): the 8-byte operand is not in
 * the input, its low two bytes are. Input-to-state matching at narrower widths is Redqueen's
 * (AFL++ cmplog); 1 byte is left out, where most bytes of an input would match by chance.
 */
function narrowWidth(a: Uint8Array, b: Uint8Array, width: number): number {
  for (let w = 2; w < width; w *= 2) {
    let fits = true;
    for (let i = w; i < width && fits; i++) fits = a[i] === 0 && b[i] === 0;
    if (fits) return w;
  }
  return 0;
}

/**
 * "CMP": takes one failed comparison the target made (from the shim's compare log), finds one
 * operand in the input and writes the other in its place, in the byte order it was found in
 * (integers may also be nudged by +-1 to cross < and > boundaries). An integer not found at its
 * full width is looked for again at the narrowest width that holds both operands (narrowWidth).
 * When the operand is nowhere in the input, the other operand is inserted or written as a
 * dictionary word.
 */
export function compareOperand(s: MutationState): number {
  if (!s.compares.pickPair(s.rng, pair)) return SKIP;
  let from = pair.a, fromLen = pair.aLen, to = pair.b, toLen = pair.bLen;
  if (s.rng.bool()) { from = pair.b; fromLen = pair.bLen; to = pair.a; toLen = pair.aLen; }
  let narrow = 0, bigEndian = false;
  if (pair.width > 0) {
    if (s.rng.below(4) === 0) addLE(to, pair.width, s.rng.bool() ? 1 : -1);
    narrow = narrowWidth(from, to, pair.width);
    if (pair.width > 1 && s.rng.bool()) { // big-endian view of both operands
      bigEndian = true;
      reverse(from, fromLen, tmp); copyBytes(from, 0, tmp, 0, fromLen);
      reverse(to, toLen, tmp); copyBytes(to, 0, tmp, 0, toLen);
    }
  }
  const whole = fromLen > 0 && fromLen <= s.size && fromLen === toLen, low = narrow > 0 && narrow <= s.size;
  if (whole || low) {
    const start = s.rng.below(s.size - (whole ? fromLen : narrow) + 1);
    if (whole && replaceFound(s, from, to, 0, fromLen, start)) return s.size;
    // The low bytes: the first `narrow` in little-endian order, the last in big-endian.
    if (low && replaceFound(s, from, to, bigEndian ? fromLen - narrow : 0, narrow, start)) return s.size;
  }
  return applyWord(s, to, toLen);
}

/** Finds from[off..off+len) in the input (searching from `start`) and writes to[off..off+len) there. */
function replaceFound(s: MutationState, from: Uint8Array, to: Uint8Array, off: number, len: number, start: number): boolean {
  const at = indexOf(s.data, s.size, from, off, len, start % (s.size - len + 1));
  if (at < 0) return false;
  copyBytes(s.data, at, to, off, len);
  copyBytes(s.lastWord, 0, to, off, len);
  s.lastWordLen = len;
  return true;
}
