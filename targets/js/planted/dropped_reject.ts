/**
 * Planted bug: a promise rejected and dropped (nobody awaits or handles it) for one prefix, in a
 * synchronous target. Run plainly, Bun reports it as an unhandled rejection after the call returns.
 */
export function fuzz(data: Uint8Array): void {
  if (data.length >= 2 && data[0] === 0x44 && data[1] === 0x52) void Promise.reject(new TypeError("planted: dropped rejection"));
}
