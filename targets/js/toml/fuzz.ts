/**
 * smol-toml (pinned in package.json): parse, and when the document parses, stringify it and parse
 * the output again; the two parses must agree. A parse error (TomlError) is expected behaviour;
 * anything else thrown, or a round trip that changes the data, is a finding.
 */
import { parse, stringify, TomlError } from "smol-toml";

const decoder = new TextDecoder("utf-8", { fatal: false });

export function fuzz(data: Uint8Array): void {
  const text = decoder.decode(data);
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (e) {
    if (e instanceof TomlError) return;
    throw e;
  }
  let out: string;
  try {
    out = stringify(doc);
  } catch (e) {
    // stringify rejects values TOML cannot represent (e.g. some dates); not a parser bug
    if (e instanceof TypeError || e instanceof TomlError) return;
    throw e;
  }
  const again = parse(out);
  if (!Bun.deepEquals(again, doc)) throw new Error(`round trip changed the document:\n${out}`);
}
