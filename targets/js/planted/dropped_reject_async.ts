/**
 * Planted bug: an async target that starts a promise, drops it and returns normally; the dropped
 * promise rejects for one prefix. The target's own promise resolves, so only the event loop sees it.
 */
async function check(data: Uint8Array): Promise<void> {
  await Promise.resolve();
  if (data.length >= 2 && data[0] === 0x44 && data[1] === 0x41) throw new RangeError("planted: dropped async rejection");
}

export async function fuzz(data: Uint8Array): Promise<void> {
  await Promise.resolve();
  void check(data);
}
