import { copyBytes } from "../util/copyBytes.ts";
import { applyWord } from "./words.ts";
import { SKIP, type ComparePair, type MutationState } from "./types.ts";

const pair: ComparePair = { a: new Uint8Array(64), aLen: 0, b: new Uint8Array(64), bLen: 0, width: 0 };
const tmp = new Uint8Array(64);

function indexOf(d: Uint8Array, size: number, pat: Uint8Array, len: number, from: number): number {
  const last = size - len;
  outer: for (let n = 0; n <= last; n++) {
    const i = (from + n) % (last + 1);
    for (let k = 0; k < len; k++) if (d[i + k] !== pat[k]) continue outer;
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
 * "CMP": takes one failed comparison the target made (from the shim's compare log), finds one
 * operand in the input and writes the other in its place, in the byte order it was found in
 * (integers may also be nudged by +-1 to cross < and > boundaries). When the operand is nowhere in
 * the input, the other operand is inserted or written as a dictionary word.
 */
export function compareOperand(s: MutationState): number {
  if (!s.compares.pickPair(s.rng, pair)) return SKIP;
  let from = pair.a, fromLen = pair.aLen, to = pair.b, toLen = pair.bLen;
  if (s.rng.bool()) { from = pair.b; fromLen = pair.bLen; to = pair.a; toLen = pair.aLen; }
  if (pair.width > 0) {
    if (s.rng.below(4) === 0) addLE(to, pair.width, s.rng.bool() ? 1 : -1);
    if (pair.width > 1 && s.rng.bool()) { // big-endian view of both operands
      reverse(from, fromLen, tmp); copyBytes(from, 0, tmp, 0, fromLen);
      reverse(to, toLen, tmp); copyBytes(to, 0, tmp, 0, toLen);
    }
  }
  if (fromLen > 0 && fromLen <= s.size && fromLen === toLen) {
    const at = indexOf(s.data, s.size, from, fromLen, s.rng.below(s.size - fromLen + 1));
    if (at >= 0) {
      copyBytes(s.data, at, to, 0, toLen);
      copyBytes(s.lastWord, 0, to, 0, toLen);
      s.lastWordLen = toLen;
      return s.size;
    }
  }
  return applyWord(s, to, toLen);
}
