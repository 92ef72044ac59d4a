/**
 * libFuzzer's status lines, byte for byte in the fields tools parse:
 * `#N\tNEW    cov: C ft: F corp: K/Sb lim: L exec/s: E rss: RMb L: a/b MS: n Names-`.
 */
export interface Snapshot {
  /** Seconds since the engine started. */
  elapsed: number;
  /** Inputs added to the corpus since the seeds (libFuzzer's new_units_added). */
  newUnits: number;
  execs: number;
  cov: number;
  ft: number;
  corpusSize: number;
  corpusBytes: number;
  lim: number;
  execPerSec: number;
  rssMb: number;
}

/** libFuzzer's size format: bytes below 16 KiB, then Kb, then Mb. */
export function formatBytes(n: number): string {
  if (n < 1 << 14) return `${n}b`;
  if (n < 1 << 24) return `${n >> 10}Kb`;
  return `${Math.floor(n / (1 << 20))}Mb`;
}

export function statusLine(what: "INITED" | "NEW" | "REDUCE" | "pulse" | "DONE" | "RELOAD", s: Snapshot, tail = ""): string {
  const lim = what === "INITED" ? "" : ` lim: ${s.lim}`;
  return `#${s.execs}\t${what.padEnd(6)} cov: ${s.cov} ft: ${s.ft} corp: ${s.corpusSize}/${formatBytes(s.corpusBytes)}${lim} exec/s: ${s.execPerSec} rss: ${s.rssMb}Mb${tail}`;
}

/**
 * Peak resident memory in Mb, as libFuzzer's GetPeakRSSMb (getrusage's ru_maxrss). Also ten times
 * cheaper than the current RSS (process.memoryUsage.rss() reads /proc: ~7 us, and a campaign's first
 * second prints hundreds of NEW lines).
 */
export function rssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
