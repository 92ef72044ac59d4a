/**
 * Whether every value of `wanted` occurs in `sorted[0..n)` (ascending): a binary search each, no
 * allocation (the loop's REDUCE check runs it on every smaller mutant).
 */
export function containsAll(sorted: Uint32Array, n: number, wanted: Uint32Array): boolean {
  for (let i = 0; i < wanted.length; i++) {
    const f = wanted[i]!;
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < f) lo = mid + 1;
      else hi = mid;
    }
    if (lo === n || sorted[lo] !== f) return false;
  }
  return true;
}
