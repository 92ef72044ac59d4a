/** An async target without a bug: it awaits, branches on the first byte, and never throws. */
export async function fuzz(data: Uint8Array): Promise<void> {
  await Promise.resolve();
  if (data.length > 0 && data[0] === 0x41) await Promise.resolve(data[1]);
}
