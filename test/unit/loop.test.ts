/**
 * The loop's edges: when it reads the clock, what the mutation log records, and that the sync and
 * async drivers print the same closing lines.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { LoopClock } from "../../src/engine/clock.ts";
import { Dispatcher } from "../../src/mutators/dispatch.ts";
import { MUTATORS, sequenceName } from "../../src/mutators/table.ts";
import { SKIP, type MutatorRow } from "../../src/mutators/types.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz } from "../helpers/cli.ts";
import { stateFor } from "../helpers/mutation.ts";

describe("LoopClock", () => {
  test("a slow target gets a clock read after every execution, a fast one every 64", () => {
    let t = 0;
    const slow = new LoopClock(() => t);
    t += 100; // the first execution took 100 ms
    slow.read(1);
    expect(slow.nextRead).toBe(2);
    const fast = new LoopClock(() => t);
    t += 0.064; // 64 executions of 1 µs
    fast.read(64);
    expect(fast.nextRead).toBe(128);
  });
  test("a 1 ms target reads the clock about every 10 ms of work", () => {
    let t = 0;
    const c = new LoopClock(() => t);
    t += 5;
    c.read(5);
    expect(c.nextRead).toBe(15);
  });
});

describe("mutation log", () => {
  test("when every row skips, the fallback writes one space and names no row", () => {
    const skipping: MutatorRow[] = [{ name: "Never", group: "bytes", weight: 1, fn: () => SKIP }];
    const d = new Dispatcher(skipping);
    const s = stateFor("abc", new Xoshiro128(1));
    expect(d.mutate(s)).toBe(1);
    expect(s.data[0]).toBe(0x20);
    expect(d.lastId).toBe(-1);
    expect(d.uses[0]).toBe(1); // never counted as used (starts at 1)
  });
  test("a sequence longer than the log's 64 slots says how many names it leaves out", () => {
    const ids = new Uint8Array(64).fill(1);
    const name = sequenceName(ids, 70);
    expect(name.startsWith(`${MUTATORS[1]!.name}-`)).toBe(true);
    expect(name.endsWith("...(+6)-")).toBe(true);
    expect(name.split("-").length - 1).toBe(65);
  });
});

test("an async JS target prints DONE once, then libFuzzer's Done line", () => {
  const r = bunfuzz(["fuzz", join(PROJECT_ROOT, "targets/js/planted/async_ok.ts"), "-seed=1", "-runs=300"]);
  expect(r.code).toBe(0);
  expect(r.stderr.match(/\tDONE /g)).toHaveLength(1);
  expect(r.stderr).toMatch(/#300\tDONE .*\nDone 300 runs in \d+ second\(s\)/);
}, 60_000);
