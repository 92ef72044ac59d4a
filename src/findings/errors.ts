/**
 * Engine errors: our fault or the user's set-up, never the target's. They are never saved as
 * findings. Each kind has its own exit code, distinct from libFuzzer's finding codes (1, 70, 71, 77),
 * and a message of one line that names the thing at fault and the next step.
 */
import { writeStderr } from "../util/stderr.ts";
import { escapeControlKeepLines } from "../util/escape.ts";
export const ENGINE_EXIT = {
  /** An unknown flag, a flag value of the wrong type, a missing argument. */
  usage: 2,
  /** A file or directory named by the user is missing, unreadable or malformed (dictionaries too). */
  input: 3,
  /** The target does not load, has no entry point, or is not instrumented. */
  target: 4,
  /** A tool the project needs (Zig, clang's runtime) is missing or failed. */
  toolchain: 5,
  /** A bug in bunfuzz itself, or a worker that died of a fault (SIGSEGV, ...) outside the target. */
  internal: 6,
  /** A directory bunfuzz must write (the output corpus) is read-only, full or not writable. */
  io: 7,
} as const;

export type EngineErrorKind = keyof typeof ENGINE_EXIT;

export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "EngineError";
  }

  get exitCode(): number {
    return ENGINE_EXIT[this.kind];
  }
}

/** Prints an engine error as one line and returns its exit code; anything else is an internal bug. */
export function reportEngineError(e: unknown): number {
  if (e instanceof EngineError) {
    // Messages echo paths and values the user gave: no control character reaches the terminal.
    writeStderr(`bunfuzz: error: ${escapeControlKeepLines(e.message)}\n`);
    return e.exitCode;
  }
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  writeStderr(`bunfuzz: internal error (please report it): ${msg}\n`);
  return ENGINE_EXIT.internal;
}
