import type { Corpus } from "../corpus/corpus.ts";
import type { Testcase } from "../corpus/testcase.ts";
import { EngineError } from "../findings/errors.ts";
import type { Dispatcher } from "../mutators/dispatch.ts";
import type { MutationState } from "../mutators/types.ts";
import type { WordList } from "../mutators/words.ts";
import type { Rng } from "../rng/rng.ts";
import type { Scheduler } from "../schedulers/types.ts";
import { WEIGHT_REFRESH_RUNS } from "../mutators/dispatch.ts";
import type { DiscardingExecutor } from "./executor.ts";
import { LoopClock } from "./clock.ts";
import { rssMb, statusLine, type Snapshot } from "./progress.ts";
import { HEARTBEAT_MS, type EngineConfig, type EngineListener } from "./config.ts";
import { SeedQueue } from "./seedQueue.ts";
import { LengthControl } from "./lengthControl.ts";
import { Admission } from "./admission.ts";
import { Mutant, type MutantSources } from "./mutant.ts";

export type { EngineConfig, EngineListener } from "./config.ts";


/**
 * The fuzzing loop: pick → mutate → run → judge → record. It owns the corpus; the mutant in the
 * slot and its mutation log are Mutant's, which inputs join the corpus is Admission's, and the
 * executor owns the target and the coverage map.
 *
 * The loop is one stepper with two drivers: `fuzzSlice` calls the steps synchronously,
 * `fuzzSliceAsync` awaits each execution of a target that returns promises. Every decision lives in the
 * steps (beginPick, mutant.next, judge, endPick), so the two drivers cannot drift apart.
 */
export class Fuzzer {
  execs = 0;
  /** Peers' REDUCEs that took the place of an input here (adopt with `replaces`). */
  peerReductions = 0;
  newUnits = 0;
  stopped = false;
  /** Set when SIGINT/SIGTERM asked the run to stop. */
  interrupted = false;
  /** Set when the -exit_on_item input joined the corpus: the run ends at once, without closing lines. */
  foundItem = false;
  private readonly clock: LoopClock;
  /** -len_control: the length limit mutants grow within. */
  private readonly len: LengthControl;
  private nextPulse = 1;
  private nextBeat = 0;
  private nextWeights = WEIGHT_REFRESH_RUNS;
  private sliceEnd = Infinity;
  private sliceOver = false;
  /** The input in the slot and how it was made; ms is its mutation state (the hot loop reads its size). */
  private readonly mutant: Mutant;
  private readonly ms: MutationState;
  private readonly admission: Admission;
  private readonly autoDict: WordList;
  /** The current pick's base. */
  private base!: Testcase;
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
    dicts: MutantSources & {
      /**
       * Rewrites an input before it joins the corpus (Smith harnesses: the canonical encoding, whose
       * records the value mutators need). Its coverage is not counted. Keeps the raw input when the
       * result would exceed -max_len.
       */
      canonicalize?: (input: Uint8Array) => Uint8Array;
    },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.clock = new LoopClock(now);
    this.autoDict = dicts.auto;
    this.len = new LengthControl(cfg.maxLen, cfg.lenControl, cfg.lenGrowth);
    this.mutant = new Mutant(ex, cfg, rng, dispatcher, this.len, dicts);
    this.ms = this.mutant.ms;
    this.admission = new Admission(ex, cfg, corpus, scheduler, (t) => listener.evicted?.(t), dicts.canonicalize);
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
      while (this.mutant.next()) if (this.judge(ex.run(this.ms.size))) break;
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
      while (this.mutant.next()) if (this.judge(await run(this.ms.size))) break;
      this.endPick();
    }
    return !this.stopped;
  }

  /**
   * An input another worker of the campaign (`fromPeer`) or another process on the corpus directory
   * found (already on disk): runs it here and keeps it when it reaches features this worker has not
   * seen, without a NEW line or a listener call. `replaces`: it is a peer's REDUCE of the input of
   * that SHA-1, and takes that input's place here when it still touches every feature the input
   * was first to reach here (Admission.reducePeer), silently: the campaign has it already. Returns
   * whether the input joined the corpus as a new entry.
   */
  adopt(data: Uint8Array, fromPeer = false, replaces?: string): boolean {
    const n = this.load(data);
    return this.adopted(n, this.ex.run(n), fromPeer, replaces);
  }

  /** adopt() for targets that return promises. */
  async adoptAsync(data: Uint8Array, run: (len: number) => number | Promise<number>, fromPeer = false, replaces?: string): Promise<boolean> {
    const n = this.load(data);
    return this.adopted(n, await run(n), fromPeer, replaces);
  }

  /**
   * Other workers' finds or REDUCEs arrived, each the campaign's progress whether or not it is new
   * here: it holds the length limit back as this worker's own would (runner/session.ts,
   * campaignLength).
   */
  peersProgressed(): void {
    this.len.progressed(this.execs);
  }

  private adopted(n: number, fresh: number, fromPeer: boolean, replaces?: string): boolean {
    const base = replaces === undefined ? undefined : this.corpus.find(replaces);
    this.execs++;
    if (base && !base.evicted && fresh >= 0 && n < base.data.length && this.admission.reducePeer(base, n, fresh) !== undefined) {
      this.peerReductions++;
      this.checkItem(base);
      return false;
    }
    return this.keepIfNew(n, fresh, fromPeer);
  }

  private keepIfNew(n: number, fresh: number, fromPeer: boolean): boolean {
    if (!this.admission.worthKeeping(fresh, n)) return false;
    const t = this.admission.admit(n, this.execs);
    // The worker that found a peer's input offers it to the stages (src/stages/): their finds from
    // it reach this worker anyway.
    t.staged = fromPeer;
    this.checkItem(t);
    return true;
  }

  /** libFuzzer's RELOAD line, after inputs taken from the corpus directory added features. */
  reloaded(): void {
    this.status("RELOAD");
  }

  /** -runs counts the seed phase too (as libFuzzer's TotalNumberOfRuns): it may be spent already. */
  private checkRuns(): void {
    if (this.runsSpent) this.stopped = true;
  }

  /** Whether the -runs budget is spent (every execution counts: seeds, mutants, others' inputs). */
  get runsSpent(): boolean {
    return this.cfg.runs >= 0 && this.execs >= this.cfg.runs;
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
    this.mutant.begin(this.base, this.cfg.crossOver && this.corpus.active > 1 ? this.pickLive().data : undefined);
  }

  /** The schedule's pick, drawn again while it is an input -shrink evicted (only -shrink evicts). */
  private pickLive(): Testcase {
    let t = this.scheduler.pick(this.rng);
    while (t.evicted) t = this.scheduler.pick(this.rng);
    return t;
  }

  /** Step: the pick is over. */
  private endPick(): void {
    this.mutant.end();
    this.base.mutations++;
    this.tick();
  }

  /**
   * Step: judges one execution's result. True when this pick is over: a new input (unless a
   * partial stage owns the pick: Mutant.goesOn), a REDUCE, the -runs budget reached, or a stop
   * (checked here, per execution, when the clock is due).
   */
  private judge(fresh: number): boolean {
    const base = this.base, size = this.ms.size, st = this.ex.stats;
    this.execs++;
    this.scheduler.executed(base, this.ex.rareHits, st.rareCount);
    // A partial stage's runs reach only the suffix's features: new ones are kept, and nothing is taken over.
    const partial = this.mutant.ran(fresh);
    if (this.execs >= this.clock.nextRead) this.readClock();
    if (this.admission.worthKeeping(fresh, size, partial)) {
      this.record(size);
      base.successes++;
      return !this.mutant.goesOn || this.runsSpent || this.stopped;
    }
    if (fresh === 0 && !partial && size < base.data.length && this.cfg.reduceInputs && this.reduce(base, size)) { base.successes++; return true; }
    return this.runsSpent || this.stopped;
  }

  /** The last run found new features: keep the input, and the word that got it there. */
  private record(size: number): void {
    const t = this.admission.admit(size, this.execs);
    this.mutant.credit();
    this.newUnits++;
    this.len.progressed(this.execs);
    const word = this.mutant.lastWord();
    if (word) this.autoDict.add(word);
    const how = this.mutant.tail(size, this.corpus.maxInputSize);
    this.listener.newInput(t, how);
    this.status("NEW", how);
    this.checkItem(t);
  }

  /** -exit_on_item: libFuzzer checks each input that joins the corpus (NEW, REDUCE, seeds). */
  private checkItem(t: Testcase): void {
    if (!this.cfg.exitOnItem || t.sha1 !== this.cfg.exitOnItem) return;
    this.foundItem = this.stopped = true;
  }

  /** REDUCE: the mutant is smaller than its base and may take the base's place (Admission.reduce). */
  private reduce(base: Testcase, size: number): boolean {
    const old = this.admission.reduce(base, size);
    if (old === undefined) return false;
    this.mutant.credit();
    this.len.progressed(this.execs); // libFuzzer's ReportNewCoverage: a REDUCE also holds the length limit back
    const how = this.mutant.tail(size, this.corpus.maxInputSize);
    this.listener.replaced(base, old, how);
    this.status("REDUCE", how);
    this.checkItem(base);
    return true;
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
    if (this.runsSpent) this.stopped = true;
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
    return this.keepIfNew(n, fresh, false);
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
