/**
 * The supervisor runs no target code. It starts a worker, watches it through the shared region,
 * and when the worker dies turns the post-mortem into a finding (artifact + banner + libFuzzer
 * exit code) or an engine error. Only it writes artifacts, so a worker killed any way at all
 * (signal, ASan, watchdog, SIGKILL) still leaves a reproducible input.
 */
import { existsSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FLAG } from "../coverage/abi.ts";
import { ENGINE_EXIT } from "../findings/errors.ts";
import { artifactPath, writeArtifact } from "../findings/artifact.ts";
import { findingBanner } from "../findings/banner.ts";
import { FINDING_INFO, kindFromCrashRecord, type Finding, type FindingKind } from "../findings/finding.ts";
import type { Options } from "../options/table.ts";
import { peekHeader, readPostMortem } from "./postMortem.ts";
import { WORKER_ENV, type WorkerConfig } from "./protocol.ts";
import { writeStderr } from "../util/stderr.ts";

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
  config: Omit<WorkerConfig, "shmPath">;
  /** Extra environment for the worker (LD_PRELOAD of the ASan runtime, ASAN_OPTIONS). */
  env: Record<string, string>;
  /** How a user reruns one artifact, minus the artifact path. */
  reproducePrefix: string;
  /** The worker's command line, when it is not bunfuzz's worker (a `bun test` child for fuzz() tests). */
  argv?: string[];
}

function shmPathFor(): string {
  const dir = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const rand = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(16);
  return join(dir, `bunfuzz-${process.pid}-${rand}`);
}

/**
 * Kills a worker whose current input has run far past -timeout without the shim's watchdog firing
 * (a target blocking signals, or a wedged process): the backstop of the watchdog pair.
 */
function startBackstop(shmPath: string, timeoutSec: number, kill: () => void): { fired: () => boolean; stop: () => void } {
  let fired = false, lastExec = -1, since = Date.now();
  const limitMs = timeoutSec > 0 ? timeoutSec * 1000 + Math.max(5000, timeoutSec * 1000) : 0;
  const timer = setInterval(() => {
    const h = peekHeader(shmPath);
    if (!h || !limitMs) return;
    if (!h.inTarget || h.execCount !== lastExec) {
      lastExec = h.execCount;
      since = Date.now();
      return;
    }
    if (Date.now() - since > limitMs) {
      fired = true;
      kill();
    }
  }, 1000);
  return { fired: () => fired, stop: () => clearInterval(timer) };
}

/** How a worker ended, as the supervisor sees it. */
export type Outcome =
  | { kind: "ok" }
  | { kind: "finding"; finding: Finding; workerCode: number; execs: number; peakRssMb: number }
  | { kind: "engine"; code: number }; // the worker already printed a one-line error, or we did

/**
 * BUNFUZZ_CPU_PROFILE=DIR: the worker writes a CPU profile (.cpuprofile and a Markdown summary) to
 * DIR when it exits, for finding where an engine's time goes (native code called through bun:ffi
 * counts as the calling function's own time).
 */
function profileArgs(): string[] {
  const dir = process.env.BUNFUZZ_CPU_PROFILE;
  return dir ? ["--cpu-prof", "--cpu-prof-md", `--cpu-prof-dir=${dir}`] : [];
}

/** Starts one worker, waits for it, and classifies its end from the shared region. */
export async function runWorker(c: Campaign): Promise<Outcome> {
  const shmPath = shmPathFor();
  const cfg: WorkerConfig = { ...c.config, shmPath };
  const proc = Bun.spawn(c.argv ?? [process.execPath, ...profileArgs(), WORKER_PATH], {
    env: { ...JIT_ENV, ...process.env, ...c.env, [WORKER_ENV]: JSON.stringify(cfg) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // Ctrl-C reaches the worker too; it stops at its next clock check and prints its stats.
  // The supervisor stays to collect it, and kills it if it does not stop.
  const onInt = () => setTimeout(() => proc.kill("SIGKILL"), 10_000).unref();
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onInt);
  const backstop = startBackstop(shmPath, cfg.options.timeout, () => proc.kill("SIGKILL"));
  const code = await proc.exited;
  backstop.stop();
  process.off("SIGINT", onInt);
  process.off("SIGTERM", onInt);
  try {
    return classify(shmPath, code, proc.signalCode === null ? null : String(proc.signalCode), backstop.fired());
  } finally {
    try { unlinkSync(shmPath); } catch {}
  }
}

function classify(shmPath: string, code: number, signal: string | null, backstopFired: boolean): Outcome {
  const pm = readPostMortem(shmPath);
  let kind: FindingKind | undefined = pm ? kindFromCrashRecord(pm.crashKind) : undefined;
  if (!kind && backstopFired) kind = "timeout";
  // Under ASan a deadly signal is reported by ASan itself, as libFuzzer+ASan reports it.
  if (kind === "crash" && pm && pm.flags & FLAG.asan) kind = "sanitizer";
  if (!kind && signal === "SIGKILL") {
    // Not ours (the backstop would have said so): the kernel's OOM killer or a user. Not a finding.
    writeStderr("bunfuzz: the worker was killed by SIGKILL from outside bunfuzz (the kernel's OOM killer, or a user); the corpus on disk is intact: rerun to continue\n");
    return { kind: "engine", code: 128 + 9 };
  }
  if (!kind && pm?.inTarget && (signal || code !== 0)) kind = "crash"; // died in the target without a record
  if (!kind) {
    if (code === 0 && !signal) return { kind: "ok" };
    if (!signal && pm && pm.flags & FLAG.reported) return { kind: "engine", code }; // findings already saved
    if (!signal && Object.values(ENGINE_EXIT).includes(code as never)) return { kind: "engine", code }; // the worker said why
    writeStderr(`bunfuzz: internal error: the worker exited outside the target (${signal ? `signal ${signal}` : `exit code ${code}`}); this is a bunfuzz bug, please report it\n`);
    return { kind: "engine", code: ENGINE_EXIT.internal };
  }
  const finding: Finding = {
    kind,
    input: pm?.input ?? new Uint8Array(),
    signal: pm?.crashSignal,
    mutations: pm?.mutations ?? "",
    mutationCount: pm?.mutationCount ?? 0,
    baseUnit: pm?.baseUnit ?? "",
  };
  return { kind: "finding", finding, workerCode: signal ? 0 : code, execs: pm?.execCount ?? 0, peakRssMb: pm?.peakRssMb ?? 0 };
}

/** libFuzzer's exit code for a finding: a sanitizer's own code when it exited by itself. */
export function findingExitCode(f: Finding, workerCode: number): number {
  return f.kind === "sanitizer" && workerCode > 0 ? workerCode : FINDING_INFO[f.kind].exit;
}

/** Saves a finding (fuzz mode) and prints libFuzzer's banner; returns the exit code. */
export function reportFinding(c: Campaign, f: Finding, workerCode: number, stats?: { execs: number; peakRssMb: number }): number {
  const o: Options = c.config.options;
  let artifact: string | undefined;
  if (c.config.mode === "fuzz") {
    artifact = artifactPath(f, o.artifact_prefix, o.exact_artifact_path);
    writeArtifact(artifact, f.input);
  }
  writeStderr(
    findingBanner(f, {
      artifact,
      prefix: o.artifact_prefix,
      reproduce: artifact ? `${c.reproducePrefix} ${artifact}` : undefined,
      seed: c.config.seed,
    }),
  );
  if (stats && o.print_final_stats) {
    // As libFuzzer prints its final stats from the crash handler too; the worker cannot any more.
    writeStderr(`stat::number_of_executed_units: ${stats.execs}\nstat::peak_rss_mb:              ${stats.peakRssMb}\n`);
  }
  return findingExitCode(f, workerCode);
}

/** A whole campaign: one worker; a finding is saved and reported. Returns the process exit code. */
export async function supervise(c: Campaign): Promise<number> {
  const out = await runWorker(c);
  if (out.kind === "ok") return 0;
  if (out.kind === "engine") return out.code;
  return reportFinding(c, out.finding, out.workerCode, out);
}
