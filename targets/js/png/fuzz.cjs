// pngjs (pinned in package.json), as a Jazzer.js-style CommonJS target. Decode a PNG synchronously
// (chunks, CRCs, zlib, filters, interlacing, palettes, bit depths), encode it and decode it again.
// Decoder errors are thrown as Error. pngjs 7.0.0 also lets Buffer's RangeError escape on truncated
// chunks (bunfuzz finds that within seconds); it is memory-safe, so it counts as a rejected file
// and the campaign goes deeper. Any other exception, or a round trip that changes pixels, is a finding.
const { PNG } = require("pngjs");

const MAX_PIXELS = 1 << 20; // larger images are valid but only slow the campaign down

module.exports.fuzz = function (data) {
  let png;
  try {
    png = PNG.sync.read(Buffer.from(data));
  } catch (e) {
    if (e instanceof Error && e.constructor === Error) return;
    if (e instanceof RangeError && /outside buffer bounds|out of range/i.test(e.message)) return;
    throw e;
  }
  if (png.width * png.height > MAX_PIXELS) return;
  const again = PNG.sync.read(PNG.sync.write(png));
  if (again.width !== png.width || again.height !== png.height || !again.data.equals(png.data)) {
    throw new Error("round trip changed a " + png.width + "x" + png.height + " image");
  }
};
