import { HDR, STAT } from "../coverage/abi.ts";
import type { Corpus } from "../corpus/corpus.ts";
import type { Testcase } from "../corpus/testcase.ts";
import { EngineError } from "../findings/errors.ts";
import type { Dispatcher } from "../mutators/dispatch.ts";
import { sequenceName } from "../mutators/table.ts";
import type { CompareSource, MutationState, NativeMutationHooks, WordSource } from "../mutators/types.ts";
import type { WordList } from "../mutators/words.ts";
import type { Rng } from "../rng/rng.ts";
import type { Scheduler } from "../schedulers/types.ts";
import { copyBytes } from "../util/copyBytes.ts";
import { WEIGHT_REFRESH_RUNS } from "../mutators/dispatch.ts";
import type { DiscardingExecutor } from "./executor.ts";
import { rssMb, statusLine, type Snapshot } from "./progress.ts";

const NEWLINE = Uint8Array.of(0x0a);

export interface EngineConfig {
  /** Largest input the mutators may produce (bytes). */
  maxLen: number;
  /** libFuzzer's -len_control: runs without new coverage per step of the length limit (0: off). */
  lenControl: number;
  /** Mutations stacked on one input before the next pick (libFuzzer's -mutate_depth). */
  mutateDepth: number;
  /** Total executions, or -1 for no limit. */
  runs: number;
  /** Seconds, or 0 for no limit. */
  maxTotalTime: number;
  /** Stacked mutations before the input resets to its corpus original (0: never within a pick). */
  chainLimit: number;
  /** Replace an input by a smaller one reaching the same unique features (libFuzzer's REDUCE). */
  reduceInputs: boolean;
}

/** Where the engine's events go. The loop itself does no I/O; listeners do. */
export interface EngineListener {
  status(line: string): void;
  newInput(t: Testcase): void;
  /** An input was replaced by a smaller one (REDUCE); `oldSha1` names the file it replaces. */
  replaced(t: Testcase, oldSha1: string): void;
}

/**
 * The fuzzing loop: pick → mutate → run → judge → record. It owns the corpus and the mutation
 * state; the executor owns the target and the coverage map.
 */
export class Fuzzer {
  execs = 0;
  newUnits = 0;
  stopped = false;
  /** Set when SIGINT/SIGTERM asked the run to stop. */
  interrupted = false;
  private readonly startMs: number;
  private curMaxLen: number;
  private lastCorpusUpdate = 0;
  private nextPulse = 1;
  private nextClock = 64;
  private nextWeights = WEIGHT_REFRESH_RUNS;
  private sliceEnd = Infinity;
  private sliceOver = false;
  private readonly ms: MutationState;
  private readonly ids: Uint8Array;
  private readonly autoDict: WordList;
  private readonly canonicalize?: (input: Uint8Array) => Uint8Array;
  /** The cross-over partner of the current pick (see pickBase). */
  private partner: Uint8Array | undefined;

  constructor(
    private readonly ex: DiscardingExecutor,
    private readonly cfg: EngineConfig,
    private readonly rng: Rng,
    readonly corpus: Corpus,
    private readonly scheduler: Scheduler,
    private readonly dispatcher: Dispatcher,
    private readonly listener: EngineListener,
    dicts: {
      manual: WordSource; auto: WordList; compares: CompareSource; native?: NativeMutationHooks;
      /**
       * Rewrites an input before it joins the corpus (Smith harnesses: the canonical encoding, whose
       * records the value mutators need). Its coverage is not counted. Keeps the raw input when the
       * result would exceed -max_len.
       */
      canonicalize?: (input: Uint8Array) => Uint8Array;
    },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startMs = now();
    this.autoDict = dicts.auto;
    this.canonicalize = dicts.canonicalize;
    this.curMaxLen = cfg.maxLen;
    const cap = ex.input.length;
    this.ids = ex.shared.subarray(HDR.mutationIds, HDR.mutationIds + 64);
    this.ms = {
      data: ex.input,
      size: 0,
      maxSize: cfg.maxLen,
      scratch: new Uint8Array(cap),
      rng,
      otherInput: () => this.partner,
      manualDict: dicts.manual,
      autoDict: dicts.auto,
      compares: dicts.compares,
      lastWord: new Uint8Array(256),
      lastWordLen: 0,
      native: dicts.native,
    };
  }

  /** The mutation state the loop uses (for LLVMFuzzerMutate, which borrows it). */
  get mutationState(): MutationState {
    return this.ms;
  }

  /** The hot loop. Runs until -runs, -max_total_time or stop(). */
  fuzz(): void {
    this.fuzzSlice(Infinity);
    this.status("DONE");
  }

  /**
   * The hot loop for at most `ms` milliseconds (checked with the clock, every 64 executions). A JS
   * target's worker runs slices and yields between them, so timers, signals and rejected promises
   * the target left behind get their turn. Returns whether fuzzing should go on.
   */
  fuzzSlice(ms: number): boolean {
    const ex = this.ex, depth = this.cfg.mutateDepth;
    this.sliceEnd = this.now() + ms;
    this.sliceOver = false;
    while (!this.stopped && !this.sliceOver) {
      const base = this.pickBase();
      this.beginInput(base);
      for (let d = 0, chained = 0; d < depth; d++) {
        chained = this.mutateNext(base, chained);
        if (this.judge(base, chained, ex.run(this.ms.size))) break;
      }
      base.mutations++;
      this.tick();
    }
    return !this.stopped;
  }

  /** Prints the final status line. */
  done(): void {
    this.status("DONE");
  }

  /** The same loop for targets that return promises: each execution is awaited. */
  async fuzzAsync(run: (len: number) => number | Promise<number>): Promise<void> {
    const depth = this.cfg.mutateDepth;
    while (!this.stopped) {
      const base = this.pickBase();
      this.beginInput(base);
      for (let d = 0, chained = 0; d < depth; d++) {
        chained = this.mutateNext(base, chained);
        if (this.judge(base, chained, await run(this.ms.size))) break;
      }
      base.mutations++;
      this.tick();
    }
    this.status("DONE");
  }

  /**
   * The next input to mutate and, once per pick as libFuzzer's MutateAndTestOne does, its
   * cross-over partner, drawn from the same schedule (libFuzzer's default).
   */
  private pickBase(): Testcase {
    const base = this.scheduler.pick(this.rng);
    this.partner = this.corpus.size > 1 ? this.scheduler.pick(this.rng).data : undefined;
    return base;
  }

  /** Applies the next stacked mutation (resetting to the base at the chain limit); returns the chain length. */
  private mutateNext(base: Testcase, chained: number): number {
    const limit = this.cfg.chainLimit;
    if (chained === limit && limit > 0) { this.beginInput(base); chained = 0; } // Go's chained-mutation limit
    this.ms.size = this.dispatcher.mutate(this.ms, this.ids, chained++);
    this.ex.header.setUint32(HDR.mutationCount, chained, true);
    return chained;
  }

  /** Judges one execution's result; true when this pick is over (new input, REDUCE, or -runs reached). */
  private judge(base: Testcase, chained: number, fresh: number): boolean {
    const size = this.ms.size, st = this.ex.stats;
    this.execs++;
    this.scheduler.executed(base, this.ex.rareHits, st[STAT.rareCount]!);
    if (fresh > 0) { this.record(size, chained); return true; }
    if (fresh === 0 && size < base.data.length && this.cfg.reduceInputs && this.reduce(base, size, chained)) return true;
    return this.execs === this.cfg.runs;
  }

  /** Copies a corpus input into the slot and resets the per-input mutation state. */
  private beginInput(base: Testcase): void {
    const s = this.ms;
    copyBytes(s.data, 0, base.data, 0, base.data.length);
    s.size = base.data.length;
    s.maxSize = Math.min(this.cfg.maxLen, Math.max(base.data.length, this.curMaxLen));
    s.lastWordLen = 0;
    copyBytes(this.ex.shared, HDR.baseSha1, base.sha1Bytes, 0, base.sha1Bytes.length);
  }

  /** The bytes to keep for the input now in the slot (canonical, for Smith harnesses). */
  private keep(size: number): Uint8Array {
    const raw = this.ex.input.slice(0, size);
    if (!this.canonicalize) return raw;
    const canon = this.canonicalize(raw);
    return canon.length <= this.cfg.maxLen ? canon : raw;
  }

  /** The last run found new features: keep the input, and the word that got it there. */
  private record(size: number, nMutations: number): void {
    const st = this.ex.stats;
    const touched = this.ex.touched.slice(0, st[STAT.touchedCount]!);
    const uniq = this.ex.newFeatures.slice(0, st[STAT.newCount]!);
    const data = this.keep(size);
    const t = this.corpus.add(data, uniq, this.execs, touched, st[STAT.work]!);
    this.scheduler.newFeatures(uniq, uniq.length);
    this.scheduler.added(t);
    this.dispatcher.credit(this.ids, nMutations);
    this.newUnits++;
    this.lastCorpusUpdate = this.execs;
    if (this.ms.lastWordLen > 0) this.autoDict.add(this.ms.lastWord.subarray(0, this.ms.lastWordLen));
    this.listener.newInput(t);
    this.status("NEW", ` L: ${size}/${this.corpus.maxInputSize} MS: ${nMutations} ${sequenceName(this.ids, nMutations)}`);
  }

  /**
   * REDUCE: the mutant is smaller than its base and still touched every feature the base was first
   * to reach, so it takes the base's place. `touched` is sorted, so each check is a binary search.
   */
  private reduce(base: Testcase, size: number, nMutations: number): boolean {
    const st = this.ex.stats, touched = this.ex.touched, n = st[STAT.touchedCount]!, uniq = base.uniqFeatures;
    if (uniq.length === 0) return false;
    for (let i = 0; i < uniq.length; i++) {
      const f = uniq[i]!;
      let lo = 0, hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (touched[mid]! < f) lo = mid + 1;
        else hi = mid;
      }
      if (lo === n || touched[lo] !== f) return false;
    }
    const old = this.corpus.replace(base, this.keep(size), touched.slice(0, n), st[STAT.work]!);
    this.scheduler.added(base);
    this.dispatcher.credit(this.ids, nMutations);
    this.lastCorpusUpdate = this.execs; // libFuzzer's ReportNewCoverage: a REDUCE also holds the length limit back
    this.listener.replaced(base, old);
    this.status("REDUCE", ` L: ${size}/${this.corpus.maxInputSize} MS: ${nMutations} ${sequenceName(this.ids, nMutations)}`);
    return true;
  }

  /** Cheap per-pick bookkeeping: stop conditions, length control, weights, pulse lines. */
  private tick(): void {
    const execs = this.execs;
    this.scheduler.tick(execs);
    if (this.dispatcher.weighted && execs >= this.nextWeights) {
      this.nextWeights = execs + WEIGHT_REFRESH_RUNS;
      this.dispatcher.refreshWeights();
    }
    if (this.cfg.runs >= 0 && execs >= this.cfg.runs) this.stopped = true;
    if (this.cfg.lenControl && this.curMaxLen < this.cfg.maxLen) {
      const log = 31 - Math.clz32(this.curMaxLen);
      if (execs - this.lastCorpusUpdate > this.cfg.lenControl * log) {
        this.curMaxLen = Math.min(this.cfg.maxLen, this.curMaxLen + log);
        this.lastCorpusUpdate = execs;
      }
    }
    if (execs >= this.nextPulse) {
      while (this.nextPulse <= execs) this.nextPulse *= 2;
      if (this.now() - this.startMs >= 2000) this.status("pulse");
    }
    if (execs >= this.nextClock) { // the clock costs ~30 ns: read it every 64 executions
      this.nextClock = execs + 64;
      const now = this.now();
      if (this.cfg.maxTotalTime > 0 && now - this.startMs >= this.cfg.maxTotalTime * 1000) this.stopped = true;
      if (now >= this.sliceEnd) this.sliceOver = true;
      if (this.ex.header.getUint32(HDR.stopRequested, true) !== 0) this.stopped = this.interrupted = true;
    }
  }

  /**
   * Runs the seed inputs (smallest first) and keeps those that reach new features, after one
   * throw-away run of the empty input. With no seeds kept, "\n" starts the corpus (libFuzzer's way).
   */
  runSeeds(seeds: readonly Uint8Array[]): void {
    this.ex.runDiscard(0);
    this.execs++;
    for (const seed of this.seedOrder(seeds)) this.seedRan(this.loadSeed(seed), this.ex.run(this.loadedLen));
    if (this.corpus.size === 0) this.seedRan(this.loadSeed(NEWLINE), this.ex.run(this.loadedLen));
    this.seedsDone();
  }

  /** runSeeds for targets that return promises (no throw-away run: it would hide features). */
  async runSeedsAsync(seeds: readonly Uint8Array[], run: (len: number) => Promise<number>): Promise<void> {
    for (const seed of this.seedOrder(seeds)) this.seedRan(this.loadSeed(seed), await run(this.loadedLen));
    if (this.corpus.size === 0) this.seedRan(this.loadSeed(NEWLINE), await run(this.loadedLen));
    this.seedsDone();
  }

  private loadedLen = 0;

  private seedOrder(seeds: readonly Uint8Array[]): Uint8Array[] {
    return [...seeds].sort((a, b) => a.length - b.length);
  }

  private loadSeed(seed: Uint8Array): number {
    const n = Math.min(seed.length, this.ex.input.length);
    this.ex.input.set(seed.subarray(0, n), 0);
    this.ex.header.setUint32(HDR.mutationCount, 0, true);
    return (this.loadedLen = n);
  }

  private seedRan(n: number, fresh: number): void {
    this.execs++;
    if (fresh <= 0) return;
    const st = this.ex.stats;
    const uniq = this.ex.newFeatures.slice(0, st[STAT.newCount]!);
    const touched = this.ex.touched.slice(0, st[STAT.touchedCount]!);
    const t = this.corpus.add(this.keep(n), uniq, this.execs, touched, st[STAT.work]!);
    this.scheduler.newFeatures(uniq, uniq.length);
    this.scheduler.added(t);
  }

  private seedsDone(): void {
    if (this.corpus.size === 0) {
      throw new EngineError("target", "no interesting inputs were found: is the code instrumented for coverage? (rebuild with bunfuzz build, or check -instrument for JS targets)");
    }
    this.curMaxLen = this.cfg.lenControl ? Math.min(this.cfg.maxLen, Math.max(4, this.corpus.maxInputSize)) : this.cfg.maxLen;
    this.status("INITED");
  }

  /**
   * Starts from one input without running it (crash minimization: it is known to crash). Mutants
   * must stay below -max_len, which is shorter than the input, so only shrinking mutations apply.
   */
  startFrom(input: Uint8Array): void {
    const t = this.corpus.add(input.slice(), new Uint32Array(), this.execs);
    this.scheduler.added(t);
    this.curMaxLen = this.cfg.maxLen;
    this.status("INITED");
  }

  snapshot(): Snapshot {
    const secs = (this.now() - this.startMs) / 1000;
    return {
      execs: this.execs,
      cov: this.ex.stats[STAT.coveredEdges]!,
      ft: this.ex.stats[STAT.totalFeatures]!,
      corpusSize: this.corpus.size,
      corpusBytes: this.corpus.totalBytes,
      lim: this.curMaxLen,
      execPerSec: secs > 0 ? Math.floor(this.execs / secs) : 0,
      rssMb: rssMb(),
    };
  }

  elapsedSeconds(): number {
    return (this.now() - this.startMs) / 1000;
  }

  private status(what: "INITED" | "NEW" | "REDUCE" | "pulse" | "DONE", tail = ""): void {
    this.listener.status(statusLine(what, this.snapshot(), tail));
  }
}
