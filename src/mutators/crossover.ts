import { copyBytes } from "../util/copyBytes.ts";
import { copyPartOf, insertPartOf } from "./bytes.ts";
import { SKIP, type MutationState } from "./types.ts";

/**
 * Interleaves random-length runs of `a` and `b` into `out` (libFuzzer's CrossOver), returning the
 * output size (at most a random limit in [1, maxOut]).
 */
export function interleave(
  rng: MutationState["rng"], a: Uint8Array, aSize: number, b: Uint8Array, bSize: number, out: Uint8Array, maxOut: number,
): number {
  maxOut = rng.below(maxOut) + 1; // libFuzzer's CrossOver: a random output limit, so results vary in length
  let outPos = 0, pa = 0, pb = 0, first = true;
  while (outPos < maxOut && (pa < aSize || pb < bSize)) {
    const left = maxOut - outPos;
    if (first ? pa < aSize : pb < bSize) {
      const src = first ? a : b;
      const pos = first ? pa : pb;
      const n = rng.below(Math.min(left, (first ? aSize : bSize) - pos)) + 1;
      copyBytes(out, outPos, src, pos, n);
      outPos += n;
      if (first) pa += n; else pb += n;
    }
    first = !first;
  }
  return outPos;
}

/** Combines the input with another corpus input: interleave, insert part of it, or overwrite with part. */
export function crossOver(s: MutationState): number {
  if (s.size > s.maxSize) return SKIP;
  const other = s.otherInput();
  if (!other || other.length === 0) return SKIP;
  switch (s.rng.below(3)) {
    case 0: {
      const n = interleave(s.rng, s.data, s.size, other, other.length, s.scratch, s.maxSize);
      copyBytes(s.data, 0, s.scratch, 0, n);
      return n;
    }
    case 1: {
      const n = insertPartOf(s.rng, other, other.length, s.data, s.size, s.maxSize, s.scratch);
      return n !== SKIP ? n : copyPartOf(s.rng, other, other.length, s.data, s.size);
    }
    default:
      return copyPartOf(s.rng, other, other.length, s.data, s.size);
  }
}
