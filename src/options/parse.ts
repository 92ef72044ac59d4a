import { EngineError } from "../findings/errors.ts";
import { escapeControl } from "../util/escape.ts";
import { OPTIONS, defaultOptions, findOption, isActive, splitList, type OptionRow, type OptionScope, type Options } from "./table.ts";

const PATTERN = { int: /^-?\d+$/, uint: /^\d+$/, bool: /^[01]$/ } as const;
const WANT = { int: "an integer", uint: "a non-negative integer", bool: "0 or 1" } as const;

/** The values a row takes, in words: "an integer in [-1, 100]", "one of entropic, vanilla". */
export function describeRange(row: OptionRow): string {
  if (!isActive(row)) return row.type === "string" ? "text" : "any";
  if (row.type === "string") return row.choices ? `one of ${row.choices.map((c) => c || '""').join(", ")}` : "text";
  if (row.type === "list") return "comma-separated items";
  if (row.type === "bool") return WANT.bool;
  const lo = row.min ?? (row.type === "uint" ? 0 : undefined);
  return lo === undefined && row.max === undefined ? WANT[row.type] : `an integer in [${lo ?? "-inf"}, ${row.max ?? "inf"}]`;
}

/** libFuzzer's MyStol: an optional '-', then digits up to the first non-digit ("12ab" is 12, "x" is 0). */
function looseInt(text: string): number {
  const m = /^(-?)(\d*)/.exec(text)!;
  const n = Number(m[2] || "0");
  return m[1] ? -n : n;
}

/**
 * Converts one flag's text to its typed value, or throws a usage error naming where, the flag, the
 * value and what it takes. A number outside the row's bounds is refused, never wrapped or clamped
 * (except the wrap libFuzzer itself applies to its unsigned flags, `wraps`). A flag bunfuzz accepts
 * without acting on takes any value, as libFuzzer parses it.
 */
export function parseValue(row: OptionRow, text: string, where: string): number | string | string[] {
  if (!isActive(row)) return row.type === "string" ? text : looseInt(text);
  if (row.type === "list") return splitList(text);
  if (row.type === "string") {
    if (row.choices && !row.choices.includes(text)) throw badValue(row, text, where);
    return text;
  }
  if (!PATTERN[row.type].test(text)) throw badValue(row, text, where);
  const n = Number(text);
  const lo = row.min ?? (row.type === "uint" ? 0 : -Infinity);
  if (n < lo || n > (row.max ?? Infinity) || !Number.isSafeInteger(n)) throw badValue(row, text, where);
  return row.wraps && n < 0 ? (n + 0x100000000) % 0x100000000 : n;
}

function badValue(row: OptionRow, text: string, where: string): EngineError {
  return new EngineError("usage", `${where}: -${row.name}=${escapeControl(text)} is not valid: it takes ${describeRange(row)}`);
}

export interface ParsedArgs {
  options: Options;
  /** Flags given explicitly (they win over .options files). */
  explicit: Set<string>;
  positional: string[];
  /**
   * libFuzzer-style INFO:/WARNING: lines about flags that were not applied (unknown, `--name`,
   * accepted and ignored); the caller prints them before the run starts.
   */
  warnings: string[];
  /** -ignore_remaining_args=1 was seen: what followed it was not read. */
  stopped: boolean;
}

/** What a flag bunfuzz accepts and ignores says when it is given a value other than its default. */
function ignoredWarning(row: OptionRow, value: unknown): string | undefined {
  const lf = row.libfuzzer;
  if (!lf || lf.status === "implemented" || value === row.default) return undefined;
  return lf.status === "n/a"
    ? `INFO: -${row.name}=${escapeControl(String(value))} does not apply to bunfuzz and is ignored: ${lf.why}`
    : `WARNING: -${row.name}=${escapeControl(String(value))} is accepted and ignored: ${lf.why}`;
}

/**
 * Parses one `-name=value` flag into `into`. Unknown flags and flags this scope does not take are
 * warned about and skipped, as libFuzzer does ("unrecognized flag"), so a script or `.options`
 * file written for libFuzzer never stops a campaign; a value a known flag cannot take is a usage
 * error (silently running without a mistyped limit would mislead). `-name` alone sets a bool to 1.
 */
export function parseFlag(arg: string, scope: OptionScope, into: ParsedArgs, where = "command line"): void {
  const body = arg.slice(1);
  const eq = body.indexOf("=");
  const name = eq < 0 ? body : body.slice(0, eq);
  const row = findOption(name);
  const place = where === "command line" ? "" : ` (${where})`;
  if (!row || (eq < 0 && row.type !== "bool")) {
    if (row && isActive(row)) throw new EngineError("usage", `${where}: flag -${name} needs a value: -${name}=VALUE`);
    into.warnings.push(`WARNING: unrecognized flag '${escapeControl(arg)}'${place}; use -help=1 to list all flags`);
    return;
  }
  if (!row.scope.includes(scope)) {
    into.warnings.push(`WARNING: -${name} does not apply ${scope === "options" ? "in a .options file" : "here"}${place}; ignored`);
    return;
  }
  const value = eq < 0 ? 1 : parseValue(row, body.slice(eq + 1), where);
  (into.options as Record<string, unknown>)[name] = value;
  into.explicit.add(name);
  const w = ignoredWarning(row, value);
  if (w) into.warnings.push(w + place);
}

/** A fresh parse result holding every default. */
export function emptyParse(): ParsedArgs {
  return { options: defaultOptions(), explicit: new Set(), positional: [], warnings: [], stopped: false };
}

/**
 * Parses libFuzzer-style arguments: `-name=value` flags mixed with positional arguments, read as
 * libFuzzer's FuzzerDriver reads them. Arguments that start with `--` are ignored with an INFO line
 * (libFuzzer passes them to subprocesses), and a warning when one names a flag (`--runs=5`: did you
 * mean `-runs=5`?). `-ignore_remaining_args=1` ends parsing: nothing after it is read.
 */
export function parseArgs(argv: readonly string[], scope: OptionScope = "cli"): ParsedArgs {
  const p = emptyParse();
  let toldDashes = false;
  for (const arg of argv) {
    if (!arg.startsWith("-") || arg === "-") {
      p.positional.push(arg);
      continue;
    }
    if (arg.startsWith("--")) {
      if (!toldDashes) p.warnings.push("INFO: flags that start with '--' are ignored (as libFuzzer ignores them)");
      toldDashes = true;
      const single = arg.slice(1);
      const name = single.slice(1).split("=")[0]!;
      if (findOption(name) && single.includes("=")) p.warnings.push(`WARNING: did you mean '${escapeControl(single)}' (single dash)?`);
      continue;
    }
    parseFlag(arg, scope, p);
    if (p.options.ignore_remaining_args) {
      p.stopped = true;
      break;
    }
  }
  return p;
}

/** The -help text, generated from the table; flags bunfuzz accepts without acting on say why. */
export function helpText(): string {
  const lines = (OPTIONS as readonly OptionRow[]).filter((r) => !r.libfuzzer?.hidden).map((r) => {
    const lf = r.libfuzzer;
    const note = lf && lf.status !== "implemented" ? ` [accepted, ignored: ${lf.why}]` : "";
    return ` ${r.name.padEnd(36)} ${String(r.default === "" ? '""' : r.default).padEnd(8)} ${r.help}${note}`;
  });
  return `Flags (in the form -flag=value; name, default, meaning):\n${lines.join("\n")}\n` +
    "Flags starting with '--' are ignored, as in libFuzzer.\n";
}

/** The environment variable through which `bunfuzz test` passes a flag to fuzz() tests. */
export function testEnvName(row: OptionRow): string {
  return `BUNFUZZ_${row.name.toUpperCase()}`;
}
