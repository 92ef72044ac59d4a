import type { Rng } from "../rng/rng.ts";

/** A mutator's answer when it does not apply to this input (libFuzzer returns 0 likewise). */
export const SKIP = 0;

/** A word a dictionary-like mutator can write (manual dictionary, auto-dictionary, compare log). */
export interface Word {
  readonly bytes: Uint8Array;
}

/** Where mutators find words; each returns undefined when it has none. */
export interface WordSource {
  /** Number of words available (0 = the mutator skips). */
  readonly size: number;
  pick(rng: Rng): Word | undefined;
}

/** Compare operands recorded by the target during recent executions (see coverage/cmpLog.ts). */
export interface CompareSource {
  /**
   * Fills `pair` with one recorded failed comparison, as two byte strings (integers in
   * little-endian, `width` bytes each). Returns false when the log is empty.
   */
  pickPair(rng: Rng, pair: ComparePair): boolean;
}

/** Preallocated holder for one compare pair; reused across executions. */
export interface ComparePair {
  a: Uint8Array;
  aLen: number;
  b: Uint8Array;
  bLen: number;
  /** Integer width in bytes (1, 2, 4, 8), or 0 for memory/string compares. */
  width: number;
}

/** A native target's own mutation hooks (LLVMFuzzerCustomMutator / CustomCrossOver), on the slot. */
export interface NativeMutationHooks {
  customMutate(size: number, maxSize: number, seed: number): number;
  customCrossOver(other: Uint8Array, size: number, maxSize: number, seed: number): number;
}

/**
 * Everything a mutator may touch. One instance lives for the whole campaign: `data` is the input
 * slot in shared memory and is edited in place; `scratch` is a second buffer of the same capacity.
 * Ownership: only the engine loop writes `size`/`maxSize` between calls; mutators return the new
 * size instead of writing it.
 */
export interface MutationState {
  data: Uint8Array;
  size: number;
  /** The largest size the mutator may produce (the current length limit, <= data.length). */
  maxSize: number;
  scratch: Uint8Array;
  rng: Rng;
  /** A random other corpus input for cross-over, or undefined when the corpus has one input. */
  otherInput(): Uint8Array | undefined;
  manualDict: WordSource;
  autoDict: WordSource;
  compares: CompareSource;
  /** The last dictionary/compare word written, for the persistent auto-dictionary (length 0 = none). */
  lastWord: Uint8Array;
  lastWordLen: number;
  /** Present when the target defines custom mutation hooks (they edit `data`, the slot, in place). */
  native?: NativeMutationHooks;
}

/** A mutator: edits state.data[0..state.size) in place and returns the new size, or SKIP. */
export type MutatorFn = (s: MutationState) => number;

/**
 * Which rows a campaign enables, by what the target offers: the built-in byte-level set, the
 * compare-operand mutator (-use_cmp), the target's own hooks, and Smith's value-level rows. A
 * "stage" row is never chosen: it names a stage's edits in the mutation log (src/stages/).
 */
export type MutatorGroup = "bytes" | "cmp" | "custom" | "customCrossOver" | "smith" | "stage";

/** One row of the mutator table. `name` is printed verbatim in `MS:` lines. */
export interface MutatorRow {
  readonly name: string;
  readonly group: MutatorGroup;
  /** Relative weight in the uniform share of the choice (libFuzzer: all 1). */
  readonly weight: number;
  readonly fn: MutatorFn;
}
