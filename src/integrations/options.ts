import type { TestFlagOptions } from "../options/table.ts";
import type { Smith } from "../smith/index.ts";

/** A fuzz test's harness: bytes, or (with `smith: true`) a reader of typed values. */
export type ByteHarness = (data: Uint8Array) => unknown;
export type SmithHarness = (s: Smith) => unknown;

/**
 * Options of fuzz(name, fn, options). All fields are optional. Besides the fields below, the flags
 * of the option table that fuzz() accepts (`maxTotalTime`, `runs`, `seed`, `maxLen`, `timeout`,
 * `instrument`: src/options/table.ts, rows with `test`) take the flag's values, and their defaults
 * there; `bunfuzz test -flag=N` sets them for every test that does not set its own.
 */
export interface FuzzOptions extends TestFlagOptions {
  /** Inputs always replayed (and used as the fuzzing seeds): bytes or strings (UTF-8). */
  seeds?: (Uint8Array | string)[];
  /**
   * Corpus folder, relative to the test file: seeds, crashers and, when given, the inputs fuzzing
   * generates. Default: seeds and crashers in testdata/fuzz/<name>, generated inputs in a cache folder.
   */
  corpus?: string;
  /** The harness takes a Smith (typed values) instead of bytes. */
  smith?: boolean;
  /**
   * The harness calls native code (nativeLibrary): replays and fuzzing run in a child process, so
   * a native crash fails this test instead of ending the test run.
   */
  native?: boolean;
}
