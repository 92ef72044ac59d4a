/** One corpus input and what the engine knows about it. */
export interface Testcase {
  /** Position in the corpus (stable: REDUCE replaces in place). */
  index: number;
  /** The input bytes (owned by the corpus; never mutated in place). */
  data: Uint8Array;
  /** Hex SHA-1 of data: the file name in the corpus directory. */
  sha1: string;
  /** The same SHA-1 as 20 raw bytes, copied to the shared header as the "base unit". */
  sha1Bytes: Uint8Array;
  /** Features this input was the first to reach (sorted): what it must keep to be replaced. */
  uniqFeatures: Uint32Array;
  /** Every feature its last execution touched (sorted): what the rare-feature schedule weighs. */
  features: Uint32Array;
  /**
   * Compare callbacks during the execution that admitted it (the shim's bf_stats.work): its cost,
   * measured without a clock so that seeded runs repeat. 0 when the target has no compare
   * instrumentation.
   */
  work: number;
  /** Execution count when it was added. */
  addedAt: number;
  /** Mutations executed with this input as the base. */
  mutations: number;
  /** Of those, how many gave a new input or a REDUCE (libFuzzer's NumSuccessfullMutations). */
  successes: number;
  /** Whether a stage (src/stages/) has had its pick on this input. */
  staged: boolean;
  /** -shrink took all its features over: never picked again (see engine/shrink.ts). */
  evicted: boolean;
}
