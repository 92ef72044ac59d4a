/**
 * Invariants of bunfuzz's own parsers of user input, checked by fuzz() tests (parsers.test.ts):
 * whatever the input, a parser returns a value or throws an EngineError of its kind whose message
 * is one line with no raw control characters; what it returns is within the option table's bounds;
 * and what bunfuzz prints in a parser's syntax (the recommended dictionary, a command line) reads
 * back to the same value.
 */
import { EngineError, type EngineErrorKind } from "../../src/findings/errors.ts";
import { escapeWord, parseDictionary } from "../../src/mutators/dictFile.ts";
import { applyOptionsText } from "../../src/options/optionsFile.ts";
import { emptyParse, parseArgs, type ParsedArgs } from "../../src/options/parse.ts";
import { OPTIONS, type OptionRow } from "../../src/options/table.ts";

/** Raw control characters (C0, DEL, C1) a message must show escaped. */
const RAW_CONTROL = /[\x00-\x1f\x7f-\x9f]/;

function fail(what: string, input: unknown): never {
  throw new Error(`${what}\n  input: ${JSON.stringify(input)}`);
}

/** Runs `parse`; an EngineError must be one of `kinds` and one clean line. Returns the value, or undefined after an error. */
function guarded<T>(parse: () => T, kinds: EngineErrorKind[], input: unknown): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof EngineError)) fail(`threw ${e instanceof Error ? e.name : typeof e} instead of an EngineError: ${String(e)}`, input);
    if (!kinds.includes(e.kind)) fail(`an EngineError of kind ${e.kind}, not ${kinds.join("/")}: ${e.message}`, input);
    if (RAW_CONTROL.test(e.message)) fail(`the message has a raw control character or a newline: ${JSON.stringify(e.message)}`, input);
    return undefined;
  }
}

function cleanLines(lines: readonly string[], input: unknown): void {
  for (const l of lines) if (RAW_CONTROL.test(l)) fail(`a warning has a raw control character or a newline: ${JSON.stringify(l)}`, input);
}

const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A dictionary file's bytes: parsed, or refused cleanly; what parses prints back to the same words. */
export function checkDictionary(data: Uint8Array): void {
  const text = Buffer.from(data).toString("latin1");
  const words = guarded(() => parseDictionary(text, "fuzz.dict"), ["input"], text);
  if (!words) return;
  const printed = words.map((w) => `"${escapeWord(w)}"`).join("\n");
  const again = parseDictionary(printed, "printed.dict");
  if (again.length !== words.length || !words.every((w, i) => same(w, again[i]!))) fail("the printed dictionary reads back differently", text);
}

/** Every option within its row's range (a parser must never store what the table refuses). */
function checkBounds(p: ParsedArgs, input: unknown): void {
  const values = p.options as Record<string, unknown>;
  for (const row of OPTIONS as readonly OptionRow[]) {
    // A flag bunfuzz accepts and ignores keeps whatever loose value it was given (it is never read).
    if (row.libfuzzer && row.libfuzzer.status !== "implemented") continue;
    const v = values[row.name];
    if (row.type === "list") { if (!Array.isArray(v)) fail(`-${row.name} is not a list`, input); continue; }
    if (row.type === "string") { if (typeof v !== "string" || (row.choices && !row.choices.includes(v))) fail(`-${row.name}=${String(v)} is not one of its values`, input); continue; }
    if (typeof v !== "number" || !Number.isSafeInteger(v)) fail(`-${row.name}=${String(v)} is not an integer`, input);
    const lo = row.type === "bool" ? 0 : row.min ?? (row.type === "uint" ? 0 : -Infinity);
    const hi = row.type === "bool" ? 1 : row.max ?? Infinity;
    if ((v < lo || v > hi) && !row.wraps) fail(`-${row.name}=${v} is outside [${lo}, ${hi}]`, input);
  }
}

/** A `.options` file's text: applied, or refused cleanly; every value within bounds. */
export function checkOptionsFile(data: Uint8Array): void {
  const text = new TextDecoder().decode(data);
  const p = emptyParse();
  const applied = guarded(() => { applyOptionsText(text, "fuzz.options", p); return true; }, ["input", "usage"], text);
  cleanLines(p.warnings, text);
  if (!applied) return;
  checkBounds(p, text);
}

/** A command line: parsed, or refused cleanly; within bounds; its explicit flags, printed as flags, parse back to the same options. */
export function checkFlags(argv: string[]): void {
  const p = guarded(() => parseArgs(argv), ["usage"], argv);
  if (!p) return;
  cleanLines(p.warnings, argv);
  checkBounds(p, argv);
  const values = p.options as Record<string, unknown>;
  const printed = [...p.explicit].map((name) => {
    const v = values[name];
    return `-${name}=${Array.isArray(v) ? v.join(",") : String(v)}`;
  });
  const again = parseArgs(printed);
  for (const name of p.explicit) {
    if (JSON.stringify((again.options as Record<string, unknown>)[name]) !== JSON.stringify(values[name])) {
      fail(`-${name} does not read back: ${JSON.stringify(values[name])} printed as ${printed.join(" ")}`, argv);
    }
  }
}

/** Flag names to draw from, so most generated arguments reach a real row. */
export const FLAG_NAMES = (OPTIONS as readonly OptionRow[]).map((r) => r.name);
