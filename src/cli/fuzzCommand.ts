import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { workerEnv } from "../build/asanRuntime.ts";
import { shimLibrary } from "../build/shim.ts";
import { checkWritableDir, ensureCorpusDir, largestFile, listCorpusFiles } from "../corpus/disk.ts";
import { EngineError } from "../findings/errors.ts";
import { readDictionary } from "../mutators/dictFile.ts";
import { applyOptionsFile } from "../options/optionsFile.ts";
import { helpText, parseArgs } from "../options/parse.ts";
import { defaultOptions, JS_DEFAULT_TIMEOUT_S, splitList, type Options } from "../options/table.ts";
import { supervise, type Campaign } from "../runner/supervisor.ts";
import { replayHeldJournals } from "../runner/heldJournal.ts";
import type { JsTargetOptions } from "../runner/jsTarget.ts";
import { resolveTarget } from "./target.ts";
import { translateJazzerArgs } from "../jazzer/cli.ts";
import { campaignLabel, statsFileFor } from "../report/timeSeries.ts";
import { writeStderr } from "../util/stderr.ts";
import { traceStartup } from "../util/startupTrace.ts";

/** libFuzzer: without -max_len, inputs stay under 4096 bytes unless a seed is larger (up to 1 MiB). */
const DEFAULT_MAX_LEN = 4096;
const MAX_SANE_LEN = 1 << 20;

/**
 * -seed_inputs: extra seed files, comma-separated, or `@FILE` naming a file that holds the list (as
 * libFuzzer's ParseSeedInputs reads it). Returns absolute paths.
 */
function seedInputs(items: string[]): string[] {
  let list = items;
  if (items.length === 1 && items[0]!.startsWith("@")) {
    const from = items[0]!.slice(1);
    if (!existsSync(from)) throw new EngineError("input", `-seed_inputs=@${from}: ${from} does not exist: give a file that lists seed files, comma-separated`);
    list = splitList(readFileSync(from, "utf8").trim());
  }
  for (const f of list) if (!existsSync(f) || statSync(f).isDirectory()) throw new EngineError("input", `-seed_inputs: ${f} is not a file: give seed files, comma-separated`);
  return list.map((f) => resolve(f));
}

/**
 * What the flags say of a JS target's instrumentation and entry point: -instrument entries are npm
 * package names (no slash or wildcard) or globs; -instrument_paths are path substrings.
 */
export function jsOptions(o: Pick<Options, "instrument" | "instrument_exclude" | "instrument_paths" | "fuzz_entry_point">): JsTargetOptions {
  const isPackage = (x: string) => /^(@[\w.-]+\/)?[\w.-]+$/.test(x) && !x.startsWith(".");
  return {
    include: o.instrument.filter((x) => !isPackage(x)).map((x) => resolve(x) + (x.endsWith("/") ? "/" : "")),
    packages: o.instrument.filter(isPackage),
    contains: o.instrument_paths,
    exclude: o.instrument_exclude,
    entryPoint: o.fuzz_entry_point,
  };
}

/**
 * Flags whose value decides whether an input is a finding (-timeout, -rss_limit_mb) or what code
 * runs (a JS target's instrumentation: compare hooks and probes are code): a reproduction command
 * without them may not reproduce. Printed when they differ from the default.
 */
const DEFINING_FLAGS = ["timeout", "rss_limit_mb"] as const;
const JS_DEFINING_FLAGS = ["instrument", "instrument_paths", "instrument_exclude", "js_hit_counts", "fuzz_entry_point"] as const;

/** Quotes an argument for a POSIX shell when it needs it. */
function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `bunfuzz run <target> [defining flags]`: the command that reruns a finding of this campaign, minus
 * the input. `launcher`: the executable `bunfuzz package` wrote, which reruns it as `./NAME [flags]`
 * the way a libFuzzer binary does (its launcher sets BUNFUZZ_REPRODUCE_COMMAND).
 */
export function reproduceCommand(targetArg: string, options: Options, js: boolean, launcher?: string): string {
  const defaults: Options = { ...defaultOptions(), ...(js ? { timeout: JS_DEFAULT_TIMEOUT_S } : {}) };
  const text = (v: string | number | readonly string[]) => (Array.isArray(v) ? v.join(",") : String(v));
  const flags = [...DEFINING_FLAGS, ...(js ? JS_DEFINING_FLAGS : [])]
    .filter((name) => text(options[name]) !== text(defaults[name]))
    .map((name) => shellQuote(`-${name}=${text(options[name])}`));
  return [...(launcher ? [shellQuote(launcher)] : ["bunfuzz run", shellQuote(targetArg)]), ...flags].join(" ");
}

/**
 * Findings are never lost (an artifact that cannot be written is printed instead), but a user who
 * learns only at the first crash that the artifact directory is read-only may have lost the file
 * they wanted: say so at the start. Only an existing directory is checked; a missing one is
 * created at the first finding.
 */
function warnIfArtifactsUnwritable(o: Options): void {
  const target = o.exact_artifact_path || o.artifact_prefix || "./";
  const dir = target.endsWith("/") && !o.exact_artifact_path ? target : dirname(target) || ".";
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
  try {
    checkWritableDir(dir, "the artifact directory");
  } catch (e) {
    writeStderr(`bunfuzz: warning: ${(e as Error).message}; a finding will be printed (bytes and Base64), not saved\n`);
  }
}

/**
 * `bunfuzz fuzz <target> [corpus dirs | files] [-flag=value ...]` and `bunfuzz run <target> files...`.
 * Directories: fuzz, writing new inputs to the first. Files only: run each once (regression mode).
 * Jazzer.js's command line works too (`bunfuzz fuzz fuzz -i pkg --sync -- -runs=N`).
 */
export async function fuzzCommand(jazzerArgv: readonly string[], forceRun: boolean): Promise<number> {
  traceStartup("supervisor: fuzz command loaded");
  // Jazzer.js's options (`-i pkg --sync -- -runs=N`) become bunfuzz's flags first (src/jazzer/cli.ts).
  const { argv, notes } = translateJazzerArgs(jazzerArgv);
  const parsed = parseArgs(argv);
  const { options, explicit, positional } = parsed;
  if (options.help) {
    writeStderr(`Usage: bunfuzz ${forceRun ? "run <target> file..." : "fuzz <target> [corpus_dir... | file...]"} [-flag=value ...]\n${helpText()}`);
    return 0;
  }
  const merging = options.merge === 1 || options.set_cover_merge === 1;
  if (options.jobs > 0 && !forceRun && !merging && !options.minimize_crash && !options.cleanse_crash && !options.analyze_dict) {
    const { runJobs, defaultJobWorkers } = await import("../runner/jobs.ts");
    return runJobs(argv, options.jobs, options.workers || defaultJobWorkers(options.jobs), options.verbosity);
  }
  const [targetArg, ...rest] = positional;
  if (!targetArg) throw new EngineError("usage", `missing target: bunfuzz ${forceRun ? "run" : "fuzz"} <target.so | target folder> ...`);
  const target = await resolveTarget(targetArg);
  if (target.optionsFile) applyOptionsFile(target.optionsFile, parsed);
  // A JS target's hang is found in seconds, as under Jazzer.js, not libFuzzer's 20 minutes.
  if (target.js && !parsed.explicit.has("timeout")) options.timeout = JS_DEFAULT_TIMEOUT_S;
  for (const w of [...notes, ...parsed.warnings]) writeStderr(`${w}\n`);
  if (options.ignore_crashes && !options.fork && options.workers <= 1) writeStderr("INFO: -ignore_crashes=1 applies to -fork and -workers, as in libFuzzer's fork mode: without them the first finding ends the run\n");
  if (!options.fork) {
    // libFuzzer's fork mode goes on after timeouts and out-of-memory findings by default; a campaign
    // of -workers stops at a finding of any kind, as one worker does, unless told otherwise.
    if (!parsed.explicit.has("ignore_timeouts")) options.ignore_timeouts = 0;
    if (!parsed.explicit.has("ignore_ooms")) options.ignore_ooms = 0;
  }
  // The output corpus (first argument) is created when missing, as `go test -fuzz` creates testdata;
  // any other missing path is a mistake.
  if (!forceRun && rest[0] && !existsSync(rest[0])) ensureCorpusDir(rest[0]);
  for (const p of rest) if (!existsSync(p)) throw new EngineError("input", `${p} does not exist: give existing corpus directories or input files`);
  const dirs = rest.filter((p) => statSync(p).isDirectory());
  const files = rest.filter((p) => !statSync(p).isDirectory());
  if (dirs.length && files.length) throw new EngineError("usage", `mixing corpus directories (${dirs[0]}) and files (${files[0]}): give directories to fuzz, or files to run`);
  if (merging && options.minimize_crash) throw new EngineError("usage", "-merge=1 and -minimize_crash=1 cannot be combined");
  if (merging && (dirs.length < 2 || files.length)) throw new EngineError("usage", "-merge=1 needs an output directory and at least one input directory: bunfuzz fuzz <target> -merge=1 OUT IN...");
  if (options.minimize_crash && files.length !== 1) throw new EngineError("usage", "-minimize_crash=1 needs exactly one crashing input file");
  if (options.cleanse_crash && (files.length !== 1 || !options.exact_artifact_path)) throw new EngineError("usage", "-cleanse_crash=1 needs exactly one crashing input file and -exact_artifact_path=OUT (where the cleansed input goes)");
  // libFuzzer's order of precedence: files to run, merge, dictionary analysis, fuzzing.
  const mode = merging ? "merge" : !options.minimize_crash && (forceRun || files.length > 0) ? "run" : options.analyze_dict ? "analyze_dict" : "fuzz";
  if (mode === "analyze_dict" && (!options.dict && !target.dict || !dirs.length)) throw new EngineError("usage", "-analyze_dict=1 needs -dict=FILE and corpus directories: bunfuzz fuzz <target> -analyze_dict=1 -dict=FILE CORPUS...");
  if (mode === "run" && files.length === 0) throw new EngineError("usage", "bunfuzz run needs at least one input file");

  if (!options.dict && target.dict) options.dict = target.dict;
  if (options.dict) readDictionary(options.dict); // fail here, with the line number, not in the worker

  const corpusDirs = dirs.map((d) => resolve(d));
  if (mode === "fuzz" && corpusDirs.length === 0 && target.defaultCorpus) {
    ensureCorpusDir(target.defaultCorpus);
    corpusDirs.push(target.defaultCorpus);
    writeStderr(`INFO: corpus directory: ${target.defaultCorpus}\n`);
  }
  // The first directory receives new inputs (fuzz) or the kept ones (merge): find out now if it cannot.
  if ((mode === "fuzz" && !options.minimize_crash) || mode === "merge") {
    if (corpusDirs[0]) checkWritableDir(corpusDirs[0], "the output corpus directory");
  }
  if (mode === "fuzz") warnIfArtifactsUnwritable(options);
  // What a killed campaign's supervisor still held goes into its corpus directory before it is read.
  if (mode === "fuzz" && !options.minimize_crash && corpusDirs[0]) {
    const replayed = replayHeldJournals(corpusDirs[0]);
    if (replayed) writeStderr(`INFO: ${replayed} inputs a killed campaign held were written to ${corpusDirs[0]}\n`);
  }
  const extraSeeds = mode === "fuzz" && !options.minimize_crash ? seedInputs(options.seed_inputs) : [];
  const seedFiles = mode === "fuzz" && !options.minimize_crash ? [...listCorpusFiles([...corpusDirs, ...target.seedDirs]), ...extraSeeds] : mode === "merge" || mode === "analyze_dict" ? listCorpusFiles(corpusDirs) : files;
  const largest = largestFile(seedFiles);
  let maxLen = options.max_len;
  if (!maxLen) {
    maxLen = Math.min(MAX_SANE_LEN, Math.max(DEFAULT_MAX_LEN, mode !== "run" ? largest : 0));
    // libFuzzer's words, which ClusterFuzz's stats parser matches ("libFuzzer will not generate ...").
    if (mode === "fuzz") writeStderr(`INFO: -max_len is not provided; libFuzzer will not generate inputs larger than ${maxLen} bytes\n`);
  }
  const seed = options.seed || crypto.getRandomValues(new Uint32Array(1))[0]! || 1;
  if (options.verbosity >= 2) for (const name of explicit) writeStderr(`Flag: ${name} ${String(options[name as keyof typeof options])}\n`);
  if (options.verbosity) writeStderr(`INFO: Seed: ${seed}\n`);
  // The time series goes beside the output corpus (never inside: every file there is an input).
  const statsFile = mode !== "fuzz" || options.minimize_crash || options.stats_file === "none" ? undefined
    : options.stats_file ? resolve(options.stats_file) : corpusDirs[0] ? statsFileFor(corpusDirs[0]) : undefined;
  const shimLib = shimLibrary();
  const reproducePrefix = reproduceCommand(target.arg, options, !!target.js, process.env.BUNFUZZ_REPRODUCE_COMMAND || undefined);
  const campaign: Campaign = {
    config: {
      mode,
      target: target.so,
      shimLib,
      inputCapacity: Math.max(maxLen, mode !== "fuzz" || options.minimize_crash ? largest : 0, 1),
      options,
      seed,
      maxLen,
      corpusDirs,
      seedDirs: target.seedDirs,
      seedFiles: extraSeeds,
      files: files.map((f) => resolve(f)),
      targetArgv: [target.so, ...argv.filter((a, i) => i !== argv.indexOf(targetArg))],
      js: target.js ? jsOptions(options) : undefined,
      reproducePrefix,
      statsFile,
      campaign: statsFile ? campaignLabel(Date.now(), seed) : undefined,
    },
    env: workerEnv(shimLib, target.asan, options.detect_leaks === 1 && !target.js),
    reproducePrefix,
  };
  // The other modes' supervisors load only when asked: a campaign's start-up is part of its time to crash.
  if (merging) return (await import("../runner/mergeLoop.ts")).superviseMerge(campaign);
  if (options.minimize_crash) return (await import("../runner/minimize.ts")).superviseMinimize(campaign, resolve(files[0]!));
  if (options.cleanse_crash) return (await import("../runner/cleanse.ts")).superviseCleanse(campaign, resolve(files[0]!));
  return supervise(campaign);
}
