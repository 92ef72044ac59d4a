import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { CompareLog } from "../coverage/cmpLog.ts";
import { CompareTrace } from "../coverage/trace.ts";
import { InputToState } from "../stages/inputToState.ts";
import { StageBudget } from "../stages/stageBudget.ts";
import { PrefixSnapshot, type SnapshotHost } from "../stages/prefixSnapshot.ts";
import { firstOf } from "../stages/types.ts";
import type { Resumable } from "../snapshot/stateful.ts";
import type { Shim, TargetHooks } from "../coverage/ffi.ts";
import { Corpus, EXEC_OVERHEAD_WORK, JS_EXEC_OVERHEAD_WORK } from "../corpus/corpus.ts";
import { listCorpusFiles, readInputs } from "../corpus/disk.ts";
import { OutputDir } from "../corpus/outputDir.ts";
import type { DiscardingExecutor } from "../engine/executor.ts";
import type { SharedHeader } from "../coverage/header.ts";
import { ownStats, printCorpusStats, printFinalStats } from "../engine/finalStats.ts";
import { INTERRUPT_EXIT } from "../findings/exitCodes.ts";
import { Fuzzer } from "../engine/fuzzer.ts";
import { llvmFuzzerMutate } from "../engine/llvmMutate.ts";
import { escapeWord, readDictionary } from "../mutators/dictFile.ts";
import { Dispatcher } from "../mutators/dispatch.ts";
import type { MutatorRow } from "../mutators/types.ts";
import { WordList } from "../mutators/words.ts";
import { Xoshiro128 } from "../rng/rng.ts";
import { makeScheduler } from "../schedulers/choose.ts";
import { PeerLink, type PeerInput } from "./peers.ts";
import type { WorkerConfig } from "./protocol.ts";
import { LibFuzzerCoverage } from "../report/libfuzzerCoverage.ts";
import { StatusScreen } from "../report/statusScreen.ts";
import { SeriesWriter } from "../report/timeSeries.ts";
import { coverageUnits, type CoverageUnits } from "../report/units.ts";
import { ProgressListener } from "./progressListener.ts";
import { CorpusReload } from "./reload.ts";
import { CorpusJournal, HOLD_MS } from "./corpusJournal.ts";
import { HeldWrites } from "./heldWrites.ts";
import { SyncDir } from "./syncDir.ts";
import { writeStderr, writeStderrRaw } from "../util/stderr.ts";

export const log = (s: string) => writeStderr(`${s}\n`);

/**
 * Whether fd 2 is a terminal. node:tty is loaded only here, when -status_screen asks: importing it
 * loads Node's stream modules, which cost a worker about 10-20 ms of start-up (measured with
 * BUNFUZZ_TRACE_STARTUP), and start-up is part of every campaign's time to crash.
 */
function isStderrTty(): boolean {
  return (require("node:tty") as typeof import("node:tty")).isatty(2);
}

/** The start-up INFO lines: a campaign of several workers prints its first worker's only, once. */
export function startupLog(cfg: WorkerConfig): (s: string) => void {
  return cfg.peer && !cfg.peer.startupLines ? () => {} : log;
}

/** A fuzzing session in a worker: the engine assembled from the options, and its seeds. */
export interface Session {
  fuzzer: Fuzzer;
  auto: WordList;
  seeds: Uint8Array[];
  /** -print_pcs / -print_coverage printer, when either is on. */
  coverage?: LibFuzzerCoverage;
  /** Present when the campaign has several workers: the supervisor owns the corpus directory. */
  peers?: PeerLink;
  /** Re-reads the corpus directories for other processes' inputs (-reload), without peers. */
  reload?: CorpusReload;
  /** -sync_dir: an AFL++ sync directory, without peers (a pool's supervisor keeps its own). */
  sync?: SyncDir;
  /** The prefix-snapshot stage, when -prefix_snapshots=1 found a stateful harness. */
  snapshots?: PrefixSnapshot;
  /** This worker's corpus files not yet written (without peers, with a corpus directory): see corpusJournal.ts. */
  held?: HeldWrites;
}

/** What a session needs from its caller beyond the engine's parts. */
export interface SessionExtras {
  /** What the coverage map's edges stand for (default: the native modules' pc tables). */
  units?: () => CoverageUnits;
  /** Findings so far (a -keep_going JS worker counts them). */
  findings?: () => number;
  /** Dictionary words given in code (Jazzer.js's addDictionary), used with -dict's. */
  words?: readonly Uint8Array[];
  /** A stateful harness and the executor that runs its parts: the prefix-snapshot stage's (-prefix_snapshots). */
  snapshots?: { resumable: Resumable; host: SnapshotHost; runs?: number };
}

/** Milliseconds of fuzzing between two turns of the event loop (timers, signals, peers' inputs). */
const SLICE_MS = 50;

/**
 * Which mutator rows run: a target with LLVMFuzzerCustomMutator gets only its own hooks, as in
 * libFuzzer; otherwise the built-in rows (less CMP with -use_cmp=0), plus CustomCrossOver if defined.
 */
function enabledRows(o: WorkerConfig["options"], hooks: TargetHooks, smith: boolean): (row: MutatorRow) => boolean {
  return (row) => {
    switch (row.group) {
      case "smith": return smith;
      case "customCrossOver": return hooks.customCrossOver;
      case "custom": return hooks.customMutator;
      case "cmp": return !hooks.customMutator && o.use_cmp === 1;
      case "bytes": return !hooks.customMutator;
      case "stage": return false;
    }
  };
}

/** Assembles the engine for `ex` from the worker's options and reads the seed inputs. */
export function openSession(
  cfg: WorkerConfig, shim: Shim, ex: DiscardingExecutor, hooks: TargetHooks, smith?: (input: Uint8Array) => Uint8Array, extras: SessionExtras = {},
): Session {
  const o = cfg.options;
  const units = extras.units ?? (() => coverageUnits(shim));
  const coverage = o.print_pcs || o.print_coverage ? new LibFuzzerCoverage(shim, units, log) : undefined;
  const progress = new ProgressListener({
    // libFuzzer's -verbosity=0 prints no status lines; with peers the supervisor prints the campaign's.
    log: o.verbosity && !cfg.peer ? log : () => {},
    statusInterval: o.status_interval, pcs: o.print_pcs ? coverage : undefined, findings: extras.findings ?? (() => 0),
    screen: o.status_screen && o.verbosity && !cfg.peer && isStderrTty() ? new StatusScreen(writeStderrRaw) : undefined,
    series: cfg.statsFile && cfg.campaign && !cfg.peer ? new SeriesWriter(cfg.statsFile, cfg.campaign) : undefined,
    testName: cfg.testName, target: basename(cfg.target), seed: cfg.seed, maxTime: o.max_total_time, totalEdges: () => shim.edgeCount(),
  });
  const rng = new Xoshiro128(cfg.seed);
  const manual = new WordList();
  if (o.dict) for (const w of readDictionary(o.dict)) manual.add(w);
  for (const w of extras.words ?? []) manual.add(w);
  const info = startupLog(cfg);
  // At the start of its line: ClusterFuzz's stats parser matches "Dictionary: N entries" there.
  if (manual.size && o.verbosity) info(`Dictionary: ${manual.size} entries`);
  const auto = new WordList();
  const dispatcher = new Dispatcher(undefined, enabledRows(o, hooks, smith !== undefined), o.weighted_mutations === 1);
  // Work is compare callbacks where native code is loaded (pc tables), else JS loop iterations: the
  // engine's own cost per execution in that unit (a JS target that loads native code counts as native).
  const corpus = new Corpus(shim.stats.numPcs > 0 ? EXEC_OVERHEAD_WORK : JS_EXEC_OVERHEAD_WORK);
  const peers = cfg.peer ? new PeerLink() : undefined;
  const out = cfg.corpusDirs[0] && !peers ? new OutputDir(cfg.corpusDirs[0]) : undefined;
  let reload: CorpusReload | undefined;
  // Written about once a second; without the supervisor's journal (a worker run by other means), at once.
  const held = out ? new HeldWrites(out, (path) => reload?.know(path), cfg.journalFd ? new CorpusJournal(cfg.journalFd) : undefined) : undefined;
  const writeNow = cfg.journalFd ? () => {} : () => held?.flush();
  let added = 0;
  // The prefix-snapshot stage mutates suffixes with the byte rows, and the value rows for a Smith
  // harness (its suffix is a Smith file); never when minimizing a crash (its inputs must only shrink).
  const snaps = extras.snapshots;
  if (o.prefix_snapshots && !snaps) log("bunfuzz: warning: -prefix_snapshots=1 does nothing here: the target is not a stateful harness (stateful() or statefulBytes() in a JS/TS target)");
  let stage: PrefixSnapshot | undefined;
  const snapshot = o.prefix_snapshots && snaps && !cfg.minimizeFrom
    ? () => stage = new PrefixSnapshot(snaps.resumable, snaps.host, ex.input,
      new Dispatcher(undefined, (row) => row.group === "bytes" || (row.group === "cmp" && o.use_cmp === 1) || (row.group === "smith" && smith !== undefined)),
      rng, () => fuzzer.execs, cfg.maxLen, snaps.runs)
    : undefined;
  const fuzzer: Fuzzer = new Fuzzer(
    ex,
    {
      // As libFuzzer: a custom mutator knows the input's structure, so no length control; nor for
      // Smith inputs, whose canonical form is several times the raw size.
      maxLen: cfg.maxLen, ...campaignLength(hooks.customMutator || smith ? 0 : o.len_control, cfg.peer?.count ?? 1), mutateDepth: Math.max(1, o.mutate_depth), runs: o.runs,
      maxTotalTime: o.max_total_time, chainLimit: o.chain_limit, reduceInputs: o.reduce_inputs === 1,
      crossOver: o.cross_over === 1, onlyAscii: o.only_ascii === 1, exitOnItem: o.exit_on_item.toLowerCase(),
      // With -workers the pool's supervisor owns the corpus files; eviction stays inside each worker.
      shrink: o.shrink === 1,
    },
    rng, corpus, makeScheduler(o.schedule || (o.entropic ? "entropic" : "vanilla"), corpus, shim, {
      scaleByCost: !!o.entropic_scale_per_exec_time,
      rareThreshold: o.entropic_feature_frequency_threshold,
      rarest: o.entropic_number_of_rarest_features,
      workers: cfg.peer?.count,
    }), dispatcher,
    {
      status: (line, snap) => progress.status(line, snap),
      heartbeat: (snap) => progress.heartbeat(snap),
      newInput: (t, how) => {
        shim.header.newUnits = ++added; // for the supervisor's stats if it must kill us
        if (peers) peers.found(t, how, fuzzer.snapshot().lim);
        else if (held) { held.add(t.sha1, t.data); writeNow(); }
        if (!peers) sync?.add(t.data, t.sha1);
      },
      replaced: (t, old, how) => {
        if (peers) peers.replaced(t, old, how);
        else if (held) { held.replace(old, t.sha1, t.data); writeNow(); }
      },
      evicted: (t) => { held?.remove(t.sha1); writeNow(); },
      pollStop: o.stop_file ? () => existsSync(o.stop_file) : undefined,
    },
    {
      manual, auto, compares: new CompareLog(shim.cmpLog, shim.cmpLogBytes),
      native: hooks.customMutator || hooks.customCrossOver ? shim : undefined, canonicalize: smith,
      // The stage is compare feedback: off with -use_cmp=0 (as the CMP mutator), when minimizing a
      // crash (its patches are not smaller inputs), and without native code (pc tables): only native
      // compares are traced, and a JS target would pay a traced run per input for nothing.
      stage: firstOf([
        ...(o.input_to_state && o.use_cmp && !cfg.minimizeFrom && shim.stats.numPcs > 0
          ? [new InputToState(new CompareTrace(shim.traceLog(), (on) => shim.setTrace(on)),
            new StageBudget(() => fuzzer.execs, () => shim.stats.totalFeatures),
            new StageBudget(() => fuzzer.execs, () => shim.stats.totalFeatures),
            () => corpus.costOf(shim.stats.work))] : []),
        ...(snapshot ? [snapshot()] : []),
      ]),
    },
  );
  if (hooks.customMutator) {
    const defaults = new Dispatcher(undefined, (row) => row.group === "bytes" || (row.group === "cmp" && o.use_cmp === 1));
    shim.setDefaultMutator(llvmFuzzerMutate(defaults, fuzzer.mutationState));
  }
  const dirs = [...cfg.corpusDirs, ...cfg.seedDirs];
  const files = listCorpusFiles(dirs);
  if (files.length) info(`INFO: ${String(files.length).padStart(8)} files found in ${dirs.join(", ")}`);
  files.push(...(cfg.seedFiles ?? []));
  if (!files.length && !cfg.minimizeFrom) info("INFO: A corpus is not provided, starting from an empty corpus");
  const seeds = readInputs(files, cfg.maxLen, true).map((f) => f.data);
  if (seeds.length) {
    const sizes = seeds.map((s) => s.length);
    info(`INFO: seed corpus: files: ${seeds.length} min: ${Math.min(...sizes)}b max: ${Math.max(...sizes)}b total: ${sizes.reduce((a, b) => a + b, 0)}b rss: ${Math.round(process.memoryUsage.rss() / (1 << 20))}Mb`);
  }
  if (cfg.minimizeFrom) {
    fuzzer.startFrom(readFileSync(cfg.minimizeFrom));
    seeds.length = 0;
  }
  if (out && o.reload > 0) reload = new CorpusReload(out.dir, files, o.reload, cfg.maxLen);
  const sync = o.sync_dir && !peers ? new SyncDir(o.sync_dir, o.sync_id, o.reload, cfg.maxLen) : undefined;
  return { fuzzer, auto, seeds, coverage, peers, reload, sync, snapshots: stage, held };
}

/** Per edge: how many corpus inputs reached it (each input's features name each edge at most once). */
function corpusEdgeHits(entries: readonly { features: Uint32Array }[], edges: number): Uint32Array {
  const hits = new Uint32Array(edges);
  for (const t of entries) for (const f of t.features) hits[f >>> 3]!++;
  return hits;
}

/** How a worker drives the loop (see fuzzLoop); all optional. */
export interface LoopDrive {
  /** The async driver's execution (targets that return promises); without it the sync driver runs. */
  run?: (len: number) => number | Promise<number>;
  /** At most this many executions per sync slice (a JS target settles its promises between them). */
  sliceRuns?: number;
  /** Turns the event loop between slices and at the end (default: one setImmediate turn). */
  between?: () => Promise<void>;
}

/**
 * -len_control for a worker of a campaign of `workers`: the campaign's length limit should grow as
 * one worker's would at the same total runs. A worker goes a step of its own runs without progress
 * about as often as one worker alone does (its own finds come at about one worker's rate per run;
 * other workers' finds arrive in batches between slices, too coarse to break a step of a few
 * thousand runs), and the campaign makes `workers` runs for each of its runs, so each such step
 * grows the limit `workers` times as much. On a target whose corpus stops growing this is exactly
 * one worker's growth per total run. Steps of the campaign's share of runs (len_control/workers)
 * instead ran the limit ahead of one worker's on libpng (seed 1: 64,613 at 10.5M total runs
 * against 41,558 at 9.2M), the inputs got longer and exec/s fell; steps of each worker's own runs
 * alone left it behind (half of one worker's where the corpus stops growing; 0.96-0.97 of one
 * worker's features at equal runs on libyaml and libpng, replayed through libFuzzer's build).
 */
export function campaignLength(lenControl: number, workers: number): { lenControl: number; lenGrowth: number } {
  return { lenControl, lenGrowth: Math.max(1, workers) };
}

/**
 * Runs the fuzzing loop in slices of SLICE_MS, turning the event loop in between (timers, signals,
 * rejected promises a JS target left behind, messages from the supervisor), and adopts between
 * slices what other workers or other processes on the corpus directory found. Slices end between
 * picks, so a seeded single-worker run does not depend on where they fall.
 */
export async function fuzzLoop(s: Session, d: LoopDrive = {}): Promise<void> {
  const f = s.fuzzer, run = d.run;
  const turn = d.between ?? (() => new Promise<void>((r) => setImmediate(r)));
  s.peers?.inited(f.corpus, { depthEdge: f.depthEdge(), lim: f.snapshot().lim, totalEdges: f.edgeCount() });
  let nextWrite = performance.now() + HOLD_MS;
  for (;;) {
    const more = run ? await f.fuzzSliceAsync(SLICE_MS, run) : f.fuzzSlice(SLICE_MS, d.sliceRuns);
    s.peers?.flush(f.snapshot().lim);
    if (s.held && performance.now() >= nextWrite) {
      s.held.flush();
      nextWrite = performance.now() + HOLD_MS;
    }
    if (!more) break;
    await turn();
    const inputs: PeerInput[] = s.peers?.take() ?? [...(s.reload?.poll() ?? []), ...(s.sync?.poll() ?? [])].map((data) => ({ data }));
    let kept = 0;
    const peer = !!s.peers;
    if (peer && inputs.length) f.peersProgressed();
    // Running others' inputs counts against -runs like any execution, and stops where it is spent: a
    // worker's share of a -workers budget is then exact (its "N runs" line, the campaign's "Done
    // N runs"). The worker is ending: another worker's inputs not run are the campaign's already
    // (the supervisor wrote them), and -reload's or -sync_dir's stay where they are for the next run.
    for (const x of inputs) {
      if (f.runsSpent) break;
      if (run ? await f.adoptAsync(x.data, run, peer, x.old) : f.adopt(x.data, peer, x.old)) kept++;
    }
    if (kept && !s.peers) f.reloaded();
    if (s.peers) s.peers.adopted += kept;
  }
  if (d.between) await d.between();
  if (!f.foundItem) f.done(); // -exit_on_item ends at once, as libFuzzer's _Exit there
}

/**
 * libFuzzer's closing lines: interruption, recommended dictionary, run count, final stats. Returns the worker's exit code: libFuzzer's 72 when SIGINT/SIGTERM stopped the run,
 * else 0. A run stopped by -exit_on_item prints only libFuzzer's line for it, as libFuzzer exits at
 * once there.
 */
export function closeSession(cfg: WorkerConfig, s: Session, shim: Shim): number {
  const { fuzzer, auto } = s;
  s.held?.flush();
  if (fuzzer.foundItem) {
    log(`INFO: found item with checksum '${cfg.options.exit_on_item}', exiting.`);
    return 0;
  }
  if (s.peers) {
    s.peers.done({ execs: fuzzer.execs, newUnits: fuzzer.newUnits, seconds: fuzzer.elapsedSeconds(), interrupted: fuzzer.interrupted, corpusSize: fuzzer.corpus.size, reductions: fuzzer.peerReductions }, fuzzer.snapshot().lim);
    return fuzzer.interrupted ? INTERRUPT_EXIT : 0;
  }
  if (fuzzer.interrupted) log(`==${process.pid}== libFuzzer: run interrupted; exiting`);
  if (auto.size) {
    log("###### Recommended dictionary. ######");
    for (const w of auto.words) log(`"${escapeWord(w.bytes)}"`);
    log("###### End of recommended dictionary. ######");
  }
  if (cfg.options.verbosity) log(`Done ${fuzzer.execs} runs in ${Math.floor(fuzzer.elapsedSeconds())} second(s)`);
  if (s.snapshots && cfg.options.verbosity) log(`INFO: prefix snapshots: ${s.snapshots.snapshots} taken, ${s.snapshots.spent} suffix runs`);
  // libFuzzer's PrintFinalStats order: coverage, corpus stats, then the stat:: lines.
  if (cfg.options.print_coverage) s.coverage?.printCoverage(corpusEdgeHits(fuzzer.corpus.entries, shim.seen.length));
  if (cfg.options.print_corpus_stats) printCorpusStats(log, fuzzer.corpus.entries);
  if (cfg.options.print_final_stats) {
    printFinalStats(log, ownStats(fuzzer.execs, fuzzer.elapsedSeconds(), fuzzer.newUnits, shim.header));
  }
  return fuzzer.interrupted ? INTERRUPT_EXIT : 0;
}


/**
 * Regression mode: each file max(1, -runs) times (ClusterFuzz reproduces with `-runs=100 FILE`),
 * libFuzzer's lines around it, and its final stats when asked.
 */
export async function runFiles(cfg: WorkerConfig, run: (data: Uint8Array) => unknown, header: SharedHeader): Promise<void> {
  const times = Math.max(1, cfg.options.runs);
  const t0 = performance.now();
  log(`${cfg.target}: Running ${cfg.files.length} inputs ${times} time(s) each.`);
  let execs = 0;
  for (const f of readInputs(cfg.files, cfg.inputCapacity)) {
    log(`Running: ${f.path}`);
    const t1 = performance.now();
    for (let i = 0; i < times; i++, execs++) await run(f.data);
    log(`Executed ${f.path} in ${Math.round(performance.now() - t1)} ms`);
  }
  log("***\n*** NOTE: fuzzing was not performed, you have only\n***       executed the target code on a fixed set of inputs.\n***");
  if (cfg.options.print_final_stats) printFinalStats(log, ownStats(execs, (performance.now() - t0) / 1000, 0, header));
}
