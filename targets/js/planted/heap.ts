/** Planted bug: one input makes the target keep allocating (the RSS limit turns it into an oom- finding). */
const kept: Uint8Array[] = [];

export function fuzz(data: Uint8Array): void {
  if (data.length >= 2 && data[0] === 0x4d && data[1] === 0x45) {
    for (;;) kept.push(new Uint8Array(64 << 20).fill(1));
  }
}
