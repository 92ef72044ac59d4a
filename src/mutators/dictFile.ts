import { existsSync, readFileSync, statSync } from "node:fs";
import { describeIoError } from "../findings/ioError.ts";
import { escapeControl } from "../util/escape.ts";
import { EngineError } from "../findings/errors.ts";

/**
 * Parses one dictionary entry's value (between the quotes) with libFuzzer's escapes: \\, \" and
 * \xNN. Returns the bytes, or an error text.
 */
function unescape(body: string): Uint8Array | string {
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x5c) {
      const n = body[i + 1];
      if (n === "\\" || n === '"') { out.push(n.charCodeAt(0)); i++; continue; }
      if (n === "x" && /^[0-9a-fA-F]{2}$/.test(body.slice(i + 2, i + 4))) {
        out.push(parseInt(body.slice(i + 2, i + 4), 16));
        i += 3;
        continue;
      }
      return `bad escape \\${escapeControl(n ?? "", true)} (use \\\\, \\" or \\xNN)`;
    }
    if (c === 0x22) return "unescaped quote inside the value (write \\\")";
    if (c > 0xff) {
      for (const b of new TextEncoder().encode(body[i]!)) out.push(b);
      continue;
    }
    out.push(c);
  }
  return Uint8Array.from(out);
}

/**
 * Parses a libFuzzer/AFL dictionary: one entry per line, `name="value"`, `name@level="value"` or
 * `"value"`; blank lines and `#` comments are skipped. A malformed line is an input error that
 * names the file and line.
 */
export function parseDictionary(text: string, path: string): Uint8Array[] {
  const words: Uint8Array[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const m = /^(?:[A-Za-z0-9_]+(?:@\d+)?\s*=\s*)?"(.*)"$/.exec(line);
    const where = `${path}:${i + 1}`;
    if (!m) throw new EngineError("input", `dictionary ${where}: expected name="value" or "value", got \`${escapeControl(line.slice(0, 60), true)}\``);
    const bytes = unescape(m[1]!);
    if (typeof bytes === "string") throw new EngineError("input", `dictionary ${where}: ${bytes}`);
    if (bytes.length === 0) throw new EngineError("input", `dictionary ${where}: empty value`);
    words.push(bytes);
  });
  return words;
}

export function readDictionary(path: string): Uint8Array[] {
  if (!existsSync(path)) throw new EngineError("input", `dictionary file ${path} does not exist: fix the -dict path`);
  if (statSync(path).isDirectory()) throw new EngineError("input", `-dict=${path} is a directory: give a dictionary file (libFuzzer/AFL format)`);
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch (e) {
    throw new EngineError("input", `cannot read dictionary ${path}: ${describeIoError(e)}`);
  }
  return parseDictionary(text, path);
}

/**
 * A word as a dictionary line writes it and parseDictionary reads it back: printable ASCII as is,
 * the rest (quote and backslash included) as \xNN. The recommended dictionary and -analyze_dict's
 * useless words use it, so ClusterFuzz, which removes the useless words from the recommended ones
 * by comparing the lines, sees the same text for the same word.
 */
export function escapeWord(b: Uint8Array): string {
  let s = "";
  for (const c of b) s += c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, "0")}`;
  return s;
}
