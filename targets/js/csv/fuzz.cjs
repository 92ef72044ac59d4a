// Papa Parse (pinned in package.json), as a Jazzer.js-style CommonJS target. Parse with and without
// header/typing; unparse the rows and parse again: the row count must survive when the first parse
// reported no errors. Parse errors are reported in results.errors, not thrown: a throw is a finding.
const Papa = require("papaparse");

const decoder = new TextDecoder("utf-8", { fatal: false });

module.exports.fuzz = function (data) {
  const text = decoder.decode(data);
  const header = data.length > 0 && (data[0] & 1) === 1;
  const first = Papa.parse(text, { header: false, dynamicTyping: false, skipEmptyLines: true });
  Papa.parse(text, { header, dynamicTyping: true, delimiter: data.length > 1 && data[1] === 0x3b ? ";" : "" });
  if (first.errors.length > 0) return;
  const out = Papa.unparse(first.data);
  const again = Papa.parse(out, { header: false, skipEmptyLines: true });
  if (again.errors.length === 0 && again.data.length !== first.data.length) {
    throw new Error("round trip changed the row count: " + first.data.length + " -> " + again.data.length);
  }
};
