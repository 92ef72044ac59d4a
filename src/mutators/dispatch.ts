import type { Rng } from "../rng/rng.ts";
import { MUTATORS } from "./table.ts";
import { SKIP, type MutationState, type MutatorRow } from "./types.ts";

/**
 * Chooses mutators and applies one that does not skip. Choice is by the table's weights through a
 * cumulative array (a seam: the weighted-usefulness schedule replaces `cumulative`).
 */
export class Dispatcher {
  readonly rows: readonly MutatorRow[];
  /** cumulative[i] = sum of weights of rows 0..i */
  readonly cumulative: Float64Array;
  private total = 0;

  constructor(rows: readonly MutatorRow[] = MUTATORS, enabled?: (row: MutatorRow) => boolean) {
    this.rows = rows;
    this.cumulative = new Float64Array(rows.length);
    this.setWeights(rows.map((r) => (enabled && !enabled(r) ? 0 : r.weight)));
  }

  setWeights(weights: ArrayLike<number>): void {
    let t = 0;
    for (let i = 0; i < this.rows.length; i++) this.cumulative[i] = t += weights[i]!;
    this.total = t;
  }

  choose(rng: Rng): number {
    const x = (rng.next() / 4294967296) * this.total;
    const c = this.cumulative;
    let i = 0;
    while (i < c.length - 1 && c[i]! <= x) i++;
    return i;
  }

  /**
   * Applies one mutation to s.data (size s.size); returns the new size and writes the mutator's id
   * to `ids[at]`. After 100 skips it falls back to a one-byte input, as libFuzzer does.
   */
  mutate(s: MutationState, ids: Uint8Array, at: number): number {
    for (let iter = 0; iter < 100; iter++) {
      const id = this.choose(s.rng);
      const n = this.rows[id]!.fn(s);
      if (n !== SKIP && n <= s.maxSize) {
        ids[at] = id;
        return n;
      }
    }
    s.data[0] = 0x20;
    ids[at] = 0;
    return 1;
  }
}
