import type { Rng } from "../rng/rng.ts";
import { sha1Hex } from "../util/sha1.ts";
import type { Testcase } from "./testcase.ts";

/**
 * The engine's own cost per execution (mutation, bookkeeping, the FFI call: about 4 us) in the unit
 * of Testcase.work, compare callbacks (4-5 ns each on libpng and cJSON, fitted over their corpora).
 * Without it, on a target that does almost nothing, an input making 8 compares would count four
 * times as costly as one making 2, though both take the same time.
 */
export const EXEC_OVERHEAD_WORK = 1000;

/**
 * The same for a JS target (no native code), in its unit of work, loop iterations of instrumented
 * code (src/instrument/README.md, "Work"). The engine's own cost per JS execution is about 0.6 us
 * (1.7 M exec/s on an empty target); an iteration costs 6-11 ns in jpeg-js 0.4.4's decoder and
 * more in parsers (about 50 ns in smol-toml's). Fitted over 60 s corpora: time in the target plus
 * 0.6 us against iterations plus this, the log-correlation on jpeg-js is 0.98 at 100-200 and
 * 0.93 at 1000, and libFuzzer's tiers (entropic.ts perfScore) agree with the timed ones for 85% of
 * its inputs at 200 and 81% at 1000 (87% either way on smol-toml, whose inputs iterate about 20
 * times and cost alike). At the native 1000, every JS input looked at least 1000 iterations
 * (6-10 us) dear: a header-only JPEG (2 iterations, 1.5 us) and an 8x8 decode (1500, 15 us)
 * differed 2.5x instead of 10x.
 */
export const JS_EXEC_OVERHEAD_WORK = 200;

/**
 * The in-memory corpus: inputs that each reached at least one feature first. Disk persistence is a
 * listener (see corpus/disk.ts), so this class does no I/O.
 */
export class Corpus {
  /**
   * @param overheadWork the engine's own cost per execution in units of Testcase.work: EXEC_OVERHEAD_WORK
   *   where the target has native code (compare callbacks), JS_EXEC_OVERHEAD_WORK for a JS target.
   */
  constructor(readonly overheadWork = EXEC_OVERHEAD_WORK) {}

  readonly entries: Testcase[] = [];
  totalBytes = 0;
  /** Sum of the entries' work (compare callbacks of their admitting executions). */
  totalWork = 0;
  maxInputSize = 0;
  /** Entries by SHA-1 (a peer's REDUCE names the input it replaces); evicted ones stay. */
  private readonly bySha1 = new Map<string, Testcase>();
  /** Entries not evicted (libFuzzer's NumActiveUnits: the corp: of status lines). */
  active = 0;

  get size(): number {
    return this.entries.length;
  }

  add(data: Uint8Array, uniqFeatures: Uint32Array, execs: number, features: Uint32Array = uniqFeatures, work = 0): Testcase {
    const sha1 = sha1Hex(data);
    const t: Testcase = {
      index: this.entries.length,
      data,
      sha1,
      sha1Bytes: Buffer.from(sha1, "hex"),
      uniqFeatures,
      features,
      work,
      addedAt: execs,
      mutations: 0,
      successes: 0,
      staged: false,
      evicted: false,
    };
    this.entries.push(t);
    this.bySha1.set(sha1, t);
    this.active++;
    this.totalBytes += data.length;
    this.totalWork += work;
    if (data.length > this.maxInputSize) this.maxInputSize = data.length;
    return t;
  }

  /**
   * REDUCE: a smaller input that still reaches every feature `t` was first to reach takes its place
   * (same slot, so schedules keep their indexes). Returns the SHA-1 it had before.
   */
  replace(t: Testcase, data: Uint8Array, features: Uint32Array, work: number): string {
    const old = t.sha1;
    this.totalBytes += data.length - t.data.length;
    const wasMax = t.data.length === this.maxInputSize;
    t.data = data;
    t.sha1 = sha1Hex(data);
    if (this.bySha1.get(old) === t) this.bySha1.delete(old);
    this.bySha1.set(t.sha1, t);
    t.sha1Bytes = Buffer.from(t.sha1, "hex");
    t.features = features;
    this.totalWork += work - t.work;
    t.work = work;
    if (wasMax) this.maxInputSize = this.entries.reduce((m, e) => Math.max(m, e.data.length), 0);
    return old;
  }

  /**
   * What an execution that made `work` compare callbacks costs, in executions of the corpus's
   * average input (Testcase.work, plus the engine's overhead on both sides); 1 while the corpus is
   * empty. Counted, not timed, so that seeded runs repeat.
   */
  costOf(work: number): number {
    const n = this.entries.length;
    return n ? (work + this.overheadWork) / (this.totalWork / n + this.overheadWork) : 1;
  }

  /** The entry whose input has this SHA-1 (hex), if any. */
  find(sha1: string): Testcase | undefined {
    return this.bySha1.get(sha1);
  }

  /**
   * -shrink: `t` holds no feature any more. It keeps its slot (schedules index by it) but is never
   * picked again (the loop skips it) and no longer counts in the corpus's size and bytes.
   */
  evict(t: Testcase): void {
    t.evicted = true;
    this.active--;
    this.totalBytes -= t.data.length;
  }

  /**
   * Picks an input to mutate. Later inputs weigh more (weight i+1, libFuzzer's vanilla schedule):
   * they are the frontier. With x uniform in [0, n(n+1)/2), the i with i(i+1)/2 <= x < (i+1)(i+2)/2
   * has exactly that distribution: i = floor((sqrt(8x+1)-1)/2).
   */
  pick(rng: Rng): Testcase {
    const n = this.entries.length;
    const x = (rng.next() / 4294967296) * ((n * (n + 1)) / 2);
    const i = Math.min(n - 1, Math.floor((Math.sqrt(8 * x + 1) - 1) / 2));
    return this.entries[i]!;
  }

}
