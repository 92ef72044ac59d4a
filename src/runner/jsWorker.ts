import { CRASH, FLAG } from "../coverage/abi.ts";
import type { Shim } from "../coverage/ffi.ts";
import { closeFds } from "./closeFds.ts";
import { jsShim } from "./jsScope.ts";
import { saveFinding } from "../findings/save.ts";
import { FINDING_EXIT, INTERRUPT_EXIT } from "../findings/exitCodes.ts";
import type { Finding } from "../findings/finding.ts";
import { sequenceName } from "../mutators/table.ts";
import { describeError, jazzerOptions, JsExecutor, JsFinding, loadJsTarget, probeOptions, TargetExited, tracedEvery, type FuzzFn } from "./jsTarget.ts";
import { dictionaryEntries } from "../jazzer/index.ts";
import { errorName, expectedVerdict, UNEXPECTED_EXIT } from "../jazzer/expectedErrors.ts";
import { parseDictionary } from "../mutators/dictFile.ts";
import { ADVICE_AFTER_EXECS, ADVICE_MIN_EXECS, tinyCoverageWarning, unmatchedPackages } from "../loader/advice.ts";
import type { WorkerConfig } from "./protocol.ts";
import { analyzeDictionary } from "./analyzeDict.ts";
import { cleanseStep } from "./cleanseStep.ts";
import { mergeInner } from "./merge.ts";
import { closeSession, fuzzLoop, log, openSession, runFiles, startupLog } from "./session.ts";
import { canonicalize, type SmithHarness } from "../smith/index.ts";
import { RecentInputs, RejectionFinding, RejectionWatch, recentSlots } from "./rejections.ts";
import { coverageUnits, type CoverageUnits } from "../report/units.ts";
import { replayForCoverage } from "./coverageReplay.ts";
import type { Resumable } from "../snapshot/stateful.ts";
import { SNAPSHOT_ASIDE, snapshotRuns } from "../stages/prefixSnapshot.ts";

const NO_HOOKS = { initialize: false, customMutator: false, customCrossOver: false };
const NEWLINE = Uint8Array.of(0x0a);

/** Top frames of a stack (file:line, columns dropped), the key that makes findings distinct. */
function dedupKey(text: string): string {
  const frames = [...text.matchAll(/\(?([^\s()]+):(\d+):\d+\)?/g)].slice(0, 3).map((m) => `${m[1]}:${m[2]}`);
  return `${text.split("\n", 1)[0]!.replace(/:.*$/, "")}|${frames.join("|")}`;
}

/** What a finding prints: the error's stack, or for process.exit the call and where it came from. */
function findingText(e: unknown): string {
  return e instanceof TargetExited ? `${e.message}\n${describeError(e).split("\n").slice(1).join("\n")}` : describeError(e);
}

/**
 * A JS finding's report: for a thrown error or a rejection, Jazzer.js's form, which ClusterFuzz's
 * stack analyzer reads (`==PID== Uncaught Exception: Jazzer.js: ` before the error's stack, and its
 * `    at fn (file:line:col)` frames make the crash state); an exit in libFuzzer's (`ERROR:
 * libFuzzer: fuzz target exited`). `what` names a kind other than a thrown error.
 */
function findingHeadline(what: string, text: string): string {
  if (what === "fuzz target exited") return `==${process.pid}== ERROR: libFuzzer: ${what}\n${text}`;
  return `==${process.pid}== Uncaught Exception: Jazzer.js: ${what ? `${what}: ` : ""}${text}`;
}

/**
 * The worker for JS/TS targets. Findings are thrown errors, rejected promises (returned, or
 * dropped and left unhandled: rejections.ts attributes those to their input) and process.exit
 * inside the target. Without -keep_going the first one is recorded in the shared header and the
 * worker exits, so the supervisor saves and reports it as for native targets; with it, the worker
 * saves each distinct finding itself and goes on.
 */
export async function jsMain(cfg: WorkerConfig): Promise<number> {
  const shim = jsShim(cfg);
  closeFds(shim, cfg.options.close_fd_mask);
  const every = cfg.mode === "coverage" ? 1 : tracedEvery(cfg.options);
  const { fn, handle, sink, smith, selection, resumable, traced } = await loadJsTarget(cfg.target, shim, cfg.js!, { ...probeOptions(cfg.options), traced: every > 1 }, jazzerOptions(cfg.options));
  const probes = handle.files.reduce((n, f) => n + f.probes, 0);
  startupLog(cfg)(`INFO: Instrumenting ${selection}`);
  for (const p of unmatchedPackages(cfg.js!.packages)) log(`bunfuzz: warning: -instrument=${p}: the target loaded no file of package ${p} (is the name right?)`);
  const sites = traced ? `${handle.tracedCmpSites ?? 0} compare sites in the copy run 1 in ${every}` : `${handle.files.reduce((n, f) => n + f.cmpSites, 0)} compare sites`;
  startupLog(cfg)(`INFO: Instrumented ${handle.files.length} files (${probes} probes, ${sites})`);
  // libFuzzer's line, which ClusterFuzz reads for edges_total: a JS probe is one 8-bit counter.
  if (cfg.options.verbosity) startupLog(cfg)(`INFO: Loaded 1 modules   (${shim.edgeCount()} inline 8-bit counters)`);
  if (smith) startupLog(cfg)("INFO: Smith harness: the target reads typed values; value-level mutators on");
  if (cfg.mode === "coverage") return jsCoverage(cfg, shim, fn, () => coverageUnits(shim, handle.files, sink.firstEdges));
  return runJsCampaign(cfg, shim, fn, [], smith, () => coverageUnits(shim, handle.files, sink.firstEdges), [], resumable, traced ? { fn: traced, every } : undefined);
}

/**
 * `bunfuzz coverage` for a JS target: every input once; what it throws is not a finding here (its
 * coverage counts like any other run's).
 */
async function jsCoverage(cfg: WorkerConfig, shim: Shim, fn: FuzzFn, units: () => CoverageUnits): Promise<number> {
  const ex = new JsExecutor(shim, fn);
  ex.onFinding = () => true;
  process.on("unhandledRejection", () => {}); // a promise the target dropped: not the report's business
  ex.arm();
  try {
    await replayForCoverage(cfg, shim, (data) => ex.runAsync(data.length), units, log);
  } finally {
    ex.disarm();
  }
  return 0;
}

/**
 * Runs, fuzzes or replays a loaded JS fuzz function per `cfg.mode` and returns the exit code.
 * `extraSeeds` are inputs the caller declared in code (fuzz() tests' seeds), `words` dictionary entries (it.fuzz's),
 * `traced` the target's traced copy and how often it runs (-js_cmp_every).
 */
export async function runJsCampaign(
  cfg: WorkerConfig, shim: Shim, fn: FuzzFn, extraSeeds: Uint8Array[] = [], smith?: SmithHarness, units?: () => CoverageUnits,
  words: readonly Uint8Array[] = [], resumable?: Resumable, traced?: { fn: FuzzFn; every: number },
): Promise<number> {
  const o = cfg.options;
  const ex = new JsExecutor(shim, fn, traced?.fn, traced?.every);
  const seen = new Set<string>();
  let findings = 0, unexpected = 0;
  /** -expected_errors: says whether the finding is one of them, and notes it (flag, or a count under -keep_going). */
  const judgeExpected = (e: unknown, exited: boolean): void => {
    if (o.expected_errors.length === 0) return;
    const name = exited ? undefined : errorName(e);
    const matched = name !== undefined && o.expected_errors.includes(name);
    log(expectedVerdict(o.expected_errors, { name, matched }).line);
    if (matched && !o.keep_going) shim.header.setFlag(FLAG.expected);
    if (!matched) unexpected++;
  };

  /**
   * Returns true when the finding was handled and fuzzing goes on. `dropped`: an unhandled
   * rejection (`alone` false when no single input reproduced it; the input is then the last one run).
   */
  const onFinding = (e: unknown, dropped?: { alone: boolean }): boolean => {
    const exited = e instanceof TargetExited;
    const text = findingText(e);
    const input = shim.input.slice(0, shim.header.inputLen);
    const what = exited ? "fuzz target exited" : dropped ? "unhandled promise rejection in the fuzz target" : "";
    const note = dropped && !dropped.alone ? "\nNOTE: no single input reproduced this rejection when run alone; the input is the last one run before it surfaced" : "";
    if (!o.keep_going) {
      shim.header.crashKind = exited ? CRASH.exit : CRASH.js;
      log(`${findingHeadline(what, text)}${note}`);
      judgeExpected(e, exited);
      return false;
    }
    const key = dedupKey(text);
    if (seen.has(key)) return true;
    seen.add(key);
    findings++;
    const applied = shim.header.mutationLog();
    const f: Finding = {
      kind: exited ? "exit" : "js", input,
      mutations: sequenceName(applied, applied.length), mutationCount: applied.length,
      baseUnit: shim.header.baseUnit(),
    };
    log(`INFO: finding ${findings} (-keep_going)\n${findingHeadline(what, text)}${note}`);
    judgeExpected(e, exited);
    const reproducePrefix = cfg.reproducePrefix ?? `bunfuzz run ${cfg.target}`;
    log(saveFinding(f, { save: cfg.mode === "fuzz", prefix: o.artifact_prefix, exact: "", reproducePrefix, seed: cfg.seed }).trimEnd());
    return true;
  };
  ex.onFinding = onFinding;
  // The ring holds every input a sync slice runs: up to `slots` before its last pick, then that pick,
  // the stage's included (its count and freeze runs, then its suffix runs, with no turn in between).
  const slots = recentSlots(shim.input.length), stageRuns = snapshotRuns(slots);
  const recent = new RecentInputs(slots + Math.max(1, o.mutate_depth, o.prefix_snapshots ? SNAPSHOT_ASIDE + stageRuns : 0));
  const watch = new RejectionWatch({
    shim, replay: (input) => ex.replay(input), report: (e, alone) => onFinding(e, { alone }),
    known: (e) => o.keep_going === 1 && seen.has(dedupKey(findingText(e))),
  });
  /** Turns the event loop and attributes what surfaced to the inputs run since the last turn. */
  const settle = (candidates: () => Uint8Array[] = () => recent.inputs()) => watch.settle(candidates).finally(() => recent.clear());

  ex.arm();
  try {
    if (cfg.mode === "run") {
      const runOne = async (data: Uint8Array) => {
        shim.input.set(data, 0);
        await ex.runAsync(data.length);
        await settle(() => [data]);
      };
      for (const seed of extraSeeds) await runOne(seed);
      await runFiles(cfg, runOne, shim.header);
    } else if (cfg.mode === "merge" || cfg.mode === "cleanse" || cfg.mode === "analyze_dict") {
      const runOne = async (data: Uint8Array) => {
        shim.input.set(data, 0);
        await ex.runAsync(data.length);
        await settle(() => [data]);
      };
      if (cfg.mode === "merge") await mergeInner(cfg, shim, log, runOne);
      else if (cfg.mode === "cleanse") await cleanseStep(cfg, log, runOne);
      else await analyzeDictionary(cfg, shim, log, runOne);
    } else {
      const isAsync = ex.probeAsync();
      await settle(() => [new Uint8Array(0)]);
      ex.recent = recent;
      // Smith inputs join the corpus in canonical form (one extra, uncounted run of the harness).
      const canon = smith && ((b: Uint8Array) => { const c = canonicalize(smith, b); shim.resetCounters(); return c; });
      const s = openSession(cfg, shim, ex, NO_HOOKS, canon || undefined, {
        units, findings: () => findings, words: [...parseDictionary(dictionaryEntries.join("\n"), "addDictionary()"), ...words],
        snapshots: resumable && { resumable, host: ex, runs: stageRuns },
      });
      s.seeds.push(...extraSeeds);
      // Async targets: each execution is awaited, so the loop turns in the middle of a pick.
      const afterTurn = async (fresh: number) => { await settle(); return fresh; };
      const run = (n: number) => recent.count + 1 < slots ? ex.runAsync(n) : ex.runAsync(n).then(afterTurn);
      if (!cfg.minimizeFrom) {
        if (isAsync) await s.fuzzer.runSeedsAsync(s.seeds, run);
        else {
          s.fuzzer.runSeeds(s.seeds);
          await settle(() => [new Uint8Array(0), ...s.seeds, NEWLINE]);
        }
      }
      let advised = false;
      const between = () => {
        // Once, after enough runs (or at the end): tiny coverage means the code under test is not instrumented.
        if (!advised && (s.fuzzer.execs >= ADVICE_AFTER_EXECS || (s.fuzzer.stopped && s.fuzzer.execs >= ADVICE_MIN_EXECS))) {
          advised = true;
          const w = tinyCoverageWarning(ex.stats.coveredEdges, s.fuzzer.execs);
          if (w) log(w);
        }
        return settle();
      };
      await fuzzLoop(s, { run: isAsync ? run : undefined, sliceRuns: slots, between });
      const closing = closeSession(cfg, s, shim);
      await s.peers?.closed;
      if (closing === INTERRUPT_EXIT && findings === 0) return INTERRUPT_EXIT;
    }
  } catch (e) {
    if (e instanceof JsFinding || e instanceof RejectionFinding) return FINDING_EXIT.crash;
    throw e;
  } finally {
    ex.disarm();
    ex.recent = undefined;
    watch.close();
  }
  if (findings === 0) return 0;
  shim.header.setFlag(FLAG.reported);
  log(`bunfuzz: ${findings} distinct finding(s) saved (-keep_going)`);
  // -expected_errors: the campaign succeeds when every finding was expected (Jazzer.js's exit codes).
  if (o.expected_errors.length) return unexpected ? UNEXPECTED_EXIT : 0;
  return o.error_exitcode;
}
