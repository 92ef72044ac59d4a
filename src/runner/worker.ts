/**
 * A worker process: loads the shim and the target, runs the engine, prints libFuzzer's status
 * lines. Target code runs only here; when it dies, the supervisor reads the shared region.
 */
import { Shim, type TargetHooks } from "../coverage/ffi.ts";
import { EngineError, reportEngineError } from "../findings/errors.ts";
import { closeFds } from "./closeFds.ts";
import type { WorkerConfig } from "./protocol.ts";
import { readWorkerConfig } from "./workerConfigChannel.ts";
import { closeSession, fuzzLoop, log, openSession, runFiles, startupLog } from "./session.ts";
import { traceStartup } from "../util/startupTrace.ts";

traceStartup("worker: modules loaded");

function start(cfg: WorkerConfig): { shim: Shim; hooks: TargetHooks } {
  const o = cfg.options;
  const shim = new Shim(cfg.shimLib, cfg.shmPath, cfg.inputCapacity, o.timeout * 1000, o.rss_limit_mb);
  shim.dieWithParent(cfg.supervisorPid);
  if (cfg.reportFd) shim.sanitizerReportFd(cfg.reportFd);
  closeFds(shim, o.close_fd_mask);
  if (o.use_value_profile) shim.enableValueProfile();
  traceStartup("worker: shim loaded");
  const hooks = shim.loadTarget(cfg.target);
  traceStartup("worker: target loaded");
  const edges = shim.edgeCount();
  if (edges <= 0) {
    throw new EngineError("target", `${cfg.target} is not instrumented (no SanitizerCoverage counters): build it with \`bunfuzz build\` or -fsanitize-coverage=inline-8bit-counters,pc-table,trace-cmp`);
  }
  const modules = shim.stats.moduleCount();
  if (o.verbosity) {
    const info = startupLog(cfg);
    info(`INFO: Loaded ${modules} modules   (${edges} inline 8-bit counters)`);
    if (shim.stats.numPcs) info(`INFO: Loaded ${modules} PC tables (${shim.stats.numPcs} PCs)`);
  }
  if (hooks.initialize) shim.callInitialize(cfg.targetArgv ?? [cfg.target]);
  // ASan builds: leak checks and the per-malloc limit (0: -rss_limit_mb's, as libFuzzer's default).
  shim.setupLeaks(o.detect_leaks === 1, o.malloc_limit_mb || o.rss_limit_mb);
  return { shim, hooks };
}

async function nativeMain(cfg: WorkerConfig): Promise<number> {
  const { shim, hooks } = start(cfg);
  if (cfg.mode === "run") {
    shim.setSeeding(true);
    await runFiles(cfg, (data) => { shim.input.set(data, 0); shim.run(data.length); }, shim.header);
  } else if (cfg.mode === "analyze_dict") {
    const { analyzeDictionary } = await import("./analyzeDict.ts");
    await analyzeDictionary(cfg, shim, log, (data) => { shim.input.set(data, 0); shim.run(data.length); });
  } else if (cfg.mode === "cleanse") {
    const { cleanseStep } = await import("./cleanseStep.ts");
    await cleanseStep(cfg, log, (data) => { shim.input.set(data, 0); shim.run(data.length); });
  } else if (cfg.mode === "merge") {
    const { mergeInner } = await import("./merge.ts");
    await mergeInner(cfg, shim, log, (data) => { shim.input.set(data, 0); shim.run(data.length); });
  } else if (cfg.mode === "coverage") {
    const [{ coverageUnits }, { replayForCoverage }] = await Promise.all([import("../report/units.ts"), import("./coverageReplay.ts")]);
    const units = coverageUnits(shim);
    await replayForCoverage(cfg, shim, (data) => shim.run(data.length), () => units, log);
  } else {
    const s = openSession(cfg, shim, shim, hooks);
    traceStartup("worker: session open");
    shim.setSeeding(true);
    if (!cfg.minimizeFrom) s.fuzzer.runSeeds(s.seeds);
    traceStartup("worker: seeds run");
    shim.setSeeding(false);
    await fuzzLoop(s);
    const code = closeSession(cfg, s, shim);
    await s.peers?.closed;
    return code;
  }
  return 0;
}

async function main(): Promise<number> {
  try {
    const cfg = readWorkerConfig();
    if (!cfg) {
      log(`bunfuzz: error: ${import.meta.path} is bunfuzz's worker; run \`bunfuzz fuzz\` instead`);
      return 2;
    }
    if (cfg.cwd) process.chdir(cfg.cwd);
    // The JS worker (instrumenter, parser) loads only for JS targets: ~10 ms of start-up saved otherwise.
    return cfg.js ? await (await import("./jsWorker.ts")).jsMain(cfg) : await nativeMain(cfg);
  } catch (e) {
    return reportEngineError(e);
  }
}

const code = await main();
traceStartup("worker: exit");
process.exit(code);
