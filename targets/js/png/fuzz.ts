/**
 * pngjs (pinned in package.json): decode a PNG synchronously (chunks, CRCs, zlib inflate,
 * filters, interlacing, palettes, bit depths), then encode the result and decode it again.
 * Decoder errors are thrown as Error. pngjs 7.0.0 also lets Buffer's RangeError escape on truncated
 * chunks (bunfuzz finds that within seconds); it is memory-safe, so the harness counts it as a
 * rejected file and goes deeper. A finding is any other exception (TypeError, an error from zlib
 * that is not a rejection) or a round trip that changes the pixels.
 */
import { PNG } from "pngjs";

const MAX_PIXELS = 1 << 20; // larger images are valid but only slow the campaign down

export function fuzz(data: Uint8Array): void {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(data));
  } catch (e) {
    if (e instanceof Error && e.constructor === Error) return; // a rejected file
    if (e instanceof RangeError && /outside buffer bounds|out of range/i.test(e.message)) return; // see above
    throw e;
  }
  if (png.width * png.height > MAX_PIXELS) return;
  const again = PNG.sync.read(PNG.sync.write(png));
  if (again.width !== png.width || again.height !== png.height || !again.data.equals(png.data)) {
    throw new Error(`round trip changed a ${png.width}x${png.height} image`);
  }
}
