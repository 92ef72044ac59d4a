/**
 * `dst[dstPos..dstPos+n) = src[srcPos..srcPos+n)` without allocating. Mutators run once per
 * execution, and `dst.set(src.subarray(...))` allocates a view each time: on a trivial target that
 * was 12% of a worker's time (bun --cpu-prof). Short copies (most mutations move a few bytes)
 * are a loop; long ones still use set(), whose view is then cheap next to the copy. The same
 * buffer on both sides may overlap (copyWithin); two different views must not overlap.
 */
export function copyBytes(dst: Uint8Array, dstPos: number, src: Uint8Array, srcPos: number, n: number): void {
  if (dst === src) {
    dst.copyWithin(dstPos, srcPos, srcPos + n);
  } else if (n > 64) {
    dst.set(srcPos === 0 && n === src.length ? src : src.subarray(srcPos, srcPos + n), dstPos);
  } else {
    for (let i = 0; i < n; i++) dst[dstPos + i] = src[srcPos + i]!;
  }
}
