import type { Options } from "../options/table.ts";
import type { JsTargetOptions } from "./jsTarget.ts";
import type { PeerConfig } from "./peers.ts";

/**
 * What the supervisor tells a worker, passed as JSON in the BUNFUZZ_WORKER environment variable.
 * The supervisor has already validated every path and value in it: a worker that finds one wrong
 * reports an internal error.
 */
export interface WorkerConfig {
  /**
   * fuzz: run seeds then mutate; run: execute each file once (regression / reproduction);
   * merge: keep a minimal set of the inputs of corpusDirs[1..] that adds features to corpusDirs[0];
   * coverage: replay the inputs of corpusDirs and files, then write what they reached to coverageOut;
   * cleanse: one -cleanse_crash pass over files[0] (runner/cleanseStep.ts);
   * analyze_dict: -analyze_dict over the inputs of corpusDirs (runner/analyzeDict.ts).
   */
  mode: "fuzz" | "run" | "merge" | "coverage" | "cleanse" | "analyze_dict";
  /** Absolute path of the instrumented shared object. */
  target: string;
  shimLib: string;
  /** The shared region's file (/dev/fd/3: the supervisor's unlinked file); the supervisor reads it after the worker exits. */
  shmPath: string;
  /** The worker's descriptor for a sanitizer runtime's reports (a file the supervisor prints from). */
  reportFd?: number;
  /**
   * The worker's descriptor for its corpus journal (runner/corpusJournal.ts), which the supervisor
   * writes out after the worker ends; absent: the worker writes each corpus file at once.
   */
  journalFd?: number;
  /**
   * The directory the worker works in, when it was started elsewhere (runner/workerStartDir.ts):
   * it moves there before anything else. Absent: it was started there.
   */
  cwd?: string;
  /** The supervisor's pid: the worker dies when that process does. */
  supervisorPid: number;
  inputCapacity: number;
  options: Options;
  /** The resolved seed (never 0). */
  seed: number;
  /** max_len after defaults (never 0). */
  maxLen: number;
  /** Fuzz mode: corpus directories, the first receiving new inputs. */
  corpusDirs: string[];
  /** Fuzz mode: extra seed files or directories read but never written (e.g. a target's seeds/). */
  seedDirs: string[];
  /** Fuzz mode: extra seed files (-seed_inputs), read but never written. */
  seedFiles?: string[];
  /** Run mode: the files to execute. */
  files: string[];
  /** For a fuzz() test's child process: the name of the test to run. */
  testName?: string;
  /** Present for JS/TS targets (`target` is then the module to import). */
  js?: JsTargetOptions;
  /** Fuzz mode for -minimize_crash: start from this crashing input without running it. */
  minimizeFrom?: string;
  /** Fuzz mode: the CSV time series this campaign appends to (-stats_file), and its campaign label there. */
  statsFile?: string;
  campaign?: string;
  /** Coverage mode: where the worker writes its coverage dump (JSON, see src/report/dump.ts). */
  coverageOut?: string;
  /** Cleanse mode: the byte to start from, and the pass (0-4) for libFuzzer's CLEANSE[n] lines. */
  cleanse?: { start: number; attempt: number };
  /** Merge mode: the control file the worker reads and appends to (runner/mergeControl.ts). */
  controlFile?: string;
  /** Coverage mode: inputs known to crash the target, skipped (the supervisor restarts). */
  skip?: string[];
  /**
   * LLVMFuzzerInitialize's argv, as libFuzzer passes its main()'s: argv[0] (the target), then the
   * command line's flags and paths as given. Absent: [target].
   */
  targetArgv?: string[];
  /** How a user reruns a finding, minus the input file (`bunfuzz run target -timeout=5`). */
  reproducePrefix?: string;
  /** Present when the campaign has several workers (src/runner/peers.ts): the supervisor owns the corpus. */
  peer?: PeerConfig;
}

/** What the supervisor's caller fills in; the supervisor adds the rest for each worker it starts. */
export type CampaignConfig = Omit<WorkerConfig, "shmPath" | "supervisorPid" | "reportFd" | "journalFd" | "cwd">;

export const WORKER_ENV = "BUNFUZZ_WORKER";
