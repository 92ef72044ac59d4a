/**
 * The prefix-snapshot stage against a host that runs the harness in-process: mutators never touch
 * the frozen prefix, each execution restores the snapshot and runs only the suffix's operations,
 * the state a suffix run reaches is the state a plain run of the whole slot reaches, and none of
 * it changes when the base input is replaced or evicted from the corpus mid-pick.
 */
import { describe, expect, test } from "bun:test";
import { Corpus } from "../../src/corpus/corpus.ts";
import { Dispatcher } from "../../src/mutators/dispatch.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";
import { Smith } from "../../src/smith/smith.ts";
import { canonicalize, record } from "../../src/smith/record.ts";
import { resumableOf, stateful, statefulBytes } from "../../src/snapshot/stateful.ts";
import { PrefixSnapshot, type SnapshotHost } from "../../src/stages/prefixSnapshot.ts";
import { stateFor } from "../helpers/mutation.ts";

/** Runs everything synchronously over copies of the slot, as JsExecutor does. */
class Host implements SnapshotHost {
  private via: ((d: Uint8Array) => unknown) | undefined;
  constructor(readonly slot: Uint8Array) {}
  aside<T>(len: number, call: (d: Uint8Array) => T): T | undefined {
    return call(this.slot.slice(0, len));
  }
  route(call: ((d: Uint8Array) => unknown) | undefined): void {
    this.via = call;
  }
  run(len: number): void {
    this.via!(this.slot.slice(0, len));
  }
}

const calls = { init: 0, restore: 0, steps: 0 };
let last: number[] = [];

const smithHarness = stateful<number[], number[]>({
  init: () => { calls.init++; return last = []; },
  step: (st, s) => { calls.steps++; st.push(s.int(0, 255, "v")); },
  save: (st) => st.slice(),
  restore: (saved) => { calls.restore++; return last = saved.slice(); },
});

const byteHarness = statefulBytes<number[], number[]>({
  init: () => { calls.init++; return last = []; },
  step: (st, d, at) => { calls.steps++; st.push(d[at]!); return at + 1; },
  save: (st) => st.slice(),
  restore: (saved) => { calls.restore++; return last = saved.slice(); },
});

/** A plain run of the whole input: the state it ends in. */
function plain(fn: (x: never) => unknown, smith: boolean, input: Uint8Array): number[] {
  if (smith) (fn as (s: Smith) => void)(new Smith().reset(input));
  else (fn as (d: Uint8Array) => void)(input);
  return last.slice();
}

for (const [kind, fn, smith, base] of [
  // raw stream: more() = 1, then the value, ten times
  ["Smith", smithHarness, true, Uint8Array.from([1, 10, 1, 11, 1, 12, 1, 13, 1, 14, 1, 15, 1, 16, 1, 17, 1, 18, 1, 19])],
  ["bytes", byteHarness, false, Uint8Array.from([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])],
] as const) {
  describe(`prefix snapshots, ${kind} harness`, () => {
    test("mutates only the suffix, resumes from the snapshot, matches plain runs, survives the base's replacement", () => {
      const r = resumableOf(fn)!;
      expect(r.smith).toBe(smith);
      const rng = new Xoshiro128(7);
      const ms = stateFor([], rng, { capacity: 256 });
      const slot = ms.data;
      slot.set(base);
      const host = new Host(slot);
      const corpus = new Corpus();
      const t = corpus.add(base.slice(), new Uint32Array(), 0);
      let execs = 0;
      const rows = new Dispatcher(undefined, (row) => row.group === "bytes" || (smith && row.group === "smith"));
      const stage = new PrefixSnapshot(r, host, slot, rows, rng, () => execs, 256, 200);
      calls.init = calls.restore = calls.steps = 0;
      expect(stage.begin(t)).toBe(true);
      // count, freeze (a Smith harness records the input once, then runs the rewritten prefix alone)
      expect(calls.init).toBe(smith ? 3 : 2);
      const P = stage.prefixLen;
      expect(P).toBeGreaterThan(0);
      const prefix = slot.slice(0, P);
      const frozenOps = r.count(prefix);
      expect(frozenOps).toBeGreaterThanOrEqual(5); // k is drawn from the second half of 10
      // The base is reduced to another input and evicted while the snapshot lives.
      corpus.replace(t, Uint8Array.from([1, 99]), new Uint32Array(), 0);
      t.evicted = true;
      let runs = 0, suffixOps = 0;
      for (let n; (n = stage.next(ms)) >= 0; runs++) {
        expect(slot.subarray(0, P)).toEqual(prefix);
        const before = { ...calls };
        host.run(n);
        expect(calls.init).toBe(before.init);
        expect(calls.restore).toBe(before.restore + 1);
        const resumed = last.slice();
        const ranOps = calls.steps - before.steps;
        suffixOps += ranOps;
        // Only the suffix's operations ran; a plain run of the whole slot reaches the same state.
        const whole = plain(fn, smith, slot.slice(0, n));
        expect(whole).toEqual(resumed);
        expect(ranOps).toBe(whole.length - frozenOps);
        stage.ran(runs % 50 === 0 ? 1 : 0); // now and then a suffix "finds" something and becomes the base suffix
        execs++;
      }
      stage.end();
      expect(runs).toBe(200);
      expect(suffixOps).toBeGreaterThan(0);
    });
  });
}

test("the stage declines an input without operations, and past its share of executions", () => {
  const r = resumableOf(byteHarness)!;
  const rng = new Xoshiro128(1);
  const slot = new Uint8Array(64);
  const host = new Host(slot);
  const corpus = new Corpus();
  const empty = corpus.add(new Uint8Array(0), new Uint32Array(), 0);
  let execs = 0;
  const stage = new PrefixSnapshot(r, host, slot, new Dispatcher(), rng, () => execs, 64, 4, 0.5);
  expect(stage.begin(empty)).toBe(false);
  slot.set([1, 2, 3]);
  const t = corpus.add(Uint8Array.from([1, 2, 3]), new Uint32Array(), 0);
  expect(stage.begin(t)).toBe(true);
  const ms = stateFor([], rng);
  ms.data = slot;
  for (let n; (n = stage.next(ms)) >= 0;) { host.run(n); stage.ran(0); }
  stage.end();
  execs = 6; // 4 of 6 executions were the stage's: over half
  expect(stage.begin(t)).toBe(false);
  execs = 8;
  expect(stage.begin(t)).toBe(true);
});

test("segments: a plain run of a frozen input reads the prefix's file, then the suffix's, and records one canonical input", () => {
  const r = resumableOf(smithHarness)!;
  const base = Uint8Array.from([1, 10, 1, 11, 1, 12, 1, 13]);
  const f = r.freeze(base, 3);
  expect(f.ops).toBe(3);
  expect(plain(smithHarness, true, f.input)).toEqual([10, 11, 12, 13]);
  // The suffix alone is an ordinary Smith input: one operation.
  expect(r.count(f.input.slice(f.prefixLen))).toBe(1);
  const canon = canonicalize(smithHarness, f.input);
  expect(plain(smithHarness, true, canon)).toEqual([10, 11, 12, 13]);
  // A Smith harness that does not ask for segments reads the suffix's file as tail bytes.
  const values = record((s) => { while (s.more()) s.int(0, 255, "v"); }, f.input).values.map((v) => v.value);
  expect(values.slice(0, 7)).toEqual([true, 10, true, 11, true, 12, true]);
  expect(values.length).toBeGreaterThan(7);
});
