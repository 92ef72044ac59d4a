import { writeSync } from "node:fs";

/**
 * BUNFUZZ_TRACE_STARTUP=1: each process of a campaign (supervisor, worker) prints a line to stderr
 * at the named steps of its start-up: milliseconds since its own start (performance.now(), whose
 * origin is the process's start, so Bun's own boot is the first number) and since the Unix epoch
 * (to line the two processes up). For finding where the time before the first execution goes;
 * off, a mark costs one comparison.
 */
const ON = !!process.env.BUNFUZZ_TRACE_STARTUP;

/** Prints one start-up step's times when BUNFUZZ_TRACE_STARTUP is set; `what` names the step. */
export function traceStartup(what: string): void {
  if (!ON) return;
  const now = performance.now();
  writeSync(2, `bunfuzz-startup: pid ${process.pid} ${now.toFixed(1)} ms ${(performance.timeOrigin + now).toFixed(1)} ${what}\n`);
}
