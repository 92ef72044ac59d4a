/** Planted bug: an infinite loop behind a 3-byte prefix; must become a timeout- artifact. */
export function fuzz(data: Uint8Array): void {
  if (data.length >= 3 && data[0] === 0x48 && data[1] === 0x4e && data[2] === 0x47) {
    for (;;) {
      // spin
    }
  }
}
