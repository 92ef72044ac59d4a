/** The supervisor's backstop: fires on an input stuck past its limit, and a pause of the campaign is not the input's time. */
import { expect, test } from "bun:test";
import { BackstopClock, BACKSTOP_TICK_MS } from "../../src/runner/backstop.ts";

const stuck = { execCount: 7, inTarget: true };

/** Ticks every BACKSTOP_TICK_MS from `from` to `to` (inclusive); returns the time of the first firing, or -1. */
function run(c: BackstopClock, from: number, to: number, h = stuck): number {
  for (let t = from; t <= to; t += BACKSTOP_TICK_MS) if (c.tick(t, h)) return t;
  return -1;
}

test("an input stuck in the target fires the backstop once -timeout and as much again (at least 5 s) have passed", () => {
  const c = new BackstopClock(1, 0);
  expect(c.limitMs).toBe(6000);
  expect(run(c, 1000, 60_000)).toBe(8000); // first seen stuck at 1 s; fires past 6 s after that
  expect(new BackstopClock(10, 0).limitMs).toBe(20_000);
  expect(run(new BackstopClock(0, 0), 1000, 600_000)).toBe(-1); // -timeout=0: never
});

test("a worker that moves on, or is outside the target, never fires", () => {
  const c = new BackstopClock(1, 0);
  for (let t = 1000; t <= 60_000; t += BACKSTOP_TICK_MS) expect(c.tick(t, { execCount: t, inTarget: true })).toBe(false);
  const idle = new BackstopClock(1, 0);
  expect(run(idle, 1000, 60_000, { execCount: 7, inTarget: false })).toBe(-1);
});

test("a pause of the campaign longer than the limit is not the input's time", () => {
  const c = new BackstopClock(1, 0);
  expect(run(c, 1000, 4000)).toBe(-1); // stuck for 3 s
  // SIGSTOP for 100 s: the next tick comes late; without the skip it would fire here.
  expect(c.tick(104_000, stuck)).toBe(false);
  expect(run(c, 105_000, 60_000 + 105_000)).toBe(108_000); // the remaining 3 s of the limit, then fires
});
