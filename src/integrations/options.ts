import type { Smith } from "../smith/index.ts";

/** A fuzz test's harness: bytes, or (with `smith: true`) a reader of typed values. */
export type ByteHarness = (data: Uint8Array) => unknown;
export type SmithHarness = (s: Smith) => unknown;

/** Options of fuzz(name, fn, options). All fields are optional. */
export interface FuzzOptions {
  /** Inputs always replayed (and used as the fuzzing seeds): bytes or strings (UTF-8). */
  seeds?: (Uint8Array | string)[];
  /** Corpus and crasher folder, relative to the test file (default testdata/fuzz/<name>). */
  corpus?: string;
  /** The harness takes a Smith (typed values) instead of bytes. */
  smith?: boolean;
  /**
   * The harness calls native code (nativeLibrary): replays and fuzzing run in a child process, so
   * a native crash fails this test instead of ending the test run.
   */
  native?: boolean;
  /** Fuzzing budget in seconds (default: BUNFUZZ_MAX_TOTAL_TIME, else 10). */
  maxTotalTime?: number;
  /** Fuzzing executions budget (default: none). */
  runs?: number;
  /** RNG seed for fuzzing (default: BUNFUZZ_SEED, else random). */
  seed?: number;
  /** Largest input in bytes (default 4096). */
  maxLen?: number;
  /** Per-input timeout in seconds while fuzzing (default 10). */
  timeout?: number;
  /** Globs or npm package names to instrument (default: the test's project, without node_modules). */
  instrument?: string[];
}
