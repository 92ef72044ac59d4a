import { EngineError } from "../findings/errors.ts";
import { OPTIONS, defaultOptions, findOption, type OptionRow, type Options } from "./table.ts";

/** Converts one flag's text to its typed value, or throws a usage error naming flag and value. */
export function parseValue(row: OptionRow, text: string, where: string): number | string {
  if (row.type === "string") return text;
  const ok = row.type === "int" ? /^-?\d+$/ : row.type === "uint" ? /^\d+$/ : /^[01]$/;
  if (!ok.test(text)) {
    const want = row.type === "bool" ? "0 or 1" : row.type === "uint" ? "a non-negative integer" : "an integer";
    throw new EngineError("usage", `${where}: -${row.name}=${text} is not valid: it takes ${want}`);
  }
  return Number(text);
}

export interface ParsedArgs {
  options: Options;
  /** Flags given explicitly on the command line (they win over .options files). */
  explicit: Set<string>;
  positional: string[];
}

/**
 * Parses libFuzzer-style arguments: `-name=value` flags (also `--name=value`, and `-name` alone for
 * a bool) mixed with positional arguments. An unknown flag is a usage error, not a warning:
 * silently ignoring a mistyped limit would mislead.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options = defaultOptions() as Record<string, number | string>;
  const explicit = new Set<string>();
  const positional: string[] = [];
  for (const arg of argv) {
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const body = arg.replace(/^--?/, "");
    const eq = body.indexOf("=");
    const name = eq < 0 ? body : body.slice(0, eq);
    const row = findOption(name);
    if (!row) throw new EngineError("usage", `unknown flag ${arg}: run \`bunfuzz -help=1\` for the list of flags`);
    if (eq < 0 && row.type !== "bool") throw new EngineError("usage", `flag -${name} needs a value: -${name}=VALUE`);
    options[name] = eq < 0 ? 1 : parseValue(row, body.slice(eq + 1), "command line");
    explicit.add(name);
  }
  return { options: options as Options, explicit, positional };
}

/** The -help text, generated from the table. */
export function helpText(): string {
  const lines = OPTIONS.map((r) => ` ${r.name.padEnd(22)} ${String(r.default).padEnd(8)} ${r.help}`);
  return `Flags (in the form -flag=value):\n${lines.join("\n")}\n`;
}
