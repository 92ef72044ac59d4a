import { existsSync, readFileSync } from "node:fs";
import { escapeControl } from "../util/escape.ts";
import { EngineError } from "../findings/errors.ts";
import { parseValue } from "./parse.ts";
import { findOption, type Options } from "./table.ts";

/**
 * Reads the `[libfuzzer]` section of a ClusterFuzz-style `.options` file (INI: `key = value`) into
 * `options`, skipping keys given explicitly on the command line. Other sections are ignored, as
 * ClusterFuzz does for the engines it is not running. Returns whether the file existed.
 */
export function applyOptionsFile(path: string, options: Options, explicit: Set<string>): boolean {
  if (!existsSync(path)) return false;
  const out = options as Record<string, unknown>;
  let section = "";
  const lines = readFileSync(path, "utf8").split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) return;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) { section = sec[1]!.trim().toLowerCase(); return; }
    if (section !== "libfuzzer") return;
    const m = /^([A-Za-z_]\w*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new EngineError("input", `${path}:${i + 1}: expected \`name = value\`, got \`${escapeControl(line.slice(0, 80))}\``);
    const row = findOption(m[1]!);
    if (!row || !row.scope.includes("options")) throw new EngineError("input", `${path}:${i + 1}: unknown libFuzzer flag \`${m[1]}\`: remove it or see \`bunfuzz -help=1\``);
    if (explicit.has(row.name)) return;
    out[row.name] = parseValue(row, m[2]!.trim(), `${path}:${i + 1}`);
  });
  return true;
}
