import type { SharedHeader } from "../coverage/header.ts";
import type { ShimStats } from "../coverage/stats.ts";

/**
 * What the engine needs from whatever runs the target (the native shim, or a JS target that reports
 * into the same shim): an input slot to mutate in place and a run that returns new features.
 */
export interface Executor {
  /** The input slot. The engine writes the next input here; its length is the capacity. */
  readonly input: Uint8Array;
  /** Runs input[0..len) once; returns the number of new features, or -1 if the target rejected it. */
  run(len: number): number;
  /** Features of the last run (ascending), valid up to stats.touchedCount. */
  readonly touched: Uint32Array;
  /** Features the last run reached first, valid up to stats.newCount. */
  readonly newFeatures: Uint32Array;
  /** Rare features the last run touched, valid up to stats.rareCount. */
  readonly rareHits: Uint32Array;
  /** The shim's per-execution results. */
  readonly stats: ShimStats;
  /** The shared header (mutation log, base unit, RNG state live here). */
  readonly header: SharedHeader;
}

/** An executor that can also run an input without recording its features (warm-up, replays). */
export interface DiscardingExecutor extends Executor {
  runDiscard(len: number): void;
}
