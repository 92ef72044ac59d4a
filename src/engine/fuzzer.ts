import type { Corpus } from "../corpus/corpus.ts";
import type { Testcase } from "../corpus/testcase.ts";
import { EngineError } from "../findings/errors.ts";
import type { Dispatcher } from "../mutators/dispatch.ts";
import { sequenceName } from "../mutators/table.ts";
import type { CompareSource, MutationState, NativeMutationHooks, WordSource } from "../mutators/types.ts";
import type { WordList } from "../mutators/words.ts";
import type { Rng } from "../rng/rng.ts";
import type { Scheduler } from "../schedulers/types.ts";
import type { Stage } from "../stages/types.ts";
import { copyBytes } from "../util/copyBytes.ts";
import { toAscii } from "../mutators/bytes.ts";
import { FeatureHolders } from "./shrink.ts";
import { BF_MAX_MUTATIONS } from "../coverage/abi.ts";
import { WEIGHT_REFRESH_RUNS } from "../mutators/dispatch.ts";
import type { DiscardingExecutor } from "./executor.ts";
import { LoopClock } from "./clock.ts";
import { rssMb, statusLine, type Snapshot } from "./progress.ts";
import { HEARTBEAT_MS, type EngineConfig, type EngineListener } from "./config.ts";
import { SeedQueue } from "./seedQueue.ts";
import { LengthControl } from "./lengthControl.ts";
import { containsAll } from "../util/sorted.ts";

export type { EngineConfig, EngineListener } from "./config.ts";


/**
 * The fuzzing loop: pick → mutate → run → judge → record. It owns the corpus and the mutation
 * state; the executor owns the target and the coverage map.
 *
 * The loop is one stepper with two drivers: `fuzzSlice` calls the steps synchronously,
 * `fuzzSliceAsync` awaits each execution of a target that returns promises. Every decision lives in the
 * steps (beginPick, nextMutant, judge, endPick), so the two drivers cannot drift apart.
 */
export class Fuzzer {
  execs = 0;
  newUnits = 0;
  stopped = false;
  /** Set when SIGINT/SIGTERM asked the run to stop. */
  interrupted = false;
  /** Set when the -exit_on_item input joined the corpus: the run ends at once, without closing lines. */
  foundItem = false;
  private readonly clock: LoopClock;
  /** -shrink: which input holds each feature (absent when -shrink is off). */
  private readonly holders?: FeatureHolders;
  /** -len_control: the length limit mutants grow within. */
  private readonly len: LengthControl;
  private nextPulse = 1;
  private nextBeat = 0;
  private nextWeights = WEIGHT_REFRESH_RUNS;
  private sliceEnd = Infinity;
  private sliceOver = false;
  private readonly ms: MutationState;
  private readonly ids: Uint8Array;
  private readonly autoDict: WordList;
  private readonly canonicalize?: (input: Uint8Array) => Uint8Array;
  /** The cross-over partner of the current pick (see pickBase). */
  private partner: Uint8Array | undefined;
  /** The current pick: its base, mutants run so far, and the chain since the last reset. */
  private base!: Testcase;
  private depthLeft = 0;
  private chained = 0;
  /** Mutations applied to the input now in the slot (the mutation log's length; may exceed its 64 slots). */
  private logged = 0;
  private readonly stage?: Stage;
  /** Whether the stage owns the current pick. */
  private staging = false;
  /** The seed phase's inputs still to run. */
  private seeds = new SeedQueue([]);

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
      /** A stage that may take a pick's inputs from its base instead of mutating (src/stages/). */
      stage?: Stage;
    },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.clock = new LoopClock(now);
    this.holders = cfg.shrink ? new FeatureHolders(corpus, (t) => listener.evicted?.(t)) : undefined;
    this.autoDict = dicts.auto;
    this.canonicalize = dicts.canonicalize;
    this.stage = dicts.stage;
    this.len = new LengthControl(cfg.maxLen, cfg.lenControl);
    const cap = ex.input.length;
    this.ids = ex.header.mutationIds;
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

  /** The sync driver until -runs, -max_total_time or a stop request. */
  fuzz(): void {
    this.fuzzSlice(Infinity);
  }

  /**
   * The sync driver for about `ms` milliseconds and about `runs` executions (checked per pick, so a
   * pick's stacked mutants may add up to -mutate_depth - 1). A JS target's worker runs slices and
   * yields between them, so timers, signals and rejected promises the target left behind get their
   * turn. Returns whether fuzzing should go on.
   */
  fuzzSlice(ms: number, runs = Infinity): boolean {
    const ex = this.ex, runsEnd = this.execs + runs;
    this.sliceEnd = this.now() + ms;
    this.sliceOver = false;
    this.checkRuns();
    while (!this.stopped && !this.sliceOver && this.execs < runsEnd) {
      this.beginPick();
      while (this.nextMutant()) if (this.judge(ex.run(this.ms.size))) break;
      this.endPick();
    }
    return !this.stopped;
  }

  /**
   * The async driver, for targets that return promises: each execution is awaited. Like the sync
   * driver it runs for about `ms` milliseconds, so a target whose promises settle as microtasks
   * still lets timers, signals and messages from other workers in between slices.
   */
  async fuzzSliceAsync(ms: number, run: (len: number) => number | Promise<number>): Promise<boolean> {
    this.sliceEnd = this.now() + ms;
    this.sliceOver = false;
    this.checkRuns();
    while (!this.stopped && !this.sliceOver) {
      this.beginPick();
      while (this.nextMutant()) if (this.judge(await run(this.ms.size))) break;
      this.endPick();
    }
    return !this.stopped;
  }

  /**
   * An input another worker of the campaign (`fromPeer`) or another process on the corpus directory
   * found (already on disk): runs it here and keeps it when it reaches features this worker has not
   * seen, without a NEW line or a listener call.
   */
  adopt(data: Uint8Array, fromPeer = false): boolean {
    const n = this.load(data);
    return this.adopted(this.seedRan(n, this.ex.run(n)), fromPeer);
  }

  /** adopt() for targets that return promises. */
  async adoptAsync(data: Uint8Array, run: (len: number) => number | Promise<number>, fromPeer = false): Promise<boolean> {
    const n = this.load(data);
    return this.adopted(this.seedRan(n, await run(n)), fromPeer);
  }

  /**
   * A peer's input kept here is the campaign's progress, as a find of this worker's own: it holds
   * the length limit back (with peers the limit follows the campaign's runs: campaignLenControl in runner/session.ts).
   */
  private adopted(kept: boolean, fromPeer: boolean): boolean {
    if (kept && fromPeer) this.len.progressed(this.execs);
    return kept;
  }

  /** libFuzzer's RELOAD line, after inputs taken from the corpus directory added features. */
  reloaded(): void {
    this.status("RELOAD");
  }

  /** -runs counts the seed phase too (as libFuzzer's TotalNumberOfRuns): it may be spent already. */
  private checkRuns(): void {
    if (this.cfg.runs >= 0 && this.execs >= this.cfg.runs) this.stopped = true;
  }

  /** Prints the final status line (once, after a driver returns). */
  done(): void {
    this.status("DONE");
  }

  /**
   * Step: the next input to mutate and, once per pick as libFuzzer's MutateAndTestOne does, its
   * cross-over partner, drawn from the same schedule (libFuzzer's default).
   */
  private beginPick(): void {
    this.base = this.pickLive();
    this.partner = this.cfg.crossOver && this.corpus.active > 1 ? this.pickLive().data : undefined;
    this.depthLeft = this.cfg.mutateDepth;
    this.chained = 0;
    this.beginInput(this.base);
    this.staging = this.stage !== undefined && this.stage.begin(this.base);
  }

  /** The schedule's pick, drawn again while it is an input -shrink evicted (only -shrink evicts). */
  private pickLive(): Testcase {
    let t = this.scheduler.pick(this.rng);
    while (t.evicted) t = this.scheduler.pick(this.rng);
    return t;
  }

  /**
   * Step: applies the next stacked mutation (resetting to the base at the chain limit: Go's
   * chained-mutation limit). Returns false when the pick has run its -mutate_depth mutants.
   */
  private nextMutant(): boolean {
    if (this.staging) return this.nextStaged(this.stage!);
    if (this.depthLeft-- <= 0) return false;
    const limit = this.cfg.chainLimit;
    if (limit > 0 && this.chained === limit) { this.beginInput(this.base); this.chained = 0; }
    this.ms.size = this.dispatcher.mutate(this.ms);
    if (this.cfg.onlyAscii) toAscii(this.ms.data, this.ms.size);
    this.chained++;
    const id = this.dispatcher.lastId;
    if (id >= 0) {
      if (this.logged < BF_MAX_MUTATIONS) this.ids[this.logged] = id;
      this.ex.header.mutationCount = ++this.logged;
    }
    return true;
  }

  /** Step, for a pick a stage owns: its next input, logged as that many of the stage's edits. */
  private nextStaged(stage: Stage): boolean {
    const n = stage.next(this.ms);
    if (n < 0) return false;
    this.ms.size = n;
    const logged = stage.logTo ? stage.logTo(this.ids) : -1;
    if (logged >= 0) this.ex.header.mutationCount = this.logged = logged;
    else {
      for (let i = 0; i < Math.min(stage.edits, BF_MAX_MUTATIONS); i++) this.ids[i] = stage.mutatorId;
      this.ex.header.mutationCount = this.logged = stage.edits;
    }
    return true;
  }

  /** Step: the pick is over. */
  private endPick(): void {
    if (this.staging) { this.stage!.end(); this.staging = false; }
    this.base.mutations++;
    this.tick();
  }

  /**
   * Step: judges one execution's result. True when this pick is over: a new input, a REDUCE, the
   * -runs budget reached, or a stop (checked here, per execution, when the clock is due).
   */
  private judge(fresh: number): boolean {
    const base = this.base, size = this.ms.size, st = this.ex.stats;
    this.execs++;
    this.scheduler.executed(base, this.ex.rareHits, st.rareCount);
    if (this.staging) this.stage!.ran(fresh);
    if (this.execs >= this.clock.nextRead) this.readClock();
    // A partial stage's runs reach only the suffix's features: new ones are kept, and the pick goes on.
    const partial = this.staging && this.stage!.partial === true;
    const takes = this.holders && fresh >= 0 && !partial ? this.holders.takeable(this.ex.touched, st.touchedCount, size) : 0;
    if (fresh > 0 || takes > 0) {
      this.record(size);
      base.successes++;
      return !partial || (this.cfg.runs >= 0 && this.execs >= this.cfg.runs) || this.stopped;
    }
    if (fresh === 0 && !partial && size < base.data.length && this.cfg.reduceInputs && this.reduce(base, size)) { base.successes++; return true; }
    return (this.cfg.runs >= 0 && this.execs >= this.cfg.runs) || this.stopped;
  }

  /** Copies a corpus input into the slot and resets the per-input mutation state and log. */
  private beginInput(base: Testcase): void {
    const s = this.ms;
    copyBytes(s.data, 0, base.data, 0, base.data.length);
    s.size = base.data.length;
    s.maxSize = Math.min(this.cfg.maxLen, Math.max(base.data.length, this.len.limit));
    s.lastWordLen = 0;
    const h = this.ex.header;
    copyBytes(h.baseSha1, 0, base.sha1Bytes, 0, base.sha1Bytes.length);
    h.rngState.set(this.rng.state);
    h.mutationCount = this.logged = 0;
  }

  /** The bytes to keep for the input now in the slot (canonical, for Smith harnesses). */
  private keep(size: number): Uint8Array {
    const raw = this.ex.input.slice(0, size);
    if (!this.canonicalize) return raw;
    const canon = this.canonicalize(raw);
    return canon.length <= this.cfg.maxLen ? canon : raw;
  }

  /** The last run found new features: keep the input, and the word that got it there. */
  private record(size: number): void {
    const t = this.admit(size);
    this.dispatcher.credit(this.ids, Math.min(this.logged, BF_MAX_MUTATIONS));
    this.newUnits++;
    this.len.progressed(this.execs);
    if (this.ms.lastWordLen > 0) this.autoDict.add(this.ms.lastWord.subarray(0, this.ms.lastWordLen));
    const how = this.mutationTail(size);
    this.listener.newInput(t, how);
    this.status("NEW", how);
    this.checkItem(t);
  }

  /** Adds the input now in the slot to the corpus with the features its run reached first. */
  private admit(size: number): Testcase {
    const st = this.ex.stats;
    const touched = this.ex.touched.slice(0, st.touchedCount);
    const fresh = this.ex.newFeatures.slice(0, st.newCount);
    const uniq = this.holders ? this.holders.withTaken(fresh) : fresh;
    const t = this.corpus.add(this.keep(size), uniq, this.execs, touched, st.work);
    this.holders?.claim(t, uniq);
    this.scheduler.newFeatures(fresh, fresh.length);
    this.scheduler.added(t);
    return t;
  }

  /** -exit_on_item: libFuzzer checks each input that joins the corpus (NEW, REDUCE, seeds). */
  private checkItem(t: Testcase): void {
    if (!this.cfg.exitOnItem || t.sha1 !== this.cfg.exitOnItem) return;
    this.foundItem = this.stopped = true;
  }

  /**
   * REDUCE: the mutant is smaller than its base and still touched every feature the base was first
   * to reach, so it takes the base's place. `touched` is sorted, so each check is a binary search.
   */
  private reduce(base: Testcase, size: number): boolean {
    const st = this.ex.stats, touched = this.ex.touched, n = st.touchedCount, uniq = base.uniqFeatures;
    if (uniq.length === 0 || !containsAll(touched, n, uniq)) return false;
    const old = this.corpus.replace(base, this.keep(size), touched.slice(0, n), st.work);
    this.scheduler.added(base);
    this.dispatcher.credit(this.ids, Math.min(this.logged, BF_MAX_MUTATIONS));
    this.len.progressed(this.execs); // libFuzzer's ReportNewCoverage: a REDUCE also holds the length limit back
    const how = this.mutationTail(size);
    this.listener.replaced(base, old, how);
    this.status("REDUCE", how);
    this.checkItem(base);
    return true;
  }

  private mutationTail(size: number): string {
    return ` L: ${size}/${this.corpus.maxInputSize} MS: ${this.logged} ${sequenceName(this.ids, this.logged)}`;
  }

  /**
   * Stop conditions and the end of a slice, when the clock is due. A slice ends between picks, never
   * inside one, so where slices end does not change a seeded run; a stop ends the pick at once.
   */
  private readClock(): void {
    const now = this.clock.read(this.execs);
    if (this.cfg.maxTotalTime > 0 && now - this.clock.startMs >= this.cfg.maxTotalTime * 1000) this.stopped = true;
    if (now >= this.sliceEnd) this.sliceOver = true;
    if (this.ex.header.stopRequested) this.stopped = this.interrupted = true;
    if (now >= this.nextBeat && this.listener.heartbeat) {
      this.nextBeat = now + HEARTBEAT_MS;
      this.listener.heartbeat(this.snapshot());
    }
    if (this.listener.pollStop?.()) this.stopped = true;
  }

  /** Cheap per-pick bookkeeping: the -runs budget, length control, weights, pulse lines. */
  private tick(): void {
    const execs = this.execs;
    this.scheduler.tick(execs);
    if (this.dispatcher.weighted && execs >= this.nextWeights) {
      this.nextWeights = execs + WEIGHT_REFRESH_RUNS;
      this.dispatcher.refreshWeights();
    }
    if (this.cfg.runs >= 0 && execs >= this.cfg.runs) this.stopped = true;
    this.len.tick(execs);
    if (execs >= this.nextPulse) {
      while (this.nextPulse <= execs) this.nextPulse *= 2;
      if (this.clock.elapsedMs() >= 2000) this.status("pulse");
    }
  }

  /**
   * The seed phase, sync driver: one throw-away run of the empty input, then each seed once; those
   * that reach new features are kept. With no seed kept, "\n" starts the corpus (libFuzzer's way).
   */
  runSeeds(seeds: readonly Uint8Array[]): void {
    this.ex.runDiscard(0);
    this.execs++;
    this.beginSeeds(seeds);
    for (let n; !this.foundItem && (n = this.nextSeed()) >= 0;) this.seedRan(n, this.ex.run(n));
    this.seedsDone();
  }

  /** The seed phase, async driver (no throw-away run: an async target's first run would be lost to it). */
  async runSeedsAsync(seeds: readonly Uint8Array[], run: (len: number) => Promise<number>): Promise<void> {
    this.beginSeeds(seeds);
    for (let n; !this.foundItem && (n = this.nextSeed()) >= 0;) this.seedRan(n, await run(n));
    this.seedsDone();
  }

  private beginSeeds(seeds: readonly Uint8Array[]): void {
    this.seeds = new SeedQueue(seeds);
  }

  /** Step: loads the next seed into the slot and returns its length, or -1 when the phase is over. */
  private nextSeed(): number {
    const seed = this.seeds.next(this.corpus.size === 0);
    return seed ? this.load(seed) : -1;
  }

  /** Puts an unmutated input (a seed, another worker's find) in the slot; returns its length. */
  private load(data: Uint8Array): number {
    const n = Math.min(data.length, this.ex.input.length);
    this.ex.input.set(data.subarray(0, n), 0);
    this.ex.header.mutationCount = 0;
    return n;
  }

  /** Counts a seed's (or adopted input's) run and keeps it if it reached new features; returns whether it did. */
  private seedRan(n: number, fresh: number): boolean {
    this.execs++;
    const st = this.ex.stats;
    const takes = this.holders && fresh >= 0 ? this.holders.takeable(this.ex.touched, st.touchedCount, n) : 0;
    if (fresh <= 0 && takes === 0) return false;
    this.checkItem(this.admit(n));
    return true;
  }

  private seedsDone(): void {
    if (this.foundItem) return;
    if (this.corpus.size === 0) {
      throw new EngineError("target", "no interesting inputs were found: is the code instrumented for coverage? (rebuild with bunfuzz build, or check -instrument for JS targets)");
    }
    this.len.start(this.corpus.maxInputSize);
    this.status("INITED");
  }

  /**
   * Starts from one input without running it (crash minimization: it is known to crash). Mutants
   * must stay below -max_len, which is shorter than the input, so only shrinking mutations apply.
   */
  startFrom(input: Uint8Array): void {
    const t = this.corpus.add(input.slice(), new Uint32Array(), this.execs);
    this.scheduler.added(t);
    this.len.limit = this.cfg.maxLen;
    this.status("INITED");
  }

  snapshot(): Snapshot {
    const secs = this.clock.elapsedMs() / 1000;
    return {
      elapsed: secs,
      newUnits: this.newUnits,
      execs: this.execs,
      cov: this.ex.stats.coveredEdges,
      ft: this.ex.stats.totalFeatures,
      corpusSize: this.corpus.active,
      corpusBytes: this.corpus.totalBytes,
      lim: this.len.limit,
      execPerSec: secs > 0 ? Math.floor(this.execs / secs) : 0,
      rssMb: rssMb(),
    };
  }

  /** Edges of the instrumented code (the stack-depth block not counted). */
  edgeCount(): number {
    return this.ex.stats.edgeCount();
  }

  /** First pseudo-edge of the stack-depth block (0: none): its features are not edges. */
  depthEdge(): number {
    return this.ex.stats.depthEdge;
  }

  elapsedSeconds(): number {
    return this.clock.elapsedMs() / 1000;
  }

  private status(what: "INITED" | "NEW" | "REDUCE" | "pulse" | "DONE" | "RELOAD", tail = ""): void {
    const snap = this.snapshot();
    this.listener.status(statusLine(what, snap, tail), snap);
  }
}
