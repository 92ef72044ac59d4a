// smol-toml (pinned in package.json), as a Jazzer.js-style CommonJS target: both bunfuzz and
// Jazzer.js run this file unchanged. Parse; when the document parses, stringify and parse again;
// the two parses must agree. TomlError is expected behaviour; anything else thrown is a finding.
const { parse, stringify, TomlError } = require("smol-toml");
const { isDeepStrictEqual } = require("node:util");

const decoder = new TextDecoder("utf-8", { fatal: false });

module.exports.fuzz = function (data) {
  const text = decoder.decode(data);
  let doc;
  try {
    doc = parse(text);
  } catch (e) {
    if (e instanceof TomlError) return;
    throw e;
  }
  let out;
  try {
    out = stringify(doc);
  } catch (e) {
    // stringify rejects values TOML cannot represent; not a parser bug
    if (e instanceof TypeError || e instanceof TomlError) return;
    throw e;
  }
  const again = parse(out);
  if (!isDeepStrictEqual(again, doc)) throw new Error("round trip changed the document:\n" + out);
};
