import type { SharedHeader } from "../coverage/header.ts";
import type { Testcase } from "../corpus/testcase.ts";
import { rssMb } from "./progress.ts";

/** libFuzzer's -print_final_stats=1 block. */
export function printFinalStats(
  log: (s: string) => void,
  s: {
    execs: number; seconds: number; newUnits: number; header: SharedHeader;
    /** Omitted in the worker (its own peak counts); the supervisor, printing for a dead worker, passes the header's. */
    peakRssMb?: number;
  },
): void {
  const rows: [string, number][] = [
    ["number_of_executed_units", s.execs],
    ["average_exec_per_sec", s.seconds > 0 ? Math.floor(s.execs / s.seconds) : 0],
    ["new_units_added", s.newUnits],
    ["slowest_unit_time_sec", Math.floor(s.header.slowestUs / 1e6)],
    ["peak_rss_mb", s.peakRssMb ?? Math.max(s.header.peakRssMb, rssMb())],
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
