// jpeg-js (pinned in package.json), the pure-JS JPEG decoder of Jazzer.js's jpeg example, as a
// Jazzer.js-style CommonJS target: decode with a 1-megapixel, 64 MB limit (jpeg-js's defaults,
// 100 MP and 512 MB, let one input take seconds). jpeg-js 0.4.4 throws Error for malformed files
// and, on some, a TypeError from reading a missing frame or table: both are rejected files here,
// so a campaign measures coverage and throughput, never stops at a finding. The inputs' cost
// ranges from a header (microseconds) to a megapixel of IDCT (tens of milliseconds).
const decode = require("jpeg-js").decode;

const OPTS = { maxResolutionInMP: 1, maxMemoryUsageInMB: 64, useTArray: true };

module.exports.fuzz = function (data) {
  try {
    decode(data, OPTS);
  } catch (e) {
    if (e instanceof Error) return;
    throw e;
  }
};
