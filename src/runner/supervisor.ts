/**
 * The supervisor runs no target code. It starts a worker, watches it through the shared region,
 * and when the worker dies turns the post-mortem into a finding (artifact + banner + libFuzzer
 * exit code) or an engine error. Only it writes artifacts, so a worker killed any way at all
 * (signal, ASan, watchdog, SIGKILL) still leaves a reproducible input.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FLAG, SHIM_EXIT } from "../coverage/abi.ts";
import { printFinalStats, type FinalStats } from "../engine/finalStats.ts";
import { ENGINE_EXIT } from "../findings/errors.ts";
import { INTERRUPT_EXIT } from "../findings/exitCodes.ts";
import { FINDING_INFO, kindFromCrashRecord, type Finding, type FindingKind } from "../findings/finding.ts";
import { saveFinding } from "../findings/save.ts";
import type { Options } from "../options/table.ts";
import { SharedRegion, type PostMortem } from "./postMortem.ts";
import { watchInterrupts, wasInterrupted, type InterruptWatch } from "./interrupt.ts";
import type { ToSupervisor, ToWorker } from "./peers.ts";
import { printWorkerReports, REPORT_FD, ReportFile } from "./workerReports.ts";
import { asanEnv } from "../build/asanRuntime.ts";
import { type CampaignConfig, type WorkerConfig } from "./protocol.ts";
import { passWorkerConfig } from "./workerConfigChannel.ts";
import { expectedVerdict, UNEXPECTED_EXIT } from "../jazzer/expectedErrors.ts";
import { writeStderr } from "../util/stderr.ts";
import { appendFindingRow } from "../report/timeSeries.ts";
import { traceStartup } from "../util/startupTrace.ts";
import { createUnlinkedFile } from "../util/unlinkedFile.ts";
import { JOURNAL_FD, replayJournal } from "./corpusJournal.ts";
import { workerStartDir } from "./workerStartDir.ts";
import { BACKSTOP_TICK_MS, BackstopClock } from "./backstop.ts";
import { closeSync } from "node:fs";

const WORKER_PATH = join(import.meta.dir, "worker.ts");

/**
 * JavaScriptCore's tier-up policy for a worker. The fuzz loop and the mutators are hot from the
 * first millisecond, and JSC's top tier (FTL) compiles them on a thread that, on the one core a
 * campaign gets, takes turns with the loop itself: by default the first ~300,000 executions of a
 * trivial target ran at a third of the steady rate. Asking for FTL ten times later keeps the loop in
 * DFG code (already fast) through that stretch. Measured on targets/planted/magic_len, one core,
 * seeds 1-8: seconds to crash 0.33 1.11 0.22 0.12 0.45 0.13 0.34 0.11 by default against
 * 0.24 1.14 0.17 0.10 0.37 0.11 0.26 0.10; libyaml, 1,000,000 runs: no slower (21.1-21.6 s against
 * 21.9-22.2 s). A value the user set in the environment wins.
 */
const JIT_ENV: Record<string, string> = { BUN_JSC_thresholdForFTLOptimizeAfterWarmUp: "1000000" };

export interface Campaign {
  config: CampaignConfig;
  /** Extra environment for the worker (LD_PRELOAD of the ASan runtime, ASAN_OPTIONS). */
  env: Record<string, string>;
  /** How a user reruns one artifact, minus the artifact path (the flags that define the finding included). */
  reproducePrefix: string;
  /** The worker's command line, when it is not bunfuzz's worker (a `bun test` child for fuzz() tests). */
  argv?: string[];
}

/** Kills the worker once its current input has run past the backstop's limit (backstop.ts). */
function startBackstop(region: SharedRegion, timeoutSec: number, kill: () => void): { fired: () => boolean; stop: () => void } {
  const clock = new BackstopClock(timeoutSec, Date.now());
  let fired = false;
  const timer = setInterval(() => {
    if (!fired && clock.tick(Date.now(), region.peek())) {
      fired = true;
      kill();
    }
  }, BACKSTOP_TICK_MS);
  return { fired: () => fired, stop: () => clearInterval(timer) };
}

/** How a worker ended, as the supervisor sees it. */
export type Outcome =
  | { kind: "ok" }
  | { kind: "finding"; finding: Finding; workerCode: number; stats: FinalStats }
  // The worker already printed a one-line error, or we did. `killedBy`: a signal sent from outside
  // ended it (code 128 + its number), which a campaign of several workers survives by replacing it.
  | { kind: "engine"; code: number; killedBy?: string }
  | { kind: "interrupted" }; // SIGINT/SIGTERM: final stats printed (by the worker, or by us for it)

/** A worker's end before it is judged: what the supervisor saw, and the region's record. */
export interface Ending {
  code: number;
  signal: string | null;
  pm: PostMortem | undefined;
  backstopFired: boolean;
  interrupt: InterruptWatch;
  seconds: number;
  /** The worker's peak RSS in Mb, from the kernel's rusage of the exited child (0 if unknown). */
  peakRssMb: number;
  /** What the worker's sanitizer reported (its fd 4), or "". */
  report: string;
}

/**
 * BUNFUZZ_CPU_PROFILE=DIR: the worker writes a CPU profile (.cpuprofile and a Markdown summary) to
 * DIR when it exits, for finding where an engine's time goes (native code called through bun:ffi
 * counts as the calling function's own time).
 */
function profileArgs(): string[] {
  const dir = process.env.BUNFUZZ_CPU_PROFILE;
  return dir ? ["--cpu-prof", "--cpu-prof-md", `--cpu-prof-dir=${resolve(dir)}`] : [];
}

/** A worker that is running: its region, how to reach it, and how it will end. */
export interface RunningWorker {
  readonly region: SharedRegion;
  /** Sends a message over the IPC channel (workers of a campaign with peers only). */
  send(m: ToWorker): void;
  kill(): void;
  readonly ended: Promise<Ending>;
}

/**
 * Starts one worker. `onMessage` opens an IPC channel to it (a campaign with several workers: see
 * peers.ts and pool.ts); the region stays open until the worker has ended and been read.
 */
export function startWorker(c: Campaign, onMessage?: (m: ToSupervisor) => void): RunningWorker {
  const region = SharedRegion.create();
  const report = new ReportFile();
  // A fuzzing worker alone writes its own corpus files, about once a second (runner/corpusJournal.ts).
  const journalDir = c.config.mode === "fuzz" && !c.config.peer ? c.config.corpusDirs[0] : undefined;
  const journal = journalDir ? createUnlinkedFile("-journal") : undefined;
  const env: Record<string, string | undefined> = { ...JIT_ENV, ...process.env, ...c.env };
  // bunfuzz's own worker for a native target starts outside the user's directory (workerStartDir.ts).
  const startDir = c.argv || c.config.js ? undefined : workerStartDir(env);
  const cfg: WorkerConfig = {
    ...c.config, shmPath: SharedRegion.WORKER_PATH, supervisorPid: process.pid, reportFd: REPORT_FD, journalFd: journal === undefined ? undefined : JOURNAL_FD,
    cwd: startDir === undefined ? undefined : process.cwd(),
  };
  const t0 = performance.now();
  traceStartup("supervisor: spawning the worker");
  const stdio: unknown[] = ["ignore", "inherit", "inherit", region.fd, report.fd, ...(journal === undefined ? [] : [journal])];
  const config = passWorkerConfig(cfg, stdio);
  let proc: ReturnType<typeof Bun.spawn>;
  try {
    proc = Bun.spawn(c.argv ?? [process.execPath, ...profileArgs(), WORKER_PATH], {
      cwd: startDir,
      env: { ...env, ...config.env },
      stdio: stdio as ["ignore", "inherit", "inherit", number, number],
      ...(onMessage ? { serialization: "advanced" as const, ipc: (m: unknown) => onMessage(m as ToSupervisor) } : {}),
    });
  } finally {
    config.release();
  }
  const kill = () => proc.kill("SIGKILL");
  const interrupt = watchInterrupts(region, kill);
  const backstop = startBackstop(region, cfg.options.timeout, kill);
  const ended = (async (): Promise<Ending> => {
    try {
      const code = await proc.exited;
      traceStartup("supervisor: the worker ended");
      backstop.stop();
      interrupt.stop();
      const signal = proc.signalCode === null ? null : String(proc.signalCode);
      const peakRssMb = Math.floor((proc.resourceUsage()?.maxRSS ?? 0) / (1 << 20));
      if (journal !== undefined) writeHeld(journal, journalDir!);
      return {
        code, signal, pm: region.readPostMortem(), backstopFired: backstop.fired(), interrupt, seconds: (performance.now() - t0) / 1000, peakRssMb,
        report: report.read(),
      };
    } finally {
      region.close();
      report.close();
      if (journal !== undefined) closeSync(journal);
    }
  })();
  return {
    region, kill, ended,
    send: (m) => { try { proc.send(m); } catch { /* the worker has gone: its end is being judged */ } },
  };
}

/**
 * The corpus files a worker held when it ended (its journal's records), written now. A write that
 * fails (a full or read-only disk) costs those files only: one line says so, and the campaign's
 * outcome stands.
 */
function writeHeld(journal: number, dir: string): void {
  try {
    replayJournal(journal, dir);
  } catch (e) {
    writeStderr(`bunfuzz: warning: ${e instanceof Error ? e.message : String(e)}; the inputs the worker found in its last second are not in ${dir}\n`);
  }
}

/** Starts one worker and waits for it to end. */
function runOnce(c: Campaign): Promise<Ending> {
  return startWorker(c).ended;
}

/** Starts one worker, waits for it, and classifies its end from the shared region. */
export async function runWorker(c: Campaign): Promise<Outcome> {
  if (wasInterrupted()) return { kind: "interrupted" };
  const end = await runOnce(c);
  if (end.code === SHIM_EXIT.needsAsan && !end.signal && !(end.pm && end.pm.flags & FLAG.asan)) {
    // The target opened an ASan-built library (nativeLibrary): again, with ASan's runtime preloaded.
    return runWorker({ ...c, env: { ...c.env, ...asanEnv(c.config.shimLib) } });
  }
  return judgeEnding(end, c);
}

/**
 * A worker's end as an outcome. A sent signal (SENT_SIGNALS: SIGKILL, SIGHUP, ...) inside the
 * target may come from the target itself (a finding) or from the OOM killer or a user: only a
 * rerun of the input tells them apart.
 */
export async function judgeEnding(end: Ending, c: Campaign): Promise<Outcome> {
  printWorkerReports(end.report, end.pm, c.config.shimLib);
  const out = classify(end, c);
  if (out !== "killed") return out;
  const input = end.pm!.input, signal = end.signal!;
  writeStderr(`bunfuzz: the worker was killed by ${signal} inside the target; rerunning its input once to tell the target's own ${signal} from one sent from outside\n`);
  if (await killsAgain(c, input, signal)) {
    writeStderr(`==${process.pid}== ERROR: libFuzzer: deadly signal (${signal} inside the target, again on the rerun)\n`);
    return findingOf(end, "crash", 0, signalNumber(signal));
  }
  return killedFromOutside(signal, "; its input did not do it again when rerun");
}

/**
 * Signals that reach a worker only when something sends them (a user, a script, the kernel's OOM
 * killer or resource limits), never as a fault of the code it runs. A worker ended by one without a
 * crash record was killed from outside, or, inside the target, by the target itself. The faults
 * (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS) are not here: outside the target they
 * are a bug of bunfuzz's or Bun's. SIGINT and SIGTERM are stop requests once the shim is loaded
 * (crash.c); before, they end the worker like the others.
 */
const SENT_SIGNALS: ReadonlySet<string> = new Set([
  "SIGKILL", "SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGPIPE", "SIGALRM",
  "SIGVTALRM", "SIGPROF", "SIGXCPU", "SIGXFSZ", "SIGSTKFLT", "SIGPWR",
]);

function signalNumber(signal: string): number {
  return constants.signals[signal as keyof typeof constants.signals] ?? 0;
}

/** A worker ended by a signal sent from outside bunfuzz: one line, and 128 + the signal's number (the shell's convention). */
function killedFromOutside(signal: string, detail = ""): Outcome {
  writeStderr(`bunfuzz: the worker was killed by ${signal} from outside bunfuzz (the kernel's OOM killer, a user, a resource limit)${detail}; the corpus on disk is intact: rerun to continue\n`);
  return { kind: "engine", code: 128 + signalNumber(signal), killedBy: signal };
}

/** Whether running `input` once in a fresh worker gets that worker killed by `signal` inside the target again. */
async function killsAgain(c: Campaign, input: Uint8Array, signal: string): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), "bunfuzz-rerun-"));
  try {
    const file = join(dir, "input");
    writeFileSync(file, input);
    const end = await runOnce({ ...c, config: { ...c.config, mode: "run", files: [file], minimizeFrom: undefined } });
    return end.signal === signal && !!end.pm?.inTarget && !end.backstopFired && !end.interrupt.killed();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The worker's stats as the supervisor knows them after its end: the header's counts, the kernel's peak RSS. */
function endStats(end: Ending): FinalStats {
  const h = end.pm?.header;
  return {
    execs: end.pm?.execCount ?? 0, seconds: end.seconds, newUnits: h?.newUnits ?? 0, slowestUs: h?.slowestUs ?? 0,
    peakRssMb: Math.max(end.peakRssMb, end.pm?.peakRssMb ?? 0),
  };
}

function findingOf(end: Ending, kind: FindingKind, workerCode: number, signal?: number): Outcome {
  const pm = end.pm;
  const finding: Finding = {
    kind,
    input: pm?.input ?? new Uint8Array(),
    signal: signal ?? pm?.crashSignal,
    mutations: pm?.mutations ?? "",
    mutationCount: pm?.mutationCount ?? 0,
    baseUnit: pm?.baseUnit ?? "",
    expected: !!pm && (pm.flags & FLAG.expected) !== 0,
  };
  return { kind: "finding", finding, workerCode, stats: endStats(end) };
}

/** The worker's end as an outcome; "killed" when a sent signal arrived inside the target from an unknown sender. */
function classify(end: Ending, c: Campaign): Outcome | "killed" {
  const { pm, code, signal } = end;
  let kind: FindingKind | undefined = pm ? kindFromCrashRecord(pm.crashKind) : undefined;
  if (!kind && end.backstopFired) kind = "timeout";
  // Under ASan a deadly signal is reported by ASan itself, as libFuzzer+ASan reports it.
  if (kind === "crash" && pm && pm.flags & FLAG.asan) kind = "sanitizer";
  if (kind) return findingOf(end, kind, signal ? 0 : code);
  if (end.interrupt.requested() || (code === INTERRUPT_EXIT && pm?.stopRequested)) {
    // The worker printed its own closing lines when it stopped by itself; a worker we had to kill
    // (inside a hanging input) could not, so its stats come from the shared header. A campaign's
    // pool prints the closing lines for all its workers.
    if (code !== INTERRUPT_EXIT && !c.config.peer) printInterrupted(end, c.config.options);
    return { kind: "interrupted" };
  }
  if (signal && SENT_SIGNALS.has(signal)) return pm?.inTarget ? "killed" : killedFromOutside(signal);
  if (pm?.inTarget && (signal || code !== 0)) return findingOf(end, "crash", signal ? 0 : code); // died in the target without a record
  // Findings already saved; their exit code says how it went (0 when all were -expected_errors).
  if (!signal && pm && pm.flags & FLAG.reported) return { kind: "engine", code };
  if (code === 0 && !signal) return { kind: "ok" };
  if (!signal && code === SHIM_EXIT.loadCrash) {
    writeStderr(`bunfuzz: error: ${c.config.target} crashed while loading, before any input ran (its report is above): if it is a truncated or corrupt file, rebuild it; otherwise its constructors crash\n`);
    return { kind: "engine", code: ENGINE_EXIT.target };
  }
  if (!signal && Object.values(ENGINE_EXIT).includes(code as never)) return { kind: "engine", code }; // the worker said why
  if (signal && (!pm || pm.execCount === 0)) {
    // Before any input ran: the dynamic loader or the target's constructors (a truncated or corrupt object).
    writeStderr(`bunfuzz: error: the worker died with ${signal} while loading ${c.config.target}, before any input ran: the file may be truncated or corrupt (rebuild it); if it loads elsewhere, this is a bunfuzz bug\n`);
    return { kind: "engine", code: ENGINE_EXIT.target };
  }
  writeStderr(`bunfuzz: internal error: the worker exited outside the target (${signal ? `signal ${signal}` : `exit code ${code}`}); this is a bunfuzz bug, please report it\n`);
  return { kind: "engine", code: ENGINE_EXIT.internal };
}

/** libFuzzer's interruption lines for a worker that could not print them (killed inside an input). */
function printInterrupted(end: Ending, o: Options): void {
  const log = (s: string) => writeStderr(`${s}\n`);
  log(`==${process.pid}== libFuzzer: run interrupted; exiting`);
  const stats = endStats(end);
  log(`Done ${stats.execs} runs in ${Math.floor(end.seconds)} second(s)`);
  if (o.print_final_stats && end.pm) printFinalStats(log, stats);
}

/**
 * libFuzzer's exit code for a finding: a sanitizer's own code when it exited by itself,
 * -timeout_exitcode for a timeout, -error_exitcode for the other findings libFuzzer reports itself
 * (deadly signal, exit, leak; JS findings alike), 71 for out-of-memory (libFuzzer has no flag for it).
 * With -expected_errors, a JS finding exits 0 when expected and 78 otherwise (expectedErrors.ts).
 */
export function findingExitCode(f: Finding, workerCode: number, o: Pick<Options, "error_exitcode" | "timeout_exitcode" | "expected_errors">): number {
  // Jazzer.js's -x: the target's own finding decides success; timeouts and signals keep libFuzzer's codes.
  if (o.expected_errors.length && (f.kind === "js" || f.kind === "exit")) return f.expected ? 0 : UNEXPECTED_EXIT;
  if (f.kind === "sanitizer") return workerCode > 0 ? workerCode : FINDING_INFO.sanitizer.exit;
  if (f.kind === "timeout") return o.timeout_exitcode;
  if (f.kind === "oom") return FINDING_INFO.oom.exit;
  return o.error_exitcode;
}

/** A campaign that ended without a finding: 0, or 78 when -expected_errors named the error it should have found. */
export function noFindingCode(o: Pick<Options, "expected_errors">): number {
  if (!o.expected_errors.length) return 0;
  const v = expectedVerdict(o.expected_errors, undefined);
  writeStderr(`${v.line}\n`);
  return v.code;
}

/** Saves a finding (fuzz mode) and prints libFuzzer's banner; returns the exit code. */
export function reportFinding(c: Campaign, f: Finding, workerCode: number, stats?: FinalStats): number {
  traceStartup("supervisor: reporting the finding");
  const o: Options = c.config.options;
  writeStderr(saveFinding(f, { save: c.config.mode === "fuzz", prefix: o.artifact_prefix, exact: o.exact_artifact_path, reproducePrefix: c.reproducePrefix, seed: c.config.seed }));
  // libFuzzer prints its final stats from the crash handler too; the dead worker cannot, so we do.
  if (stats && o.print_final_stats) printFinalStats((s) => writeStderr(`${s}\n`), stats);
  return findingExitCode(f, workerCode, o);
}

/**
 * A whole campaign: one worker, or with -workers=N several (pool.ts); a finding is saved and
 * reported. Returns the process exit code.
 */
export async function supervise(c: Campaign): Promise<number> {
  const started = Date.now();
  const o = c.config.options, fork = o.fork > 0, n = fork ? o.fork : o.workers;
  if ((n > 1 || fork) && c.config.mode === "fuzz" && !c.config.minimizeFrom) {
    const { runPool, poolExitCode, goesOnAfter } = await import("./pool.ts");
    let code: number | undefined;
    const out = await runPool(c, n, {
      fork,
      onFinding: (f) => {
        code = reportFinding(c, f.finding, f.workerCode); // the pool writes the time series' row
        return goesOnAfter(f.finding.kind, o) ? "restart" : "stop";
      },
    });
    return out.kind === "ok" && code === undefined ? noFindingCode(o) : poolExitCode(out, code);
  }
  const out = await runWorker(c);
  if (out.kind === "ok") return noFindingCode(o);
  if (out.kind === "engine") return out.code;
  if (out.kind === "interrupted") return INTERRUPT_EXIT;
  const code = reportFinding(c, out.finding, out.workerCode, out.stats);
  if (c.config.statsFile && c.config.campaign) appendFindingRow(c.config.statsFile, c.config.campaign, (Date.now() - started) / 1000, out.stats.execs);
  return code;
}
