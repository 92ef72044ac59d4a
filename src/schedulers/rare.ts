import type { Corpus } from "../corpus/corpus.ts";
import type { Testcase } from "../corpus/testcase.ts";
import type { Rng } from "../rng/rng.ts";
import { sampleCumulative } from "../rng/sample.ts";
import type { Scheduler } from "./types.ts";

/** Executions between full weight refreshes. A guess: a refresh costs O(features in the corpus). */
const REFRESH_EVERY = 8192;
/** Bounds of the cost factor. */
const MIN_COST = 0.25, MAX_COST = 4;

/**
 * Rare-feature schedule, in the spirit of libFuzzer's entropic schedule: an input's energy is the
 * sum over its features of 1/(how many executions touched that feature), so inputs holding
 * features that few executions reach are picked more; it is scaled by sqrt(average size / size),
 * favouring small inputs, which run faster and mutate more precisely. (libFuzzer scales by measured
 * execution time; a clock would make `-seed=N` runs unrepeatable, and size is a deterministic proxy.)
 * As an input's mutants touch its features again, their frequencies grow and its energy decays,
 * without any per-input bookkeeping.
 */
export class RareFeatureScheduler implements Scheduler {
  private cumulative = new Float64Array(64);
  private n = 0;
  private nextRefresh = REFRESH_EVERY;
  private avgLen = 0;

  constructor(
    private readonly corpus: Corpus,
    /** Per-feature execution counts (the shim's bf_feature_freq view). */
    private readonly freq: Uint16Array,
  ) {}

  private energy(t: Testcase): number {
    const f = this.freq, feats = t.features;
    let e = 0;
    for (let i = 0; i < feats.length; i++) e += 1 / (f[feats[i]!] || 1);
    let cost = 1;
    if (this.avgLen > 0) cost = Math.min(MAX_COST, Math.max(MIN_COST, Math.sqrt(this.avgLen / Math.max(1, t.data.length))));
    return e * cost;
  }

  private push(w: number): void {
    if (this.n === this.cumulative.length) {
      const grown = new Float64Array(this.n * 2);
      grown.set(this.cumulative);
      this.cumulative = grown;
    }
    this.cumulative[this.n] = (this.n ? this.cumulative[this.n - 1]! : 0) + w;
    this.n++;
  }

  private refresh(): void {
    const entries = this.corpus.entries;
    this.avgLen = entries.length ? this.corpus.totalBytes / entries.length : 0;
    this.n = 0;
    for (const t of entries) this.push(this.energy(t));
  }

  added(t: Testcase): void {
    const idx = this.corpus.entries.indexOf(t);
    // A replaced input (REDUCE) keeps its slot; its weight is corrected at the next refresh.
    if (idx === this.n) this.push(this.energy(t));
  }

  executed(_base: Testcase, _hits: Uint32Array, _n: number): void {}
  newFeatures(_features: Uint32Array, _n: number): void {}

  tick(execs: number): void {
    if (execs >= this.nextRefresh) {
      this.nextRefresh = execs + REFRESH_EVERY;
      this.refresh();
    }
  }

  pick(rng: Rng): Testcase {
    return this.corpus.entries[sampleCumulative(this.cumulative, this.n, rng)]!;
  }

}
