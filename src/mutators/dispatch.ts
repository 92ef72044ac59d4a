import type { Rng } from "../rng/rng.ts";
import { sampleCumulative } from "../rng/sample.ts";
import { MUTATORS } from "./table.ts";
import { SKIP, type MutationState, type MutatorRow } from "./types.ts";

/** Executions between refreshes of the usefulness weights (libFuzzer's patch used 10,000). */
export const WEIGHT_REFRESH_RUNS = 10_000;
/** Share of choices made by usefulness when weighting is on; the rest stay uniform (the patch's 80/20). */
const WEIGHTED_PERCENT = 80;

/**
 * Chooses mutators and applies one that does not skip. With weighting on
 * (references/libfuzzer-weighted-mutations.txt), 80% of choices follow each mutator's measured
 * usefulness (new coverage per use, refreshed every WEIGHT_REFRESH_RUNS executions) and 20% follow
 * the table's static weights, so no mutator starves.
 */
export class Dispatcher {
  readonly rows: readonly MutatorRow[];
  private readonly base: Float64Array;
  private readonly enabled: boolean[];
  private readonly byUse: Float64Array;
  /** Times each mutator was applied. Starts at 1 (with useful at 1) so every ratio is defined. */
  readonly uses: Float64Array;
  /** Times each mutator was part of a sequence that found new coverage or reduced an input. */
  readonly useful: Float64Array;

  constructor(rows: readonly MutatorRow[] = MUTATORS, enabled?: (row: MutatorRow) => boolean, readonly weighted = false) {
    this.rows = rows;
    const n = rows.length;
    this.base = new Float64Array(n);
    this.byUse = new Float64Array(n);
    this.uses = new Float64Array(n).fill(1);
    this.useful = new Float64Array(n).fill(1);
    this.enabled = rows.map((r) => !enabled || enabled(r));
    let t = 0;
    for (let i = 0; i < n; i++) this.base[i] = t += this.enabled[i] ? rows[i]!.weight : 0;
    this.refreshWeights();
  }

  /** Recomputes the usefulness distribution from the counts. */
  refreshWeights(): void {
    let t = 0;
    for (let i = 0; i < this.rows.length; i++) {
      this.byUse[i] = t += this.enabled[i] ? this.useful[i]! / this.uses[i]! : 0;
    }
  }

  choose(rng: Rng): number {
    if (this.weighted && rng.below(100) < WEIGHTED_PERCENT) return sampleCumulative(this.byUse, this.rows.length, rng);
    return sampleCumulative(this.base, this.rows.length, rng);
  }

  /** Credits every mutator of a sequence that paid off. */
  credit(ids: Uint8Array, count: number): void {
    for (let i = 0; i < count; i++) this.useful[ids[i]!]!++;
  }

  /** The row the last mutate() applied, or -1 when every choice skipped and it fell back. */
  lastId = -1;

  /**
   * Applies one mutation to s.data (size s.size) and returns the new size; `lastId` says which
   * row. After 100 skips it falls back to a one-space input, as libFuzzer does, and no row is
   * recorded or credited for it (libFuzzer's MS: line omits it too).
   */
  mutate(s: MutationState): number {
    for (let iter = 0; iter < 100; iter++) {
      const id = this.choose(s.rng);
      const n = this.rows[id]!.fn(s);
      if (n !== SKIP && n <= s.maxSize) {
        this.lastId = id;
        this.uses[id]!++;
        return n;
      }
    }
    this.lastId = -1;
    s.data[0] = 0x20;
    return 1;
  }
}
