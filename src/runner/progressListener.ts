import type { Snapshot } from "../engine/progress.ts";
import { statusLine } from "../engine/progress.ts";
import type { LibFuzzerCoverage } from "../report/libfuzzerCoverage.ts";
import type { StatusScreen } from "../report/statusScreen.ts";
import { rowOf, type SeriesWriter } from "../report/timeSeries.ts";

/** What the progress listener reports to and how. */
export interface ProgressOptions {
  log: (s: string) => void;
  /** Seconds of silence after which a timed pulse line is printed (0: never). */
  statusInterval: number;
  /** Set on a terminal with -status_screen=1: lines go to the screen's recent list instead. */
  screen?: StatusScreen;
  /** The campaign's time series (CORPUS.stats.csv). */
  series?: SeriesWriter;
  /** -print_pcs: NEW_PC lines before each status line whose input covered new edges. */
  pcs?: LibFuzzerCoverage;
  /** Findings so far (JS targets with -keep_going count them; a native finding ends the worker). */
  findings: () => number;
  /** A fuzz() test's name: its periodic line names the test (`bunfuzz test` shows progress per test). */
  testName?: string;
  target: string;
  seed: number;
  /** -max_total_time, seconds (0: none). */
  maxTime: number;
  totalEdges: () => number;
}

const RECENT_LINES = 6;

/**
 * Everything a person or a tool sees while a campaign runs, hung off the engine's events (the loop
 * itself does no I/O): libFuzzer's lines as the engine makes them; a `pulse` line with ` time: Ns`
 * appended (the field libFuzzer's -fork mode prints) whenever nothing was printed for
 * -status_interval seconds, so a log always shows the campaign is alive and how long it has run
 * (libFuzzer's own pulses come at powers of two, hours apart late in a campaign, and ClusterFuzz's
 * log parser counts `#N pulse` lines as libFuzzer's); a row of the time series on every heartbeat
 * that is due; and, on a terminal when asked, the status screen instead of scrolling lines.
 */
export class ProgressListener {
  private lastLineAt = 0;
  private lastTestLineAt = 0;
  private lastNewAt: number | undefined;
  private readonly recent: string[] = [];
  private rate = { at: 0, execs: 0, value: 0 };

  constructor(private readonly o: ProgressOptions) {}

  private emit(line: string): void {
    if (!this.o.screen) return this.o.log(line);
    this.recent.push(line);
    if (this.recent.length > RECENT_LINES) this.recent.shift();
  }

  /** A libFuzzer status line from the engine. */
  status(line: string, s: Snapshot): void {
    this.o.pcs?.printNewPcs(s.cov);
    const done = line.includes("\tDONE ");
    if (done && this.o.screen) this.draw(s);
    if (done) this.o.log(line); // the last line stays below the screen
    else this.emit(line);
    this.lastLineAt = s.elapsed;
    if (line.includes("\tNEW ")) this.lastNewAt = s.elapsed;
    if (done || line.includes("\tINITED ")) this.o.series?.offer(rowOf(s, this.o.findings()), true);
  }

  /** The engine's heartbeat (about four a second while fuzzing). */
  heartbeat(s: Snapshot): void {
    if (s.elapsed - this.rate.at >= 1) {
      this.rate = { at: s.elapsed, execs: s.execs, value: (s.execs - this.rate.execs) / (s.elapsed - this.rate.at) };
    }
    this.o.series?.offer(rowOf(s, this.o.findings()));
    if (this.o.screen) return this.draw(s);
    if (this.o.statusInterval <= 0) return;
    if (this.o.testName) {
      // A fuzz() test names itself every interval, whatever else was printed: several tests' lines interleave.
      if (s.elapsed - this.lastTestLineAt >= this.o.statusInterval) {
        this.lastTestLineAt = s.elapsed;
        this.o.log(this.testLine(s));
      }
    } else if (s.elapsed - this.lastLineAt >= this.o.statusInterval) {
      this.lastLineAt = s.elapsed;
      this.o.log(statusLine("pulse", s, ` time: ${Math.floor(s.elapsed)}s`));
    }
  }

  /** A fuzz() test's progress line under `bunfuzz test`. */
  private testLine(s: Snapshot): string {
    const of = this.o.maxTime > 0 ? ` of ${this.o.maxTime}s` : "";
    return `fuzz: ${this.o.testName}: ${Math.floor(s.elapsed)}s${of}, ${s.execs} runs (${s.execPerSec}/s), cov: ${s.cov} ft: ${s.ft} corpus: ${s.corpusSize}, findings: ${this.o.findings()}`;
  }

  private draw(s: Snapshot): void {
    this.o.screen!.draw({
      target: this.o.target, seed: this.o.seed, snap: s, execsNow: this.rate.value || s.execPerSec,
      lastNewAgo: this.lastNewAt === undefined ? undefined : s.elapsed - this.lastNewAt, findings: this.o.findings(),
      totalEdges: this.o.totalEdges(), maxTime: this.o.maxTime, recent: this.recent,
    });
  }
}
