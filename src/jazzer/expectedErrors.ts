/**
 * Jazzer.js's expected errors (`-x Error`, bunfuzz's -expected_errors): a campaign that is meant to
 * find a given error succeeds when its finding is that error, and fails when it finds another one
 * or none (Jazzer.js's FuzzingExitCode.UnexpectedError, 78). Only findings the target throws are
 * judged; a timeout or a deadly signal keeps libFuzzer's exit code, as under Jazzer.js, where
 * libFuzzer ends the process itself.
 */

/** Exit code of a campaign whose finding is not one of the expected errors, or that found none. */
export const UNEXPECTED_EXIT = 78;

/**
 * The name an expected error is matched by, as Jazzer.js's errorName: an Error's `name`, a thrown
 * primitive's text; other objects cannot be named ("unknown").
 */
export function errorName(e: unknown): string {
  if (e instanceof Error) return e.name;
  if (typeof e !== "object" || e === null) return String(e);
  return "unknown";
}

/** The line Jazzer.js prints at the end of a campaign with expected errors, and its exit code. */
export function expectedVerdict(expected: readonly string[], found: { name?: string; matched: boolean } | undefined): { line: string; code: number } {
  if (!found) return { line: `ERROR: Received no error, but expected one of [${expected.join(",")}].`, code: UNEXPECTED_EXIT };
  if (found.matched) return { line: `INFO: Received expected error${found.name ? ` "${found.name}"` : ""}.`, code: 0 };
  return { line: `ERROR: Received error${found.name ? ` "${found.name}"` : ""} is not in expected errors [${expected.join(",")}].`, code: UNEXPECTED_EXIT };
}
