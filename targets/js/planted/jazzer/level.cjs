// Planted bug, written as a Jazzer.js target run with Jazzer.js's command line: the entry point
// is not `fuzz` (-f check), the error is a RangeError (-x RangeError), and the second condition is
// a compare with a byte-sized number, which only value profile (-use_value_profile=1) guides.
const { FuzzedDataProvider } = require("@jazzer.js/core");

module.exports.check = function (data) {
  const p = new FuzzedDataProvider(data);
  const word = p.consumeString(p.consumeIntegralInRange(4, 6));
  const level = p.consumeIntegral(1);
  if (word === "admin" && level === 7) throw new RangeError("planted: admin at level 7");
};
