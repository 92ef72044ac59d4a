import type { Rng } from "./rng.ts";

/**
 * Index i in [0, n) drawn with probability (c[i] - c[i-1]) / c[n-1], where c is a cumulative
 * weight array: one binary search. A zero total draws uniformly.
 */
export function sampleCumulative(c: Float64Array, n: number, rng: Rng): number {
  const total = c[n - 1]!;
  if (!(total > 0)) return rng.below(n);
  const x = (rng.next() / 4294967296) * total;
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (c[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
