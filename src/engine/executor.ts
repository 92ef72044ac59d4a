/**
 * What the engine needs from whatever runs the target (the native shim, or a JS target that reports
 * into the same shim): an input slot to mutate in place and a run that returns new features.
 */
export interface Executor {
  /** The input slot. The engine writes the next input here; its length is the capacity. */
  readonly input: Uint8Array;
  /** Runs input[0..len) once; returns the number of new features, or -1 if the target rejected it. */
  run(len: number): number;
  /** Features of the last run (ascending), valid up to stats[STAT.touchedCount]. */
  readonly touched: Uint32Array;
  /** Features the last run reached first, valid up to stats[STAT.newCount]. */
  readonly newFeatures: Uint32Array;
  /** Rare features the last run touched, valid up to stats[STAT.rareCount]. */
  readonly rareHits: Uint32Array;
  /** struct bf_stats words (see coverage/abi.ts STAT). */
  readonly stats: Uint32Array;
  /** The shared header (mutation log, base unit, RNG state live here). */
  readonly header: DataView;
  readonly shared: Uint8Array;
}

/** An executor that can also run an input without recording its features (warm-up, replays). */
export interface DiscardingExecutor extends Executor {
  runDiscard(len: number): void;
}
