/**
 * A worker process: loads the shim and the target, runs the engine, prints libFuzzer's status
 * lines. Target code runs only here; when it dies, the supervisor reads the shared region.
 */
import { readFileSync } from "node:fs";
import { STAT } from "../coverage/abi.ts";
import { CompareLog } from "../coverage/cmpLog.ts";
import { Shim, type TargetHooks } from "../coverage/ffi.ts";
import { llvmFuzzerMutate } from "../engine/llvmMutate.ts";
import { isCustomRow } from "../mutators/table.ts";
import type { MutatorRow } from "../mutators/types.ts";
import { Corpus } from "../corpus/corpus.ts";
import { listCorpusFiles, readInputs, replaceCorpusEntry, writeCorpusEntry } from "../corpus/disk.ts";
import { makeScheduler } from "../schedulers/choose.ts";
import { Fuzzer } from "../engine/fuzzer.ts";
import { EngineError, reportEngineError } from "../findings/errors.ts";
import { readDictionary } from "../mutators/dictFile.ts";
import { Dispatcher } from "../mutators/dispatch.ts";
import { WordList } from "../mutators/words.ts";
import { Xoshiro128 } from "../rng/rng.ts";
import { HDR } from "../coverage/abi.ts";
import { mergeCorpora } from "./merge.ts";
import { WORKER_ENV, type WorkerConfig } from "./protocol.ts";
import { printFinalStats } from "../engine/finalStats.ts";

const log = (s: string) => process.stderr.write(`${s}\n`);

function start(cfg: WorkerConfig): { shim: Shim; hooks: TargetHooks } {
  const o = cfg.options;
  const shim = new Shim(cfg.shimLib, cfg.shmPath, cfg.inputCapacity, o.timeout * 1000, o.rss_limit_mb);
  const hooks = shim.loadTarget(cfg.target);
  const edges = shim.stats[STAT.numEdges]! - 1;
  if (edges <= 0) {
    throw new EngineError("target", `${cfg.target} is not instrumented (no SanitizerCoverage counters): build it with \`bunfuzz build\` or -fsanitize-coverage=inline-8bit-counters,pc-table,trace-cmp`);
  }
  log(`INFO: Loaded ${shim.stats[STAT.numModules]} modules   (${edges} inline 8-bit counters)`);
  if (shim.stats[STAT.numPcs]) log(`INFO: Loaded ${shim.stats[STAT.numModules]} PC tables (${shim.stats[STAT.numPcs]} PCs)`);
  if (hooks.initialize) shim.callInitialize(cfg.target);
  return { shim, hooks };
}

function runFiles(cfg: WorkerConfig, shim: Shim): void {
  log(`${cfg.target}: Running ${cfg.files.length} inputs 1 time(s) each.`);
  for (const f of readInputs(cfg.files, cfg.inputCapacity)) {
    log(`Running: ${f.path}`);
    const t0 = performance.now();
    shim.input.set(f.data, 0);
    shim.run(f.data.length);
    log(`Executed ${f.path} in ${Math.round(performance.now() - t0)} ms`);
  }
  log("***\n*** NOTE: fuzzing was not performed, you have only\n***       executed the target code on a fixed set of inputs.\n***");
}

/**
 * Which mutator rows run: a target with LLVMFuzzerCustomMutator gets only its own hooks, as in
 * libFuzzer; otherwise the built-in rows (less CMP with -use_cmp=0), plus CustomCrossOver if defined.
 */
function enabledRows(o: WorkerConfig["options"], hooks: TargetHooks): (row: MutatorRow) => boolean {
  return (row) => {
    if (row.name === "CustomCrossOver") return hooks.customCrossOver;
    if (row.name === "Custom") return hooks.customMutator;
    if (hooks.customMutator) return false;
    return o.use_cmp === 1 || row.name !== "CMP";
  };
}

function fuzz(cfg: WorkerConfig, shim: Shim, hooks: TargetHooks): void {
  const o = cfg.options;
  const rng = new Xoshiro128(cfg.seed, new Uint32Array(shim.shared.buffer, HDR.rngState, 4));
  const manual = new WordList();
  if (o.dict) for (const w of readDictionary(o.dict)) manual.add(w);
  if (manual.size) log(`INFO: Dictionary: ${manual.size} entries`);
  const auto = new WordList();
  const compares = new CompareLog(shim.cmpLog, shim.cmpLogBytes);
  const dispatcher = new Dispatcher(undefined, enabledRows(o, hooks), o.weighted_mutations === 1);
  const corpus = new Corpus();
  const scheduler = makeScheduler(o.schedule || (o.entropic ? "entropic" : "vanilla"), corpus, shim);
  const outDir = cfg.corpusDirs[0];
  const fuzzer = new Fuzzer(
    shim,
    {
      // As libFuzzer: a custom mutator knows the input's structure, so no length control.
      maxLen: cfg.maxLen, lenControl: hooks.customMutator ? 0 : o.len_control, mutateDepth: Math.max(1, o.mutate_depth), runs: o.runs,
      maxTotalTime: o.max_total_time, chainLimit: o.chain_limit, reduceInputs: o.reduce_inputs === 1,
    },
    rng, corpus, scheduler, dispatcher,
    {
      status: log,
      newInput: (t) => { if (outDir) writeCorpusEntry(outDir, t.data, t.sha1); },
      replaced: (t, old) => { if (outDir) replaceCorpusEntry(outDir, t.data, t.sha1, old); },
    },
    { manual, auto, compares, native: hooks.customMutator || hooks.customCrossOver ? shim : undefined },
  );
  if (hooks.customMutator) {
    const defaults = new Dispatcher(undefined, (row) => !isCustomRow(row) && (o.use_cmp === 1 || row.name !== "CMP"));
    shim.setDefaultMutator(llvmFuzzerMutate(defaults, fuzzer.mutationState));
  }
  const files = listCorpusFiles([...cfg.corpusDirs, ...cfg.seedDirs]);
  if (files.length) log(`INFO: ${String(files.length).padStart(8)} files found in ${[...cfg.corpusDirs, ...cfg.seedDirs].join(", ")}`);
  else log("INFO: A corpus is not provided, starting from an empty corpus");
  const seeds = readInputs(files, cfg.maxLen);
  if (seeds.length) {
    const sizes = seeds.map((s) => s.data.length);
    log(`INFO: seed corpus: files: ${seeds.length} min: ${Math.min(...sizes)}b max: ${Math.max(...sizes)}b total: ${sizes.reduce((a, b) => a + b, 0)}b rss: ${Math.round(process.memoryUsage.rss() / (1 << 20))}Mb`);
  }
  if (cfg.minimizeFrom) fuzzer.startFrom(readFileSync(cfg.minimizeFrom));
  else fuzzer.runSeeds(seeds.map((s) => s.data));
  if (o.runs !== 0) fuzzer.fuzz();
  if (fuzzer.interrupted) log(`==${process.pid}== libFuzzer: run interrupted; exiting`);
  if (auto.size) {
    log("###### Recommended dictionary. ######");
    for (const w of auto.words) log(`"${escapeWord(w.bytes)}"`);
    log("###### End of recommended dictionary. ######");
  }
  log(`Done ${fuzzer.execs} runs in ${Math.floor(fuzzer.elapsedSeconds())} second(s)`);
  if (o.print_final_stats) printFinalStats(log, { execs: fuzzer.execs, seconds: fuzzer.elapsedSeconds(), newUnits: fuzzer.newUnits, header: shim.header });
}

/** libFuzzer's dictionary escaping: printable ASCII as is, the rest as \ooo octal... we use \xNN, which -dict reads back. */
function escapeWord(b: Uint8Array): string {
  let s = "";
  for (const c of b) s += c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, "0")}`;
  return s;
}

function main(): number {
  const raw = process.env[WORKER_ENV];
  if (!raw) {
    log(`bunfuzz: error: ${import.meta.path} is bunfuzz's worker; run \`bunfuzz fuzz\` instead`);
    return 2;
  }
  try {
    const cfg = JSON.parse(raw) as WorkerConfig;
    const { shim, hooks } = start(cfg);
    if (cfg.mode === "run") runFiles(cfg, shim);
    else if (cfg.mode === "merge") mergeCorpora(cfg, shim, log);
    else fuzz(cfg, shim, hooks);
    return 0;
  } catch (e) {
    return reportEngineError(e);
  }
}

process.exit(main());
