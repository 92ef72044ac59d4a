import { existsSync, readFileSync } from "node:fs";
import { EngineError } from "../findings/errors.ts";
import { escapeControl } from "../util/escape.ts";
import { parseFlag, type ParsedArgs } from "./parse.ts";

/**
 * Reads the `[libfuzzer]` section of a ClusterFuzz-style `.options` file (INI: `key = value`) into
 * `p`, skipping keys given explicitly on the command line. Other sections are ignored, as
 * ClusterFuzz does for the engines it is not running. Each key is read as the flag `-key=value`
 * would be (ClusterFuzz and OSS-Fuzz turn the section into exactly those flags): an unknown key
 * is a warning naming the file and line, and `ignore_remaining_args = 1` ends the section. Returns
 * whether the file existed.
 */
export function applyOptionsFile(path: string, p: ParsedArgs): boolean {
  if (!existsSync(path)) return false;
  applyOptionsText(readFileSync(path, "utf8"), path, p);
  return true;
}

/** applyOptionsFile on the file's text; `path` names it in messages. */
export function applyOptionsText(text: string, path: string, p: ParsedArgs): void {
  let section = "";
  const lines = text.split(/\r?\n/);
  // Keys from the file are not explicit: a later file never overrides the command line either.
  const fromFile: ParsedArgs = { ...p, explicit: new Set() };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) { section = sec[1]!.trim().toLowerCase(); continue; }
    if (section !== "libfuzzer") continue;
    const where = `${path}:${i + 1}`;
    const m = /^([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(line);
    // A line that is not `key = value` is a broken file, not an unknown flag: refused.
    if (!m) throw new EngineError("input", `${where}: expected \`name = value\`, got \`${escapeControl(line.slice(0, 80))}\``);
    if (p.explicit.has(m[1]!)) continue;
    parseFlag(`-${m[1]}=${m[2]!.trim()}`, "options", fromFile, where);
    if (m[1] === "ignore_remaining_args" && fromFile.options.ignore_remaining_args) break;
  }
}
