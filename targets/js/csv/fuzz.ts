/**
 * Papa Parse (pinned in package.json): parse with header detection and dynamic typing, then
 * unparse the rows and parse them again; the row count must survive the round trip when the
 * first parse reported no errors. Parse errors are reported in results.errors, not thrown:
 * anything thrown is a finding.
 */
import Papa from "papaparse";

const decoder = new TextDecoder("utf-8", { fatal: false });

export function fuzz(data: Uint8Array): void {
  const text = decoder.decode(data);
  const header = data.length > 0 && (data[0]! & 1) === 1;
  const first = Papa.parse<string[]>(text, { header: false, dynamicTyping: false, skipEmptyLines: true });
  Papa.parse(text, { header, dynamicTyping: true, delimiter: data.length > 1 && data[1] === 0x3b ? ";" : "" });
  if (first.errors.length > 0) return;
  const out = Papa.unparse(first.data);
  const again = Papa.parse<string[]>(out, { header: false, skipEmptyLines: true });
  if (again.errors.length === 0 && again.data.length !== first.data.length) {
    throw new Error(`round trip changed the row count: ${first.data.length} -> ${again.data.length}`);
  }
}
