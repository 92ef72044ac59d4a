/**
 * SIGINT and SIGTERM to the supervisor, as libFuzzer handles them: the campaign stops promptly,
 * prints its final stats and exits 72. `docker stop`, CI cancellation and ClusterFuzz signal the
 * supervisor's pid alone, so the supervisor passes the request on through the shared header (the
 * flag the worker's own handler sets on Ctrl-C, which reaches the whole process group); the engine
 * stops after the input it is running. A worker stuck inside one input cannot: once it has shown
 * no progress for GRACE_MS it is killed, and the supervisor prints the stats from the header.
 */
import type { SharedRegion } from "./postMortem.ts";

/**
 * How long a worker may stay inside one input after a stop request before it is killed. A guess:
 * long enough for an ordinary slow input to finish, short enough to be prompt for a person.
 */
const GRACE_MS = 1000;
/** A worker that makes progress but does not stop (a long seed corpus still loading) is killed after this. */
const MAX_WAIT_MS = 5000;
const POLL_MS = 50;

let interrupted = false;

/** Whether the supervisor was signalled: loops over workers (merge, minimize) stop starting new ones. */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** What happened to one worker's run on the interrupt front. */
export interface InterruptWatch {
  /** A SIGINT/SIGTERM reached the supervisor while the worker ran. */
  requested(): boolean;
  /** The worker did not stop by itself and was killed. */
  killed(): boolean;
  stop(): void;
}

/**
 * Watches for SIGINT/SIGTERM while one worker runs (only then: `bun test` running fuzz() tests
 * keeps its own Ctrl-C otherwise). A second signal kills the worker at once.
 */
export function watchInterrupts(region: SharedRegion, kill: () => void): InterruptWatch {
  let requested = false, killed = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const killNow = () => {
    killed = true;
    kill();
    if (timer) clearInterval(timer);
  };
  const onSignal = () => {
    interrupted = true;
    if (requested) return killNow();
    requested = true;
    region.requestStop();
    let lastExec = -1, stuckMs = 0, waitedMs = 0;
    timer = setInterval(() => {
      const h = region.peek();
      waitedMs += POLL_MS;
      stuckMs = h && (!h.inTarget || h.execCount !== lastExec) ? 0 : stuckMs + POLL_MS;
      lastExec = h?.execCount ?? -1;
      if (!h) region.requestStop(); // the worker had not created the region yet
      if (stuckMs >= GRACE_MS || waitedMs >= MAX_WAIT_MS) killNow();
    }, POLL_MS);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    requested: () => requested,
    killed: () => killed,
    stop() {
      if (timer) clearInterval(timer);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
