import type { Testcase } from "../corpus/testcase.ts";
import type { Dispatcher } from "../mutators/dispatch.ts";
import type { MutationState } from "../mutators/types.ts";
import type { Rng } from "../rng/rng.ts";
import type { Resumable } from "../snapshot/stateful.ts";
import { copyBytes } from "../util/copyBytes.ts";
import type { Stage } from "./types.ts";

/**
 * Executions from one snapshot. LibAFL's incremental-snapshot stage used 50; more amortize the
 * prefix's two runs over more suffixes. A guess, measured only as a whole (bench/prefixSnapshots.ts).
 */
export const SNAPSHOT_RUNS = 256;
/** Runs of target code a pick of the stage makes before its suffix runs: count() and freeze() of the base. */
export const SNAPSHOT_ASIDE = 2;

/**
 * Executions per snapshot for a JS worker whose ring of recent inputs has `slots` places per slice
 * (recentSlots): a pick runs all of them with no turn of the event loop in between, so the ring
 * must hold them to attribute an unhandled rejection to its input; past `slots` (a large
 * -max_len) the pick runs fewer instead of the ring growing.
 */
export function snapshotRuns(slots: number): number {
  return Math.min(SNAPSHOT_RUNS, slots);
}
/** Share of executions the stage may spend; the rest mutate whole inputs as usual. A guess. */
export const SNAPSHOT_SHARE = 0.5;
/** Bytes a suffix may grow by within one pick (libFuzzer's -len_control grows inputs slowly for the same reason). A guess. */
const SUFFIX_GROWTH = 64;
/** Mutations stacked on the suffix per execution: 1..MAX_STACK, each drawn uniformly (libFuzzer stacks up to 5). */
const MAX_STACK = 4;

/** How the stage runs target code besides the loop's executions (JsExecutor implements it). */
export interface SnapshotHost {
  /**
   * Runs `call` on the target's copy of the input slot's first `len` bytes as target code (in-target
   * bracket, timeouts; coverage discarded). Returns undefined when it threw: a finding the host has
   * reported, or, under -keep_going, noted and gone on from.
   */
  aside<T>(len: number, call: (data: Uint8Array) => T): T | undefined;
  /** Routes the executor's runs through `call` instead of the target; undefined routes them back. */
  route(call: ((data: Uint8Array) => unknown) | undefined): void;
}

/**
 * Prefix-frozen fuzzing with snapshots (issue 18 item 3; LibAFL's incremental snapshots,
 * references/libafl-incremental-snapshots.txt). For a stateful harness (src/snapshot/stateful.ts),
 * a pick the stage takes: counts the base's operations, freezes the first k (k drawn from the
 * second half, so the expensive part is the one skipped), runs that prefix once and keeps the
 * harness's snapshot, then for SNAPSHOT_RUNS executions restores the snapshot and runs only a
 * mutated suffix. A suffix that reaches new coverage becomes the one mutated from then on.
 *
 * Invariants:
 * - The input slot holds the whole input (prefix, then suffix) at every execution, so a crash
 *   artifact, a corpus entry and the supervisor's recovered input are whole inputs that a plain run
 *   reproduces. Mutators get a view of the slot that starts after the prefix: they cannot touch it.
 * - The stage copies what it needs from its base at begin() and never reads the Testcase again,
 *   so the base may be replaced, reduced or evicted (-shrink) while the snapshot lives; the
 *   snapshot lives for one pick only and nothing of it is kept across picks.
 * - Suffix runs' features are the suffix's (the prefix's edges are not run again, and hit counts
 *   start from the snapshot): the loop keeps inputs they find with those features, and takes no
 *   REDUCE or -shrink decision from them (Stage.partial).
 */
export class PrefixSnapshot implements Stage {
  readonly partial = true;
  edits = 0;
  readonly mutatorId = -1;
  /** Suffix executions run so far (the share is checked against the loop's executions). */
  spent = 0;
  /** Snapshots taken (picks the stage owned). */
  snapshots = 0;
  private readonly ids = new Uint8Array(MAX_STACK);
  private left = 0;
  /** Bytes of the slot the current snapshot froze (valid from begin() to end()). */
  prefixLen = 0;
  private saved: unknown;
  private suffix = new Uint8Array(0);
  private sub: MutationState | undefined;
  private lastSize = 0;

  constructor(
    private readonly r: Resumable,
    private readonly host: SnapshotHost,
    private readonly slot: Uint8Array,
    private readonly dispatcher: Dispatcher,
    private readonly rng: Rng,
    /** The loop's executions so far. */
    private readonly execs: () => number,
    /** -max_len: a rewritten input must fit it. */
    private readonly maxLen: number,
    private readonly runs = SNAPSHOT_RUNS,
    private readonly share = SNAPSHOT_SHARE,
  ) {}

  begin(base: Testcase): boolean {
    if (this.spent > this.share * this.execs()) return false;
    const len = base.data.length; // the loop put the base in the slot
    const n = this.host.aside(len, (d) => this.r.count(d));
    if (n === undefined || n < 1) return false;
    const lo = Math.max(1, Math.ceil(n / 2));
    const k = lo + this.rng.below(n - lo + 1);
    const f = this.host.aside(len, (d) => this.r.freeze(d, k));
    if (f === undefined || f.input.length > this.maxLen || f.input.length > this.slot.length) return false;
    copyBytes(this.slot, 0, f.input, 0, f.input.length);
    this.prefixLen = f.prefixLen;
    this.suffix = f.input.slice(f.prefixLen);
    this.saved = f.saved;
    this.left = this.runs;
    this.sub = undefined;
    this.snapshots++;
    const saved = f.saved, start = f.prefixLen, r = this.r;
    this.host.route((d) => r.resume(saved, d, start, d.length));
    return true;
  }

  next(s: MutationState): number {
    if (this.left-- <= 0) return -1;
    const sub = this.sub ??= this.view(s);
    copyBytes(sub.data, 0, this.suffix, 0, this.suffix.length);
    sub.size = this.suffix.length;
    sub.lastWordLen = 0;
    const d = this.dispatcher, stack = 1 + this.rng.below(MAX_STACK);
    this.edits = 0;
    for (let i = 0; i < stack; i++) {
      sub.size = d.mutate(sub);
      if (d.lastId >= 0) this.ids[this.edits++] = d.lastId;
    }
    // The word a mutation inserted, for the loop's persistent auto-dictionary.
    s.lastWordLen = sub.lastWordLen;
    if (sub.lastWordLen > 0) copyBytes(s.lastWord, 0, sub.lastWord, 0, sub.lastWordLen);
    this.lastSize = sub.size;
    return this.prefixLen + sub.size;
  }

  /** The mutation log of the last input: the rows applied to its suffix. */
  logTo(ids: Uint8Array): number {
    copyBytes(ids, 0, this.ids, 0, this.edits);
    return this.edits;
  }

  ran(fresh: number): void {
    this.spent++;
    if (fresh > 0) this.suffix = this.slot.slice(this.prefixLen, this.prefixLen + this.lastSize);
  }

  end(): void {
    this.host.route(undefined);
    this.saved = undefined;
    this.sub = undefined;
  }

  /** Mutation state over the slot after the prefix: the same dictionaries and partner, its own view. */
  private view(s: MutationState): MutationState {
    return {
      data: this.slot.subarray(this.prefixLen),
      size: 0,
      // Suffixes grow by at most SUFFIX_GROWTH bytes per pick: a suffix that doubles each time it
      // finds something runs ever more operations from the snapshot, and each execution slows down.
      maxSize: Math.max(0, Math.min(this.maxLen, this.slot.length, this.prefixLen + this.suffix.length + SUFFIX_GROWTH) - this.prefixLen),
      scratch: s.scratch,
      rng: s.rng,
      otherInput: s.otherInput,
      manualDict: s.manualDict,
      autoDict: s.autoDict,
      compares: s.compares,
      lastWord: new Uint8Array(s.lastWord.length),
      lastWordLen: 0,
    };
  }
}
