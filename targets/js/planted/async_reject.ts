/** Planted bug in an async target: a promise that rejects for one prefix. */
export async function fuzz(data: Uint8Array): Promise<void> {
  await Promise.resolve();
  if (data.length >= 2 && data[0] === 0x41 && data[1] === 0x52) throw new TypeError("planted: async rejection");
}
