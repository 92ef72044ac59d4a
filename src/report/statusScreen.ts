import type { Snapshot } from "../engine/progress.ts";
import { formatDuration } from "./svgChart.ts";

/**
 * The one-screen status for a terminal (AFL++'s status screen is the model): the numbers a person
 * watches, redrawn in place. Only ever drawn when stderr is a terminal (see progressListener.ts);
 * when it is a pipe or a file, libFuzzer's lines go out unchanged for the tools that parse them.
 */

/** What the screen shows besides the engine's snapshot. */
export interface ScreenState {
  target: string;
  seed: number;
  snap: Snapshot;
  /** Executions per second over the last second or so (the snapshot's is the campaign average). */
  execsNow: number;
  /** Seconds since the last new input, or undefined before the first. */
  lastNewAgo: number | undefined;
  findings: number;
  /** Edges in the coverage map (instrumented), for the coverage percentage. */
  totalEdges: number;
  /** -max_total_time in seconds, 0 for none. */
  maxTime: number;
  /** The last few libFuzzer lines, newest last. */
  recent: readonly string[];
}

const n = (v: number) => Math.round(v).toLocaleString("en-US");

function pair(label: string, value: string, width = 42): string {
  return `  ${label.padEnd(16)}${value}`.padEnd(width);
}

/** The screen as plain text lines (no escape codes), at most 80 columns wide. */
export function renderScreen(st: ScreenState): string[] {
  const s = st.snap;
  const pct = st.totalEdges > 0 ? ` (${((100 * s.cov) / st.totalEdges).toFixed(1)}%)` : "";
  const time = st.maxTime > 0 ? `${formatDuration(s.elapsed)} of ${formatDuration(st.maxTime)}` : formatDuration(s.elapsed);
  const rows: Array<[string, string, string, string]> = [
    ["run time", time, "edges (cov)", `${n(s.cov)} of ${n(st.totalEdges)}${pct}`],
    ["last new input", st.lastNewAgo === undefined ? "none yet" : `${formatDuration(st.lastNewAgo)} ago`, "features (ft)", n(s.ft)],
    ["executions", n(s.execs), "corpus", `${n(s.corpusSize)} inputs, ${n(s.corpusBytes)} bytes`],
    ["exec/s", `${n(st.execsNow)} (avg ${n(s.execPerSec)})`, "new inputs", n(s.newUnits)],
    ["rss", `${n(s.rssMb)} Mb`, "findings", n(st.findings)],
  ];
  const title = ` bunfuzz: ${st.target} (seed ${st.seed})`;
  const out = [title.slice(0, 80), ` ${"-".repeat(78)}`];
  for (const [a, b, c, d] of rows) out.push(`${pair(a, b)}${pair(c, d, 0)}`.slice(0, 80));
  out.push(` ${"-".repeat(78)}`);
  for (const line of st.recent) out.push(` ${line.replace(/\t/g, " ")}`.slice(0, 80));
  return out;
}

/** Draws the screen in place on a terminal: home, the lines (each cleared to its end), clear below. */
export class StatusScreen {
  private started = false;

  constructor(private readonly write: (s: string) => void) {}

  draw(st: ScreenState): void {
    const body = renderScreen(st).map((l) => `${l}\x1b[K`).join("\n");
    this.write(`${this.started ? "\x1b[H" : "\x1b[H\x1b[2J"}${body}\n\x1b[J`);
    this.started = true;
  }
}
