// Planted bug behind a function that a custom hook replaces (hooked_hooks.cjs, -custom_hooks):
// the hook guides the fuzzer to the key with guideTowardsEquality and reports a finding.
const { checkKey } = require("./lib/licence.cjs");

module.exports.fuzz = function (data) {
  const key = data.toString();
  if (key.startsWith("KEY-")) checkKey(key.slice(4));
};
