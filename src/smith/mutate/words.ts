/**
 * Words for value mutations: dictionary entries (-dict, the persistent auto-dictionary) and the
 * operands of comparisons the target failed (the compare log), so `name === "admin"` or
 * `x === 1337` in the code under test can be matched by a string or int value directly.
 */
import type { ComparePair, MutationState } from "../../mutators/types.ts";
import { joinNumber, TWO32 } from "../u64.ts";

/** The word picked last: WORD.buf[0..len); `width` > 0 when it is an integer operand (bytes, little-endian). */
export const WORD = { buf: new Uint8Array(256), len: 0, width: 0 };

const pair: ComparePair = { a: new Uint8Array(256), aLen: 0, b: new Uint8Array(256), bLen: 0, width: 0 };

/**
 * Picks a word into WORD: a compare operand (either side), or an entry of the manual or the
 * auto-dictionary. `integers`: only integer compare operands. Returns false when none is available.
 */
export function pickWord(s: MutationState, integers: boolean): boolean {
  const from = integers ? 0 : s.rng.below(3);
  if (from === 1 || from === 2) {
    const dict = from === 1 ? s.manualDict : s.autoDict;
    const w = dict.size > 0 ? dict.pick(s.rng) : undefined;
    if (w && w.bytes.length <= WORD.buf.length) {
      WORD.buf.set(w.bytes, 0);
      WORD.len = w.bytes.length;
      WORD.width = 0;
      return true;
    }
  }
  if (!s.compares.pickPair(s.rng, pair) || (integers && pair.width === 0)) return false;
  const b = s.rng.bool();
  const src = b ? pair.b : pair.a, len = b ? pair.bLen : pair.aLen;
  WORD.buf.set(src.subarray(0, len), 0);
  WORD.len = len;
  WORD.width = pair.width;
  return true;
}

/** Remembers WORD as the last word used, for the persistent auto-dictionary (as applyWord does). */
export function noteWord(s: MutationState): void {
  const n = Math.min(WORD.len, s.lastWord.length);
  s.lastWord.set(WORD.buf.subarray(0, n), 0);
  s.lastWordLen = n;
}

/**
 * The integer operand in WORD as a number (exact below 2^53), unsigned or, when `signed`, two's
 * complement of its width. NaN when it does not fit a double exactly.
 */
export function wordInteger(signed: boolean): number {
  const w = WORD.width;
  let lo = 0, hi = 0;
  for (let i = 0; i < w; i++) {
    if (i < 4) lo |= WORD.buf[i]! << (8 * i);
    else hi |= WORD.buf[i]! << (8 * (i - 4));
  }
  lo >>>= 0;
  hi >>>= 0;
  const negative = signed && (WORD.buf[w - 1]! & 0x80) !== 0;
  if (!negative) return hi < 0x200000 ? joinNumber(lo, hi) : NaN;
  if (w < 8) return (w === 4 ? lo : joinNumber(lo, hi)) - 2 ** (8 * w);
  const nlo = (~lo + 1) >>> 0, nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0; // -(value) over 64 bits
  return nhi < 0x200000 ? -(nhi * TWO32 + nlo) : NaN;
}

/** Whether b[0..len) is well-formed UTF-8 (no surrogates, no overlongs). */
export function isUtf8(b: Uint8Array, len: number): boolean {
  for (let i = 0; i < len;) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0 || i + n >= len) return false;
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k]!;
      if ((d & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((n === 2 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) || (n === 3 && (cp < 0x10000 || cp > 0x10ffff))) return false;
    i += n + 1;
  }
  return true;
}
