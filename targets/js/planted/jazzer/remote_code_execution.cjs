// Planted code injection for the remote-code-execution bug detector: a "variable lookup" evals
// the input. Only short identifiers pass, so nothing the fuzzer writes can have an effect.
module.exports.fuzz = function (data) {
  const name = data.toString();
  const scale = 3;
  if (!/^[a-z_]{1,8}$/.test(name)) return;
  let v;
  try {
    v = eval(name);
  } catch {
    return; // not a variable
  }
  // The rewrite keeps eval direct: it still sees this function's variables.
  if (name === "scale" && v !== scale) throw new Error("direct eval lost its scope");
};
