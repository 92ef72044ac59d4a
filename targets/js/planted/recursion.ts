/** Planted bug: unbounded recursion on one input (a stack overflow is a finding, not an engine crash). */
function depth(n: number): number {
  return n <= 0 ? 0 : 1 + depth(n + 1);
}

export function fuzz(data: Uint8Array): void {
  if (data.length >= 2 && data[0] === 0x53 && data[1] === 0x4f) depth(1);
}
