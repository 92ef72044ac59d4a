/**
 * The supervisor's half of the watchdog pair: it kills a worker whose current input has run far
 * past -timeout without the shim's watchdog firing (a target blocking signals, or a wedged
 * process). It reads the worker's header once a tick; the input is the same one while the header
 * says the worker is in the target and its execution count has not moved.
 */

/** Milliseconds between two looks at the worker's header. */
export const BACKSTOP_TICK_MS = 1000;

/** What a tick reads of the worker's header (SharedRegion.peek). */
export interface WorkerPulse {
  execCount: number;
  inTarget: boolean;
}

/**
 * The clock of one worker's backstop. A tick far later than its interval is a pause of the
 * supervisor (SIGSTOP of the campaign, a suspended machine, a debugger), not the worker's time: as
 * the shim's watchdog does (native/crash.c, PAUSE_NS), the gap does not count toward the limit.
 */
export class BackstopClock {
  private lastExec = -1;
  private since: number;
  private lastTick: number;
  /** Milliseconds one input may run before the backstop fires: -timeout and as much again, at least 5 s more (0: never). */
  readonly limitMs: number;

  constructor(timeoutSec: number, now: number) {
    this.limitMs = timeoutSec > 0 ? timeoutSec * 1000 + Math.max(5000, timeoutSec * 1000) : 0;
    this.since = this.lastTick = now;
  }

  /** One tick at `now` (milliseconds) with the header read then: whether the current input has run past the limit. */
  tick(now: number, h: WorkerPulse | undefined): boolean {
    if (now - this.lastTick > 3 * BACKSTOP_TICK_MS) this.since += now - this.lastTick;
    this.lastTick = now;
    if (!h || !this.limitMs) return false;
    if (!h.inTarget || h.execCount !== this.lastExec) {
      this.lastExec = h.execCount;
      this.since = now;
      return false;
    }
    return now - this.since > this.limitMs;
  }
}
