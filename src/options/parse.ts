import { EngineError } from "../findings/errors.ts";
import { escapeControl } from "../util/escape.ts";
import { OPTIONS, defaultOptions, findOption, splitList, type OptionRow, type OptionScope, type Options } from "./table.ts";

const PATTERN = { int: /^-?\d+$/, uint: /^\d+$/, bool: /^[01]$/ } as const;
const WANT = { int: "an integer", uint: "a non-negative integer", bool: "0 or 1" } as const;

/** The values a row takes, in words: "an integer in [-1, 100]", "one of entropic, vanilla". */
export function describeRange(row: OptionRow): string {
  if (row.type === "string") return row.choices ? `one of ${row.choices.map((c) => c || '""').join(", ")}` : "text";
  if (row.type === "list") return "comma-separated items";
  if (row.type === "bool") return WANT.bool;
  const lo = row.min ?? (row.type === "uint" ? 0 : undefined);
  return lo === undefined && row.max === undefined ? WANT[row.type] : `an integer in [${lo ?? "-inf"}, ${row.max ?? "inf"}]`;
}

/**
 * Converts one flag's text to its typed value, or throws a usage error naming where, the flag, the
 * value and what it takes. A number outside the row's bounds is refused, never wrapped or clamped.
 */
export function parseValue(row: OptionRow, text: string, where: string): number | string | string[] {
  if (row.type === "list") return splitList(text);
  if (row.type === "string") {
    if (row.choices && !row.choices.includes(text)) throw badValue(row, text, where);
    return text;
  }
  if (!PATTERN[row.type].test(text)) throw badValue(row, text, where);
  const n = Number(text);
  const lo = row.min ?? (row.type === "uint" ? 0 : -Infinity);
  if (n < lo || n > (row.max ?? Infinity) || !Number.isSafeInteger(n)) throw badValue(row, text, where);
  return n;
}

function badValue(row: OptionRow, text: string, where: string): EngineError {
  return new EngineError("usage", `${where}: -${row.name}=${escapeControl(text)} is not valid: it takes ${describeRange(row)}`);
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
export function parseArgs(argv: readonly string[], scope: OptionScope = "cli"): ParsedArgs {
  const options = defaultOptions() as Record<string, unknown>;
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
    if (!row) throw new EngineError("usage", `unknown flag ${escapeControl(arg)}: run \`bunfuzz -help=1\` for the list of flags`);
    if (!row.scope.includes(scope)) throw new EngineError("usage", `-${name} does not apply here`);
    if (eq < 0 && row.type !== "bool") throw new EngineError("usage", `flag -${name} needs a value: -${name}=VALUE`);
    options[name] = eq < 0 ? 1 : parseValue(row, body.slice(eq + 1), "command line");
    explicit.add(name);
  }
  return { options: options as Options, explicit, positional };
}

/** The -help text, generated from the table. */
export function helpText(): string {
  const lines = (OPTIONS as readonly OptionRow[]).map((r) => ` ${r.name.padEnd(28)} ${String(r.default === "" ? '""' : r.default).padEnd(8)} ${r.help}`);
  return `Flags (in the form -flag=value; name, default, meaning):\n${lines.join("\n")}\n`;
}

/** The environment variable through which `bunfuzz test` passes a flag to fuzz() tests. */
export function testEnvName(row: OptionRow): string {
  return `BUNFUZZ_${row.name.toUpperCase()}`;
}
