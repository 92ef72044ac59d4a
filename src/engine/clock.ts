/**
 * Target milliseconds between two clock reads. The interval between reads is counted in executions
 * and follows their measured cost, so a stop request, -max_total_time or the end of a JS slice is
 * seen within about this long (plus one execution), however fast or slow the target is.
 */
const CLOCK_MS = 10;
/** Most executions between clock reads (a read costs ~30 ns; on a 1 µs target 64 of them are 64 µs). */
const MAX_EVERY = 64;

/**
 * When the loop reads the clock. Reading it every execution would cost a fast target ~3%, reading it
 * every N executions makes a slow target N times late; so the interval adapts to the measured cost
 * of an execution. The clock is injected (tests pass a fake one).
 */
export class LoopClock {
  readonly startMs: number;
  /** The execution count at which the next read is due. */
  nextRead = 1;
  private lastMs: number;
  private lastExecs = 0;

  constructor(readonly now: () => number) {
    this.startMs = this.lastMs = now();
  }

  /** Reads the clock at `execs` executions and schedules the next read; returns the time in ms. */
  read(execs: number): number {
    const now = this.now();
    const perExec = (now - this.lastMs) / Math.max(1, execs - this.lastExecs);
    const every = perExec > 0 ? Math.max(1, Math.min(MAX_EVERY, Math.floor(CLOCK_MS / perExec))) : MAX_EVERY;
    this.lastMs = now;
    this.lastExecs = execs;
    this.nextRead = execs + every;
    return now;
  }

  /** Milliseconds since the loop started. */
  elapsedMs(): number {
    return this.now() - this.startMs;
  }
}
