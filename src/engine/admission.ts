import type { Corpus } from "../corpus/corpus.ts";
import type { Testcase } from "../corpus/testcase.ts";
import type { Scheduler } from "../schedulers/types.ts";
import { containsAll } from "../util/sorted.ts";
import type { EngineConfig } from "./config.ts";
import type { DiscardingExecutor } from "./executor.ts";
import { FeatureHolders } from "./shrink.ts";

/**
 * Which inputs join the corpus, and with which features: an input whose execution reached new
 * features (or, with -shrink, took features over from larger inputs) is added with the features
 * it reached first; a smaller mutant that still touches every feature its base was first to reach
 * takes the base's place (libFuzzer's REDUCE). Reads the execution's results from the executor;
 * the corpus and the scheduler are told of every change. What the loop says about it (NEW and
 * REDUCE lines, the listener) is the loop's.
 */
export class Admission {
  /** -shrink: which input holds each feature (absent when -shrink is off). */
  private readonly holders?: FeatureHolders;

  constructor(
    private readonly ex: DiscardingExecutor,
    private readonly cfg: EngineConfig,
    private readonly corpus: Corpus,
    private readonly scheduler: Scheduler,
    /** -shrink evicted an input: smaller ones hold all its features now. */
    evicted: (t: Testcase) => void,
    /**
     * Rewrites an input before it joins the corpus (Smith harnesses: the canonical encoding, whose
     * records the value mutators need). Its coverage is not counted. The raw input is kept when the
     * result would exceed -max_len.
     */
    private readonly canonicalize?: (input: Uint8Array) => Uint8Array,
  ) {
    this.holders = cfg.shrink ? new FeatureHolders(corpus, evicted) : undefined;
  }

  /**
   * Whether the execution just judged makes the input of `size` bytes in the slot worth keeping:
   * `fresh` new features (-1: a failed run), or with -shrink features it would take over from
   * larger holders. `partial`: a partial stage's run, which reaches only the suffix's features and
   * so takes nothing over.
   */
  worthKeeping(fresh: number, size: number, partial = false): boolean {
    // Asked even when fresh > 0: takeable() notes the features admit() then claims.
    const takes = this.holders && fresh >= 0 && !partial ? this.holders.takeable(this.ex.touched, this.ex.stats.touchedCount, size) : 0;
    return fresh > 0 || takes > 0;
  }

  /** Adds the input now in the slot to the corpus with the features its run reached first. */
  admit(size: number, execs: number): Testcase {
    const st = this.ex.stats;
    const touched = this.ex.touched.slice(0, st.touchedCount);
    const fresh = this.ex.newFeatures.slice(0, st.newCount);
    const uniq = this.holders ? this.holders.withTaken(fresh) : fresh;
    const t = this.corpus.add(this.keep(size), uniq, execs, touched, st.work);
    this.holders?.claim(t, uniq);
    this.scheduler.newFeatures(fresh, fresh.length);
    this.scheduler.added(t);
    return t;
  }

  /**
   * REDUCE: when the mutant of `size` bytes in the slot still touched every feature `base` was
   * first to reach, it takes the base's place; returns the replaced input's SHA-1, or undefined
   * when it does not qualify. The run's features are sorted, so each check is a binary search.
   */
  reduce(base: Testcase, size: number): string | undefined {
    const st = this.ex.stats, touched = this.ex.touched, n = st.touchedCount, uniq = base.uniqFeatures;
    if (uniq.length === 0 || !containsAll(touched, n, uniq)) return undefined;
    const old = this.corpus.replace(base, this.keep(size), touched.slice(0, n), st.work);
    this.scheduler.added(base);
    return old;
  }

  /**
   * Another worker's REDUCE of `base` (runner/peers.ts), just run with `fresh` new features: as
   * reduce(), and when the smaller input also reached features new here (hit counts the other
   * worker had seen already), `base` holds those too, as a new input would. With -shrink, whose
   * holders know no such merge, only a run without new features qualifies.
   */
  reducePeer(base: Testcase, size: number, fresh: number): string | undefined {
    if (fresh > 0 && this.holders) return undefined;
    const more = fresh > 0 ? this.ex.newFeatures.slice(0, this.ex.stats.newCount) : undefined;
    const old = this.reduce(base, size);
    if (old === undefined || !more) return old;
    const uniq = new Uint32Array(base.uniqFeatures.length + more.length);
    uniq.set(base.uniqFeatures);
    uniq.set(more, base.uniqFeatures.length);
    base.uniqFeatures = uniq.sort();
    this.scheduler.newFeatures(more, more.length);
    return old;
  }

  /** The bytes to keep for the input now in the slot (canonical, for Smith harnesses). */
  private keep(size: number): Uint8Array {
    const raw = this.ex.input.slice(0, size);
    if (!this.canonicalize) return raw;
    const canon = this.canonicalize(raw);
    return canon.length <= this.cfg.maxLen ? canon : raw;
  }
}
