/**
 * A campaign with several workers (-workers=N): N worker processes under one supervisor, on one
 * corpus and one feature set. Each worker fuzzes with its own seed (peers.ts: worker 0 keeps -seed)
 * and tells the supervisor what it finds; the supervisor judges each find against the campaign's
 * global feature set, writes it to the corpus directory only when it adds a feature no worker had
 * (once it has been the campaign's for a few seconds: heldWrites.ts), and sends it to the other workers at once, which run it between two slices of their loop (about 50 ms
 * later). A REDUCE (a smaller input in place of one of the campaign's) replaces the file and goes
 * to the other workers as well, which put it in place of their copy (campaignCorpus.ts). It prints one status line for the whole campaign in libFuzzer's format, sums the final
 * stats, and reports each finding once.
 *
 * Processes, not threads: sanitizer coverage is per process. tinypool (the design card's worker
 * manager) is not used: it runs tasks (a call in, a result out, 50-75 µs a round trip), cannot
 * pass a child its shared region as an fd, and respawns a crashed child without the post-mortem
 * this supervisor reads from that region; a worker here is one long loop that streams messages
 * both ways and whose death is judged (finding, kill from outside, engine error) before it is
 * replaced.
 */
import { basename } from "node:path";
import { asanEnv } from "../build/asanRuntime.ts";
import { FLAG, SHIM_EXIT } from "../coverage/abi.ts";
import { OutputDir } from "../corpus/outputDir.ts";
import { rowOf, SeriesWriter } from "../report/timeSeries.ts";
import { ProgressListener } from "./progressListener.ts";
import { statusLine, type Snapshot } from "../engine/progress.ts";
import { printFinalStats } from "../engine/finalStats.ts";
import { INTERRUPT_EXIT } from "../findings/exitCodes.ts";
import { reportEngineError } from "../findings/errors.ts";
import type { Finding } from "../findings/finding.ts";
import type { Options } from "../options/table.ts";
import { writeStderr } from "../util/stderr.ts";
import { listCorpusFiles } from "../corpus/disk.ts";
import { FeatureSet } from "./features.ts";
import { CorpusReload } from "./reload.ts";
import { HeldWrites } from "./heldWrites.ts";
import { HeldJournal } from "./heldJournal.ts";
import { CampaignCorpus } from "./campaignCorpus.ts";
import { SyncDir } from "./syncDir.ts";
import { wasInterrupted } from "./interrupt.ts";
import { workerRuns, workerSeed, type PeerInput, type ToSupervisor } from "./peers.ts";
import { judgeEnding, startWorker, type Campaign, type Outcome, type RunningWorker } from "./supervisor.ts";

/** What to do after a worker's finding: end the campaign, or save it and replace the worker. */
export type AfterFinding = "stop" | "restart";

/** How the pool runs its workers. */
export interface PoolOptions {
  /**
   * libFuzzer's -fork=N: each worker is a job of min(300, its job number) seconds, then the next job
   * takes its place with a new seed, until the campaign's -max_total_time or -runs; one fork status
   * line per finished job instead of NEW lines. Without it each worker runs to its own budget.
   */
  fork: boolean;
  /** Reports a finding (saving its artifact) and says what comes next. */
  onFinding: (f: Extract<Outcome, { kind: "finding" }>) => AfterFinding;
}

/** libFuzzer's cap on one fork job's seconds (FuzzerFork.cpp). */
const MAX_JOB_SECONDS = 300;

/** Depth-block size of native/shim.h (BF_DEPTH_EDGES); its features are not edges. */
const DEPTH_EDGES = 32;
/**
 * Milliseconds the supervisor holds an input before writing its file (heldWrites.ts), its journal
 * keeping them safe meanwhile (heldJournal.ts): long enough that most REDUCEs replace an input
 * never written. libpng, two workers, 60 s: 12,538 files created and 9,633 deleted when every input
 * held was written within the second, 7,087 and 4,182 held 4 s, 5,514 and 2,609 held 8 s; the
 * supervisor's CPU in 30 s campaigns held 4, 8, 16 s: libpng 2.04, 1.77, 1.36 s, libyaml 2.94 s
 * (4 s), 1.47 s (16 s).
 */
const HOLD_MS = 16_000;
/** Seconds between two checks of the workers' execution counters (pulse lines, heartbeat). */
const POLL_MS = 1000;

interface Slot {
  index: number;
  restarts: number;
  worker?: RunningWorker;
  /**
   * One record per worker this slot started: executions read from its header (which also counts
   * its start-up probes), and the exact count its closing message gave, which may arrive after
   * the process has been seen to end.
   */
  runs: { header: number; said?: number }[];
  inited: boolean;
  /** Fork mode: the job this slot runs now. */
  job: number;
  /** The closing message of the slot's last worker. */
  done?: Extract<ToSupervisor, { t: "done" }>;
  slowestUs: number;
  peakRssMb: number;
}

/**
 * Runs the campaign; `onFinding` reports each finding (saving its artifact) and says what comes
 * next. Returns the campaign's outcome: the finding that stopped it, an engine error, an interrupt,
 * or ok when every worker reached its budget.
 */
export async function runPool(c: Campaign, n: number, p: PoolOptions): Promise<Outcome> {
  const o = c.config.options;
  // The lines of one worker's message (a slice's NEWs and REDUCEs, hundreds a second early in a
  // campaign) go out in one write: a write each was a third of the supervisor's system calls.
  let lines: string[] | undefined;
  const log = (s: string) => {
    if (!o.verbosity) return;
    if (lines) lines.push(s);
    else writeStderr(s);
  };
  const t0 = performance.now();
  const out = c.config.corpusDirs[0] ? new OutputDir(c.config.corpusDirs[0]) : undefined;
  const global = new FeatureSet();
  // -reload: what other processes (libFuzzer, AFL++, other campaigns) add to the corpus directory
  // goes to every worker, as a peer's find does; the supervisor's own files are never read back.
  const reload = out && o.reload > 0 ? new CorpusReload(out.dir, listCorpusFiles([out.dir]), o.reload, c.config.maxLen) : undefined;
  const journal = out ? HeldJournal.create(out.dir) : undefined;
  const held = out ? new HeldWrites(out, (path) => reload?.know(path), journal, HOLD_MS) : undefined;
  const corpus = new CampaignCorpus(held);
  const sync = o.sync_dir ? new SyncDir(o.sync_dir, o.sync_id, o.reload, c.config.maxLen) : undefined;
  let lim = 0, accepted = 0, initedAll = false, stopping = false;
  let nextPulse = 1, jobs = 0, result: Outcome | undefined;
  const found = { oom: 0, timeout: 0, crash: 0 };
  /** The workers' extra environment: ASan's runtime joins it once a target turns out to need it. */
  let env = c.env;
  const slots: Slot[] = Array.from({ length: n }, (_, index) => ({ index, restarts: 0, runs: [], inited: false, job: 0, slowestUs: 0, peakRssMb: 0 }));

  const slotExecs = (s: Slot) => s.runs.reduce((sum, r) => sum + (r.said ?? r.header), 0);
  const execs = () => slots.reduce((sum, s) => sum + slotExecs(s), 0);
  const snapshot = (): Snapshot => {
    const secs = (performance.now() - t0) / 1000, e = execs();
    return {
      elapsed: secs, newUnits: accepted, execs: e, cov: global.edgeCount, ft: global.count, corpusSize: corpus.size, corpusBytes: corpus.bytes, lim,
      execPerSec: secs > 0 ? Math.floor(e / secs) : 0, rssMb: Math.max(0, ...slots.map((s) => s.peakRssMb)),
    };
  };
  // The campaign's time series and timed pulse lines are the supervisor's here: it alone has the
  // campaign's numbers (the workers write neither). Fork mode prints its own job lines instead.
  const findings = () => found.oom + found.timeout + found.crash;
  const series = c.config.statsFile && c.config.campaign ? new SeriesWriter(c.config.statsFile, c.config.campaign) : undefined;
  const progress = new ProgressListener({
    log, statusInterval: p.fork ? 0 : o.status_interval, series, findings,
    target: basename(c.config.target), seed: c.config.seed, maxTime: o.max_total_time, totalEdges: () => 0,
  });
  const status = (what: "INITED" | "NEW" | "REDUCE" | "pulse" | "DONE", tail = "") => {
    const sn = snapshot();
    if (!p.fork || what === "DONE") progress.status(statusLine(what, sn, tail), sn);
    else if (what === "INITED") series?.offer(rowOf(sn, findings()), true);
  };
  /** libFuzzer's fork-mode line, once a job has ended. */
  const forkLine = (job: number) => {
    const sn = snapshot();
    log(`#${sn.execs}: cov: ${sn.cov} ft: ${sn.ft} corp: ${sn.corpusSize} exec/s ${sn.execPerSec} oom/timeout/crash: ${found.oom}/${found.timeout}/${found.crash} time: ${Math.floor(sn.elapsed)}s job: ${job} dft_time: 0`);
  };
  const elapsed = () => (performance.now() - t0) / 1000;
  /** Whether the campaign's own budget (fork mode: -max_total_time, -runs over all jobs) is spent. */
  const spent = () => (o.max_total_time > 0 && elapsed() >= o.max_total_time) || (o.runs >= 0 && execs() >= o.runs);
  const poll = () => {
    for (const s of slots) {
      const h = s.worker?.region.peek();
      if (h) {
        s.runs.at(-1)!.header = h.execCount;
        s.peakRssMb = Math.max(s.peakRssMb, h.peakRssMb);
      }
    }
  };
  /** Writes the held corpus files; a write that fails (full, read-only) ends the campaign with its one-line error. */
  const flush = (all = false): void => {
    try {
      held?.flush(all);
    } catch (e) {
      result ??= { kind: "engine", code: reportEngineError(e) };
      stopAll();
    }
  };
  const timer = setInterval(() => {
    flush();
    poll();
    const dropped = initedAll ? [...(reload?.poll() ?? []), ...(sync?.poll() ?? [])] : [];
    if (dropped.length) for (const s of slots) s.worker?.send({ t: "inputs", items: dropped.map((data) => ({ data })) });
    if (!initedAll) return;
    progress.heartbeat(snapshot());
    const e = execs();
    if (e >= nextPulse) {
      while (nextPulse <= e) nextPulse *= 2;
      status("pulse");
    }
  }, POLL_MS);

  const onMessage = (slot: Slot, m: ToSupervisor): void => {
    if (m.t === "inited") {
      global.depthEdge = m.depthEdge;
      global.depthEdges = m.depthEdge ? DEPTH_EDGES : 0;
      global.addAll(m.features);
      corpus.seeded(m.inputs, m.corpusSize, m.corpusBytes);
      lim = Math.max(lim, m.lim);
      slot.peakRssMb = Math.max(slot.peakRssMb, m.rssMb);
      slot.inited = true;
      if (!initedAll && !stopping && slots.every((s) => s.inited)) {
        initedAll = true;
        poll();
        status("INITED");
      }
    } else if (m.t === "finds") {
      poll();
      lines = [];
      const forward: PeerInput[] = [];
      // A write that fails (the sync queue) must not leave later lines held.
      try {
        lim = Math.max(lim, m.lim);
        for (const f of m.items) {
          if (f.t === "new") {
            if (!global.anyNew(f.features)) continue; // another worker got there first
            global.addAll(f.features);
            const sha1 = corpus.add(f.data);
            accepted++;
            lim = Math.max(lim, f.lim);
            forward.push({ data: f.data });
            sync?.add(f.data, sha1);
          } else {
            const reduced = corpus.reduce(f.old, f.data);
            if (!reduced) continue; // not the campaign's input (any more)
            forward.push(reduced);
          }
          status(f.t === "new" ? "NEW" : "REDUCE", f.how);
        }
      } finally {
        if (lines.length) writeStderr(lines.join("\n"));
        lines = undefined;
      }
      if (forward.length) for (const other of slots) if (other !== slot) other.worker?.send({ t: "inputs", items: forward });
    } else {
      slot.done = m;
      slot.runs.at(-1)!.said = m.execs;
    }
  };

  const start = (slot: Slot): void => {
    const options = { ...o };
    if (p.fork) {
      // A job: min(300, job number) seconds, and never past the campaign's own -max_total_time.
      const left = o.max_total_time > 0 ? Math.max(1, Math.ceil(o.max_total_time - elapsed())) : Infinity;
      options.max_total_time = Math.min(MAX_JOB_SECONDS, ++jobs, left);
      options.runs = o.runs >= 0 ? Math.max(0, o.runs - execs()) : -1;
    } else {
      // A replaced worker gets what is left of its share of -runs.
      options.runs = o.runs >= 0 ? Math.max(0, workerRuns(o.runs, slot.index, n) - slotExecs(slot)) : -1;
    }
    slot.job = jobs;
    const cfg = { ...c.config, seed: workerSeed(c.config.seed, slot.index + n * slot.restarts), options, peer: { index: slot.index, count: n, startupLines: slot.index === 0 && slot.restarts === 0 } };
    slot.inited = slot.inited && slot.restarts > 0;
    slot.runs.push({ header: 0 });
    slot.worker = startWorker({ ...c, env, config: cfg }, (m) => onMessage(slot, m));
  };

  const stopAll = () => {
    stopping = true;
    for (const s of slots) s.worker?.region && safeStop(s.worker);
  };

  /** Waits for a slot's worker to end, judges it, and replaces it or not. */
  const watch = async (slot: Slot): Promise<void> => {
    for (;;) {
      const w = slot.worker!;
      const end = await w.ended;
      if (end.code === SHIM_EXIT.needsAsan && !end.signal && !(end.pm && end.pm.flags & FLAG.asan)) {
        // The target opened an ASan-built library (nativeLibrary): this worker and every later one
        // start again with ASan's runtime preloaded, as a campaign of one worker does.
        env = { ...c.env, ...asanEnv(c.config.shimLib) };
        slot.runs.pop();
        start(slot);
        continue;
      }
      const run = slot.runs.at(-1)!;
      run.header = end.pm?.execCount ?? run.header;
      slot.slowestUs = Math.max(slot.slowestUs, end.pm?.header.slowestUs ?? 0);
      slot.peakRssMb = Math.max(slot.peakRssMb, end.peakRssMb, end.pm?.peakRssMb ?? 0);
      slot.worker = undefined;
      const outcome = await judgeEnding(end, { ...c, config: { ...c.config, peer: { index: slot.index, count: n, startupLines: false } } });
      if (stopping) return;
      if (outcome.kind === "finding") {
        const k = outcome.finding.kind;
        found[k === "oom" ? "oom" : k === "timeout" ? "timeout" : "crash"]++;
        series?.offer(rowOf(snapshot(), findings()), true);
        if (p.onFinding(outcome) === "stop") {
          result ??= outcome;
          return stopAll();
        }
      } else if (outcome.kind === "engine" && outcome.killedBy) {
        writeStderr(`bunfuzz: worker ${slot.index} was killed from outside (${outcome.killedBy}); starting a new one (the other workers go on)\n`);
      } else if (outcome.kind !== "ok") {
        result ??= outcome;
        return stopAll();
      } else if (!p.fork) {
        return; // this worker reached its budget
      }
      if (p.fork) forkLine(slot.job);
      if (p.fork && spent()) return;
      slot.restarts++;
      slot.done = undefined;
      start(slot);
    }
  };

  if (p.fork) {
    log(`INFO: -fork=${n}: fuzzing in separate process(s)`);
    log(`INFO: -fork=${n}: ${c.config.corpusDirs.length ? "the corpus" : "no corpus"} in ${c.config.corpusDirs.join(", ") || "memory"}; jobs of 1, 2, 3 ... up to ${MAX_JOB_SECONDS} seconds`);
  }
  for (const s of slots) start(s);
  await Promise.all(slots.map(watch));
  clearInterval(timer);
  await new Promise((r) => setImmediate(r)); // closing messages a worker sent just before it exited
  flush(true);
  if (held?.size === 0) journal?.close(); // else it stays for the next campaign on the directory
  if (p.fork) log(`INFO: fuzzed for ${Math.floor(elapsed())} seconds, wrapping up soon`);
  for (const s of slots) {
    const d = s.done;
    if (d && !p.fork) log(`INFO: worker ${s.index}: ${d.execs} runs, corpus ${d.corpusSize} inputs, ran ${d.received} from other workers and kept ${d.adopted} of them, ${d.reductions} of their reductions in place of inputs here`);
  }
  const interrupted = result?.kind !== "finding" && wasInterrupted();
  // After a finding the banner was the last word, as libFuzzer's (but for -print_final_stats, which its
  // crash callback prints too); otherwise its closing lines.
  if (result?.kind !== "finding") closeLines(snapshot(), elapsed(), accepted, slots, interrupted, c, status);
  else if (c.config.options.print_final_stats) campaignStats(snapshot(), elapsed(), accepted, slots);
  return result ?? (interrupted ? { kind: "interrupted" } : { kind: "ok" });
}

function safeStop(w: RunningWorker): void {
  try {
    w.region.requestStop();
  } catch {
    // The worker has ended and its region is closed: nothing to stop.
  }
}

/** libFuzzer's closing lines for the whole campaign: the interrupt line, DONE, Done N runs, stats summed. */
function closeLines(
  snap: Snapshot, seconds: number, newUnits: number, slots: Slot[], interrupted: boolean, c: Campaign,
  status: (what: "DONE") => void,
): void {
  const o = c.config.options, log = (s: string) => writeStderr(`${s}\n`);
  if (interrupted) log(`==${process.pid}== libFuzzer: run interrupted; exiting`);
  status("DONE");
  if (o.verbosity) log(`Done ${snap.execs} runs in ${Math.floor(seconds)} second(s)`);
  if (o.print_final_stats) campaignStats(snap, seconds, newUnits, slots);
}

/** The five stat:: lines for the whole campaign: executions summed, the slowest input and peak RSS of any worker. */
function campaignStats(snap: Snapshot, seconds: number, newUnits: number, slots: Slot[]): void {
  printFinalStats((s) => writeStderr(`${s}\n`), {
    execs: snap.execs, seconds, newUnits,
    slowestUs: Math.max(0, ...slots.map((s) => s.slowestUs)), peakRssMb: Math.max(0, ...slots.map((s) => s.peakRssMb)),
  });
}

/**
 * The exit code of a pool campaign's outcome (findings were reported as they came): a campaign
 * that went on after findings (-ignore_crashes ...) still exits with the last one's code, as
 * libFuzzer's fork mode does.
 */
export function poolExitCode(out: Outcome, findingCode: number | undefined): number {
  if (out.kind === "ok") return findingCode ?? 0;
  if (out.kind === "interrupted") return INTERRUPT_EXIT;
  if (out.kind === "engine") return out.code;
  return findingCode ?? 1;
}

/**
 * Whether a campaign of several workers goes on after a finding of this kind: with libFuzzer's
 * -ignore_crashes, -ignore_timeouts or -ignore_ooms (its fork-mode flags, which apply to -workers
 * as well) the finding is saved and its worker replaced.
 */
export function goesOnAfter(kind: Finding["kind"], o: Options): boolean {
  return (kind === "timeout" ? o.ignore_timeouts : kind === "oom" ? o.ignore_ooms : o.ignore_crashes) === 1;
}
