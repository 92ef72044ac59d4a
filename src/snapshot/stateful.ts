/**
 * Stateful harnesses: a fuzz target declared as a state machine (a fresh state, one operation at a
 * time) with a save/restore pair, so the engine can run a prefix of an input once, keep the state it
 * reached, and fuzz only the rest from that state (the prefix-snapshot stage, -prefix_snapshots=1;
 * src/stages/prefixSnapshot.ts). Declared this way, the harness is still an ordinary fuzz function:
 * plain runs, replays, minimizing and reproducing run every operation from a fresh state.
 */
import { Smith } from "../smith/smith.ts";
import { encode } from "../smith/codec.ts";
import type { SmithHarness } from "../smith/record.ts";

/** The parts every stateful harness declares (S: the state, T: a snapshot of it). */
interface StatefulParts<S, T> {
  /** A fresh state: where every plain execution starts. */
  init(): S;
  /**
   * A snapshot of `state` that later operations on `state` cannot change (a copy, or the state
   * itself when it is immutable). Called once per snapshot, after the frozen prefix.
   */
  save(state: S): T;
  /**
   * A state to go on from, made from a snapshot: operations may change it, and must leave
   * `saved` as it was (it is restored again for the next execution). Called once per execution
   * of a suffix, so it should cost less than the operations of the prefix it stands for.
   */
  restore(saved: T): S;
}

/**
 * A stateful harness over typed values: `step` performs one operation, reading its arguments from
 * the Smith. An execution is `init()`, then `step` while `s.more()`. The prefix of an input is its
 * first k operations (the values read up to the k-th step's end); the stage rewrites an input as
 * two Smith files, prefix then suffix, and a run reads on into the second once the first's records
 * are used up (Smith.nextSegment).
 */
export interface StatefulSmith<S, T = S> extends StatefulParts<S, T> {
  /** One operation on `state`. Must be synchronous: the engine snapshots between operations. */
  step(state: S, s: Smith): void;
}

/**
 * A stateful harness over bytes: `step` performs one operation read from `data` at offset `at`
 * and returns the offset of the next one. An execution is `init()`, then `step` from offset 0 while
 * the offset is inside the input and each step moves forward (a step that returns an offset at or
 * before `at` ends the execution). The prefix of an input is the bytes of its first k operations.
 */
export interface StatefulBytes<S, T = S> extends StatefulParts<S, T> {
  /** One operation on `state`; returns the next operation's offset. Must be synchronous. */
  step(state: S, data: Uint8Array, at: number): number;
}

/** An input's frozen prefix: the whole input rewritten with the prefix first, and the state after it. */
export interface Frozen {
  /** The input to fuzz: bytes [0, prefixLen) are the prefix; the rest is the suffix. */
  readonly input: Uint8Array;
  readonly prefixLen: number;
  /** Operations in the prefix. */
  readonly ops: number;
  /** The harness's snapshot after the prefix. */
  readonly saved: unknown;
}

/**
 * What the prefix-snapshot stage needs from a stateful harness. Every method runs target code: the
 * engine calls them inside an execution's bracket (timeouts, findings).
 */
export interface Resumable {
  /** Whether the harness reads typed values (then it must be declared with `smith: true`). */
  readonly smith: boolean;
  /** Operations a full execution of `input` performs. */
  count(input: Uint8Array): number;
  /**
   * Freezes the first `ops` operations of `input` (at most count(input)): the input rewritten so
   * the prefix is a byte range that a plain run reads first, and the harness's snapshot after a run
   * of that prefix alone.
   */
  freeze(input: Uint8Array, ops: number): Frozen;
  /** Restores `saved` and runs the operations of data[start..end) on it (a suffix, read on its own). */
  resume(saved: unknown, data: Uint8Array, start: number, end: number): void;
}

const RESUMABLE = Symbol.for("bunfuzz.resumable");

/** The Resumable behind a harness made by stateful() or statefulBytes(), if it is one. */
export function resumableOf(fn: unknown): Resumable | undefined {
  return typeof fn === "function" ? (fn as { [RESUMABLE]?: Resumable })[RESUMABLE] : undefined;
}

function tagged<F extends object>(fn: F, r: Resumable): F {
  Object.defineProperty(fn, RESUMABLE, { value: r });
  return fn;
}

/**
 * A Smith harness (`fuzz(name, stateful({...}), { smith: true })`, or `export const fuzz =
 * stateful({...})` with `export const smith = true`) made of a state machine: `init()`, then
 * `step(state, s)` while `s.more()`. With -prefix_snapshots=1 the engine freezes the first
 * operations of an input, saves the state after them and fuzzes the operations that follow from
 * restored copies of it.
 */
export function stateful<S, T = S>(h: StatefulSmith<S, T>): SmithHarness {
  /**
   * Runs up to `max` operations; returns how many ran. At the end of a segment (Smith.nextSegment:
   * the records of a frozen prefix are used up and a Smith file follows) reading goes on there.
   */
  const run = (s: Smith, state: S, max = Infinity): number => {
    let ops = 0;
    while (ops < max) {
      s.nextSegment();
      if (!s.more()) break;
      h.step(state, s);
      ops++;
    }
    return ops;
  };
  const reader = new Smith();
  const r: Resumable = {
    smith: true,
    count: (input) => run(reader.reset(input), h.init()),
    freeze(input, ops) {
      // One recorded run gives the values read up to each operation's end. The prefix becomes a
      // Smith file of exactly those values (no tail), the rest a Smith file appended after it: a
      // plain run reads the second once the first's records are used up (a segment), and a reader
      // of the second alone reads the same values, so mutators may rewrite it as any Smith input.
      const s = new Smith().setRecording(true).reset(input);
      const state = h.init(), ends: number[] = [];
      while (ends.length < ops) {
        s.nextSegment();
        if (!s.more()) break;
        h.step(state, s);
        ends.push(s.recorded.length);
      }
      const cut = ends[ends.length - 1] ?? 0;
      run(s, state); // the rest of the input, to record the suffix's values
      const prefix = encode(s.recorded.slice(0, cut)), suffix = encode(s.recorded.slice(cut));
      const whole = new Uint8Array(prefix.length + suffix.length);
      whole.set(prefix);
      whole.set(suffix, prefix.length);
      // The snapshot comes from the prefix as the rewritten input holds it, run alone.
      const fresh = h.init();
      const done = run(reader.reset(whole, prefix.length), fresh, ends.length);
      return { input: whole, prefixLen: prefix.length, ops: done, saved: h.save(fresh) };
    },
    resume(saved, data, start, end) {
      run(reader.reset(data.subarray(start, end)), h.restore(saved as T));
    },
  };
  return tagged((s: Smith) => { run(s, h.init()); }, r);
}

/**
 * A byte harness (`fuzz(name, statefulBytes({...}))`, or `export const fuzz = statefulBytes({...})`)
 * made of a state machine: `init()`, then `at = step(state, data, at)` from 0 while it moves forward
 * inside the input. With -prefix_snapshots=1 the engine freezes the bytes of the first operations,
 * saves the state after them and fuzzes the bytes that follow from restored copies of it.
 */
export function statefulBytes<S, T = S>(h: StatefulBytes<S, T>): (data: Uint8Array) => void {
  /** Runs up to `max` operations of data[at..end); returns [operations that moved forward, offset reached]. */
  const run = (state: S, data: Uint8Array, at: number, end: number, max = Infinity): [number, number] => {
    let ops = 0;
    while (ops < max && at < end) {
      const next = h.step(state, data, at);
      // A step that does not move forward ends the execution: it is not an operation a prefix may
      // end with, since a plain run would never read past it.
      if (!(next > at)) return [ops, end];
      ops++;
      at = next;
    }
    return [ops, at];
  };
  const r: Resumable = {
    smith: false,
    count: (input) => run(h.init(), input, 0, input.length)[0],
    freeze(input, ops) {
      const state = h.init();
      const [done, at] = run(state, input, 0, input.length, ops);
      return { input: input.slice(), prefixLen: Math.min(at, input.length), ops: done, saved: h.save(state) };
    },
    resume(saved, data, start, end) {
      run(h.restore(saved as T), data, start, end);
    },
  };
  return tagged((data: Uint8Array) => { run(h.init(), data, 0, data.length); }, r);
}
