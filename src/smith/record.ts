/**
 * Record mode: run a harness over an input and list the values it consumed, in order. The list
 * drives describe(), the tests, and canonicalize(), which turns any input (raw bytes included)
 * into the Smith file that makes the harness read exactly the same values.
 */
import { encode } from "./codec.ts";
import { Smith, type RecordedValue } from "./smith.ts";

/** A harness: reads values from a Smith and exercises the code under test. */
export type SmithHarness = (s: Smith) => unknown;

/** `harness` as a byte harness: one reader, reset to each input (what a fuzz target calls). */
export function overBytes(harness: SmithHarness): (data: Uint8Array) => unknown {
  const s = new Smith();
  return (data) => harness(s.reset(data));
}

/** What a recorded run consumed, and how it ended (a harness that throws still has its values). */
export interface Recording {
  readonly values: readonly RecordedValue[];
  /** True when the harness threw; `error` is what it threw. */
  readonly threw: boolean;
  readonly error?: unknown;
}

/** Runs `harness` once over `bytes` in record mode. Never throws for the harness's errors. */
export function record(harness: SmithHarness, bytes: Uint8Array): Recording {
  const s = new Smith().setRecording(true).reset(bytes);
  try {
    harness(s);
    return { values: s.recorded, threw: false };
  } catch (error) {
    return { values: s.recorded, threw: true, error };
  }
}

/** record() for a harness that returns a promise: values consumed until it settles. */
export async function recordAsync(harness: (s: Smith) => unknown, bytes: Uint8Array): Promise<Recording> {
  const s = new Smith().setRecording(true).reset(bytes);
  try {
    await harness(s);
    return { values: s.recorded, threw: false };
  } catch (error) {
    return { values: s.recorded, threw: true, error };
  }
}

/**
 * The Smith file that gives `harness` the same values `bytes` gives it: one record per consumed
 * value (defaults included), in the order consumed, and no tail; bytes it never read are dropped.
 * The engine stores new corpus inputs in this form so the value mutators can work on them (it may
 * be longer than a raw input: the caller keeps whichever fits its length limit).
 */
export function canonicalize(harness: SmithHarness, bytes: Uint8Array): Uint8Array {
  return encode(record(harness, bytes).values);
}
