/**
 * How a failing fuzz test reads: what it found first (the target's own error, its code frame
 * at the target's throw site), then the input (for a Smith harness, the typed values it read),
 * where it was saved, and the commands that reproduce it, with the test name escaped as the
 * regular expression `--test-name-pattern` takes.
 */
import { describeValues, recordAsync, type SmithHarness } from "../smith/index.ts";

/** Bytes as text: printable ASCII as is, the rest as \xNN; long inputs cut at 256 bytes. */
export function printable(b: Uint8Array): string {
  let out = "";
  for (const c of b.subarray(0, 256)) out += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, "0")}`;
  return b.length > 256 ? `${out}... (${b.length} bytes)` : out;
}

/** A string as a regular expression that matches exactly it. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A word for a POSIX shell, single-quoted when it needs to be. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** The pattern that selects exactly the test of this full name (describe names and its own, space-joined, as bun test matches). */
export function exactTestPattern(fullName: string): string {
  return `^${escapeRegExp(fullName)}$`;
}

/** `bun test FILE --test-name-pattern PATTERN`, quoted for a shell. */
export function reproduceCommand(file: string, pattern: string): string {
  return `bun test ${shellQuote(file)} --test-name-pattern ${shellQuote(pattern)}`;
}

/**
 * The input as a report shows it: the typed values a Smith harness reads from it (one per line),
 * or the bytes; `note` goes inside the parentheses after the size. Runs the harness once more for
 * the Smith values; what it throws then is returned too, so the caller can report the target's
 * own error.
 */
export async function describeInput(input: Uint8Array, smith?: SmithHarness, note = ""): Promise<{ text: string; rec?: { threw: boolean; error?: unknown } }> {
  if (!smith) return { text: `input "${printable(input)}" (${input.length} bytes${note})` };
  const rec = await recordAsync(smith, input);
  return { text: `input of ${rec.values.length} typed values (${input.length} bytes${note}):\n${describeValues(rec.values)}`, rec };
}
