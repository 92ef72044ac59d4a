// Planted bug (Jazzer.js style, CommonJS): a 32-bit integer read from the input must equal a magic.
module.exports.fuzz = function (data) {
  if (data.length < 4) return;
  const v = Buffer.from(data).readUInt32LE(0);
  if (v === 0x1badb002) {
    throw new Error("planted: integer magic reached");
  }
};
