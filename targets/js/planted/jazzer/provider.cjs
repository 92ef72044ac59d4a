// Planted bug, written as a Jazzer.js target: FuzzedDataProvider from @jazzer.js/core (which
// bunfuzz maps to its own), a Buffer as input (toString decodes UTF-8).
const { FuzzedDataProvider } = require("@jazzer.js/core");

module.exports.fuzz = function (data) {
  if (data.toString("latin1", 0, 2) !== "v1") return;
  const p = new FuzzedDataProvider(data.subarray(2));
  const port = p.consumeIntegral(4);
  const host = p.consumeRemainingAsString();
  if (host === "localhost" && port === 8443) throw new Error("planted: provider bug reached");
};
