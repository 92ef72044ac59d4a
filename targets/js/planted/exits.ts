/** Planted bug: the target calls process.exit on one input (a finding, not the engine's exit). */
export function fuzz(data: Uint8Array): void {
  if (data.length >= 2 && data[0] === 0x45 && data[1] === 0x58) process.exit(3);
}
