// A licence check whose key the fuzzer cannot see: hooked.cjs's custom hook replaces it.
function checkKey(key) {
  return require("crypto").createHash("sha256").update(key).digest("hex") === "0".repeat(64);
}
module.exports = { checkKey };
