import type { SharedHeader } from "../coverage/header.ts";
import type { Testcase } from "../corpus/testcase.ts";
import { rssMb } from "./progress.ts";

/** The five numbers of libFuzzer's -print_final_stats=1 block. */
export interface FinalStats {
  execs: number;
  seconds: number;
  newUnits: number;
  /** The slowest execution, microseconds (the shim's record). */
  slowestUs: number;
  /** Peak resident memory of the worker, Mb (getrusage's ru_maxrss, as libFuzzer's GetPeakRSSMb). */
  peakRssMb: number;
}

/** A worker's stats about itself: its own peak RSS, or the watchdog's if that saw more. */
export function ownStats(execs: number, seconds: number, newUnits: number, header: SharedHeader): FinalStats {
  return { execs, seconds, newUnits, slowestUs: header.slowestUs, peakRssMb: Math.max(header.peakRssMb, rssMb()) };
}

/**
 * libFuzzer's -print_final_stats=1 block, the five `stat::` lines ClusterFuzz parses (each value a
 * plain integer; it records a non-numeric one as corrupt).
 */
export function printFinalStats(log: (s: string) => void, s: FinalStats): void {
  const rows: [string, number][] = [
    ["number_of_executed_units", s.execs],
    ["average_exec_per_sec", s.seconds > 0 ? Math.floor(s.execs / s.seconds) : 0],
    ["new_units_added", s.newUnits],
    ["slowest_unit_time_sec", Math.floor(s.slowestUs / 1e6)],
    ["peak_rss_mb", s.peakRssMb],
  ];
  for (const [k, v] of rows) log(`stat::${`${k}:`.padEnd(26)}${v}`);
}

/**
 * libFuzzer's -print_corpus_stats=1 block (FuzzerCorpus.h PrintStats): per corpus input, its index,
 * SHA-1, size, the mutations run from it and how many of them gave a new input or a REDUCE. bunfuzz
 * has no focus function, so `focus:` is always 0.
 */
export function printCorpusStats(log: (s: string) => void, entries: readonly Testcase[]): void {
  const w = (v: number, width: number) => ` ${v}`.padStart(width); // printf's "% Nzd"
  for (const t of entries) {
    log(`  [${w(t.index, 3)} ${t.sha1}] sz: ${w(t.data.length, 5)} runs: ${w(t.mutations, 5)} succ: ${w(t.successes, 5)} focus: 0`);
  }
}
