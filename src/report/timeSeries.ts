import { appendFileSync, existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { Snapshot } from "../engine/progress.ts";

/**
 * A campaign's coverage over time, as CSV (a spreadsheet opens it as is): one row every so often,
 * appended to a file beside the corpus, `CORPUS.stats.csv`. Beside and not inside: every file in a
 * corpus directory is read as an input, by bunfuzz and by libFuzzer. Each campaign appends its own
 * rows under its own `campaign` label (start time and seed), so one file holds a corpus's history
 * and charts can overlay campaigns. AFL++'s plot_data is the model; the columns are libFuzzer's
 * numbers (cov: is edges, ft: is features).
 */
export const COLUMNS = ["campaign", "elapsed_s", "execs", "execs_per_s", "edges", "features", "corpus_size", "corpus_bytes", "new_units", "findings", "unix_time"] as const;

/** One row. */
export interface SeriesRow {
  elapsed: number;
  execs: number;
  execsPerSec: number;
  edges: number;
  features: number;
  corpusSize: number;
  corpusBytes: number;
  newUnits: number;
  findings: number;
  /** Seconds since 1970 when the row was written. */
  unixTime: number;
}

/** One campaign's rows, in time order. */
export interface Campaign {
  /** The file it came from (as given) and its campaign label, for legends. */
  file: string;
  label: string;
  rows: SeriesRow[];
}

/** The stats file of a campaign whose corpus is `corpusDir`. */
export function statsFileFor(corpusDir: string): string {
  return `${resolve(corpusDir)}.stats.csv`;
}

/** A campaign label: when it started (UTC, to the second) and its seed. */
export function campaignLabel(startMs: number, seed: number): string {
  return `${new Date(startMs).toISOString().replace(/\.\d+Z$/, "Z")} seed ${seed}`;
}

/**
 * Seconds between rows: one a second for the first two minutes, then about 1/60 of the time so
 * far, at most one a minute. The curve is steepest early; a day-long campaign still writes only
 * about 1,700 rows (about 100 KB).
 */
export function rowInterval(elapsed: number): number {
  return Math.min(60, Math.max(1, elapsed / 60));
}

function formatRow(label: string, r: SeriesRow): string {
  return [label, r.elapsed.toFixed(1), r.execs, r.execsPerSec, r.edges, r.features, r.corpusSize, r.corpusBytes, r.newUnits, r.findings, Math.round(r.unixTime)].join(",");
}

/** The row for a snapshot of the engine. */
export function rowOf(s: Snapshot, findings: number): SeriesRow {
  return {
    elapsed: s.elapsed, execs: s.execs, execsPerSec: s.execPerSec, edges: s.cov, features: s.ft, corpusSize: s.corpusSize,
    corpusBytes: s.corpusBytes, newUnits: s.newUnits, findings, unixTime: Date.now() / 1000,
  };
}

/**
 * Appends one campaign's rows to its stats file, writing the header first when the file is new.
 * Each row is one append of one line (a killed process leaves at most one torn last line, which
 * the reader skips). The engine never calls this: a listener does, on heartbeats.
 */
export class SeriesWriter {
  private next = 0;
  private last: SeriesRow | undefined;

  constructor(readonly path: string, readonly label: string) {}

  /** Appends a row if one is due (or `force`); returns whether it wrote. */
  offer(row: SeriesRow, force = false): boolean {
    if (!force && row.elapsed < this.next) return false;
    if (this.last && this.last.execs === row.execs && this.last.findings === row.findings && this.last.features === row.features) return false;
    if (!existsSync(this.path) || statSync(this.path).size === 0) appendFileSync(this.path, `${COLUMNS.join(",")}\n`);
    appendFileSync(this.path, `${formatRow(this.label, row)}\n`);
    this.last = row;
    this.next = row.elapsed + rowInterval(row.elapsed);
    return true;
  }
}

/**
 * Reads a stats file into its campaigns (in order of first appearance). Rows that do not parse (a
 * torn last line, a foreign line) are skipped; columns are found by the header's names, so a file
 * from a version with more columns still reads.
 */
export function readSeries(path: string): Campaign[] {
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  const header = (lines[0] ?? "").split(",");
  const col = (name: string) => header.indexOf(name);
  const idx = {
    campaign: col("campaign"), elapsed: col("elapsed_s"), execs: col("execs"), eps: col("execs_per_s"), edges: col("edges"), features: col("features"),
    corpus: col("corpus_size"), bytes: col("corpus_bytes"), units: col("new_units"), findings: col("findings"), unix: col("unix_time"),
  };
  if (idx.campaign < 0 || idx.elapsed < 0 || idx.edges < 0) return [];
  const byLabel = new Map<string, Campaign>();
  for (const line of lines.slice(1)) {
    const f = line.split(",");
    if (f.length !== header.length) continue;
    const num = (i: number) => (i < 0 ? 0 : Number(f[i]));
    const row: SeriesRow = {
      elapsed: num(idx.elapsed), execs: num(idx.execs), execsPerSec: num(idx.eps), edges: num(idx.edges), features: num(idx.features),
      corpusSize: num(idx.corpus), corpusBytes: num(idx.bytes), newUnits: num(idx.units), findings: num(idx.findings), unixTime: num(idx.unix),
    };
    if (Object.values(row).some((v) => !Number.isFinite(v))) continue;
    const label = f[idx.campaign]!;
    let c = byLabel.get(label);
    if (!c) byLabel.set(label, (c = { file: path, label, rows: [] }));
    c.rows.push(row);
  }
  for (const c of byLabel.values()) c.rows.sort((a, b) => a.elapsed - b.elapsed);
  return [...byLabel.values()];
}

/** The last row of a campaign in a stats file, if any. */
export function lastRow(path: string, label: string): SeriesRow | undefined {
  if (!existsSync(path)) return undefined;
  return readSeries(path).find((c) => c.label === label)?.rows.at(-1);
}

/**
 * The row the supervisor adds when a finding ended the worker (which can no longer write): the
 * coverage of the campaign's last row, the executions the shared region counted, one more finding.
 * Its elapsed time is the supervisor's, which started the clock a few milliseconds (the worker's
 * start-up) before the engine did.
 */
export function appendFindingRow(path: string, label: string, elapsed: number, execs: number): void {
  const last = lastRow(path, label);
  if (!last) return;
  new SeriesWriter(path, label).offer({ ...last, elapsed: Math.max(elapsed, last.elapsed), execs: Math.max(execs, last.execs), findings: last.findings + 1, unixTime: Date.now() / 1000 }, true);
}
