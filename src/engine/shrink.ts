import type { Corpus } from "../corpus/corpus.ts";
import type { Testcase } from "../corpus/testcase.ts";

/**
 * libFuzzer's -shrink=1 (InputCorpus::AddFeature with Shrink): every feature has a holder, the
 * smallest corpus input that reaches it. An execution that reaches a feature with an input smaller
 * than its holder takes the feature over, and that makes the input worth keeping even when it
 * reaches nothing new; a holder left with no feature is evicted (never picked again, its file
 * removed if this run wrote it). Off by default, as in libFuzzer; the loop asks this class only
 * when it is on, and then pays one pass over each execution's features.
 */
export class FeatureHolders {
  /** Per feature: the holder's size + 1 (0: no holder yet). Grows with the feature space. */
  private sizes = new Uint32Array(1 << 16);
  /** Per feature: the holder's corpus index. */
  private holders = new Int32Array(1 << 16);
  /** Per corpus index: how many features it holds. */
  private readonly held: number[] = [];
  /** Features the last execution would take over (valid after takeable()). */
  private taken: number[] = [];

  constructor(private readonly corpus: Corpus, private readonly evicted: (t: Testcase) => void) {}

  private fit(feature: number): void {
    if (feature < this.sizes.length) return;
    let n = this.sizes.length;
    while (n <= feature) n *= 2;
    const s = new Uint32Array(n), h = new Int32Array(n);
    s.set(this.sizes);
    h.set(this.holders);
    this.sizes = s;
    this.holders = h;
  }

  /** How many of an execution's features (touched[0..n)) an input of `size` bytes would take over. */
  takeable(touched: Uint32Array, n: number, size: number): number {
    this.taken.length = 0;
    for (let i = 0; i < n; i++) {
      const f = touched[i]!;
      if (f < this.sizes.length && this.sizes[f]! > size + 1) this.taken.push(f);
    }
    return this.taken.length;
  }

  /** The features the last takeable() found, merged into `uniq` (both sorted ascending). */
  withTaken(uniq: Uint32Array): Uint32Array {
    if (!this.taken.length) return uniq;
    const all = new Uint32Array(uniq.length + this.taken.length);
    all.set(uniq);
    all.set(this.taken, uniq.length);
    return all.sort();
  }

  /** `t` joined the corpus holding `features` (its new ones and those it took over): the old holders lose them. */
  claim(t: Testcase, features: Uint32Array): void {
    this.held[t.index] = features.length;
    for (const f of features) {
      this.fit(f);
      if (this.sizes[f]) {
        const old = this.holders[f]!;
        if (old !== t.index && --this.held[old]! === 0) this.evict(this.corpus.entries[old]!);
      }
      this.sizes[f] = t.data.length + 1;
      this.holders[f] = t.index;
    }
    this.taken.length = 0;
  }

  private evict(t: Testcase): void {
    if (t.evicted) return;
    this.corpus.evict(t);
    this.evicted(t);
  }
}
