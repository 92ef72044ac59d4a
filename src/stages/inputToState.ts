import { CMP_MEM_BYTES } from "../coverage/abi.ts";
import type { CompareTrace } from "../coverage/trace.ts";
import type { Testcase } from "../corpus/testcase.ts";
import type { MutationState } from "../mutators/types.ts";
import { mutatorIndex } from "../mutators/table.ts";
import { copyBytes } from "../util/copyBytes.ts";
import type { StageBudget } from "./stageBudget.ts";
import type { Stage } from "./types.ts";

/**
 * What one stage spends on a base at most, its traced run included, in executions of an average
 * corpus input (a run of an input costing more counts as that many: see `cost` in the constructor),
 * and candidates it queues from the base's own compares. Measured at 60 s with every input staged (bench/results/input-to-state.md):
 * libpng's picks averaged 68 executions and 41% of them reached the cap, libyaml's 14; the stage's
 * share of all executions is 4-6%, and its share of the time is what the budgets below hold down.
 */
const BUDGET = 96;
const MAX_CANDIDATES = 48;
/** Patches stacked on a candidate to repair compares it broke (a chunk CRC inside a stream's Adler-32: 2). */
const MAX_REPAIR_DEPTH = 3;
/** Broken compares repaired per candidate run. */
const REPAIRS_PER_RUN = 3;
/**
 * Places one operand is written at: its first HITS_PER_PATTERN occurrences in the input, then (once
 * every compare's first ones are queued) its following ones up to MAX_HITS when the operand repeats
 * within itself. In a run of equal bytes every offset matches (a zero tag beside a zero length, a
 * CRC inside a run InsertRepeatedBytes wrote), and the place the target read may be any of them:
 * over seeds 1-120 the planted checksum_tag was not found in 200,000 runs at 6 seeds with the first
 * two places only, at 1 with the further ones (bench/results/input-to-state.md). Further copies of
 * an operand that does not repeat within itself are not written: they found nothing more (the same
 * 120 results; 0.97-1.02 of the features on the bundled targets at 2 M executions) for more
 * candidates per pick.
 */
const HITS_PER_PATTERN = 2;
const MAX_HITS = 16;

/**
 * Which candidates a pass over the trace makes: each operand's exact value at its first
 * occurrences, its variants there, or its exact value at its further occurrences.
 */
type Pass = "exact" | "variants" | "further";

/**
 * What a traced execution costs beyond an untraced one, for the stage's budgets: one more average
 * execution per this many trace entries. Measured at 60 s (the stage's picks timed against the
 * loop's): libpng's traced runs list about 316 entries and cost 3.1 times an untraced execution,
 * libyaml's about 650 and 5.5 times; the trace's callbacks and the stage's reads of it both grow
 * with the entries.
 */
const TRACE_ENTRIES_PER_RUN = 128;

/** The passes over a base's trace, in the order their candidates are queued; a repair's passes. */
const PASSES: readonly Pass[] = ["exact", "variants", "further"];
const REPAIR_PASSES: readonly Pass[] = ["exact", "further"];

/** Placeholder parent sites of repairs until their run's sites are collected. */
const NO_SITES: Set<number> = new Set();

interface Candidate {
  input: Uint8Array;
  /** Patches applied to the base: 1 for an input-to-state patch, more for repairs on top. */
  depth: number;
  /** Call sites whose compares failed in the run this candidate was derived from. */
  parentSites: Set<number>;
}

/**
 * Redqueen's input-to-state step, and the repair libFuzzer lacks (issue 18, item 2). On the first
 * pick of each corpus input, the stage runs it once with the shim's compare trace on, then for each
 * failed compare whose operand appears in the input (little- or big-endian, or as bytes), writes
 * the other operand there and runs that. When such a patch reaches nothing new, the compares that
 * fail in its run but did not in the run it was derived from (a checksum over the patched bytes:
 * the stored value is in the input, the computed one in the compare; or a compare the patch let
 * the target reach) are patched the same way on top of it, up to MAX_REPAIR_DEPTH deep, so a tag
 * and the checksum that covers it change in one step. Works for any
 * checksum or length field compared for equality with a value stored verbatim in the input: CRC-32
 * of PNG chunks, zlib's Adler-32, length prefixes.
 *
 * Candidates are made from the trace in execution order and deduplicated by content, so a seeded
 * run repeats (the trace's call sites are process-local addresses, used only as set members). A
 * candidate that reaches new coverage joins the corpus and ends the pick; the find is staged at
 * its own first pick. The pick does not go on with the base's other candidates, as Redqueen's and
 * AFL++'s stages do, although on the planted checksum_tag going on solves 3 more seeds of 120: each
 * find's own first pick is then a traced run too, and on stb_image, whose inputs take milliseconds
 * to decode, going on took 1.58 times the seconds to the crash at the median of 8 seeds in about
 * the same executions, with every run charged by its cost as below (the crash comes within the
 * budgets' warm-up, which takes every input: bench/results/input-to-state.md, "Going on after a
 * find, charged by cost").
 *
 * Each run is charged by what it cost: its compare callbacks against the corpus's average input's
 * (Corpus.costOf, the entropic schedule's measure of cost; at least one execution), plus the
 * reading of its trace (TRACE_ENTRIES_PER_RUN). The pick stops at BUDGET of those, so a slow
 * input's pick ends after a few runs, and both budgets below weigh the stage by them.
 *
 * Where it spends (bench/results/input-to-state.md, 60 s, every input staged and every run traced):
 * 17-21% of a campaign's time on libpng and libyaml for 4-6% of its executions, a traced run costing
 * 3-7 times an untraced one with the reading of its trace. So two StageBudgets weigh it against the
 * loop's mutations: one decides which inputs the stage takes, the other which candidates run traced
 * (only they can be repaired; libyaml's repairs found 4 new inputs in 1,400 runs, libpng's 272 in
 * 93,000).
 */
export class InputToState implements Stage {
  edits = 0;
  readonly mutatorId = mutatorIndex("I2S");
  private queue: Candidate[] = [];
  private readonly baseSites = new Set<number>();
  private readonly tried = new Set<number>();
  private base!: Testcase;
  /** The candidate that ran last; undefined while the base itself runs. */
  private current: Candidate | undefined;
  private first = true;
  /** What the pick has cost so far, in executions of an average input (BUDGET). */
  private spent = 0;
  private readonly a = new Uint8Array(CMP_MEM_BYTES);
  private readonly b = new Uint8Array(CMP_MEM_BYTES);
  private readonly from = new Uint8Array(CMP_MEM_BYTES);
  private readonly to = new Uint8Array(CMP_MEM_BYTES);
  /** A bit per byte pair (first << 8 | second) that occurs in the input being searched (see index()). */
  private readonly pairs = new Uint8Array(65536 / 8);
  /** Whether the run in flight is traced: a candidate whose repairs would not run runs untraced. */
  private traced = true;

  /**
   * `budget`, when given, decides which inputs the stage takes (each is offered once, at its first
   * pick); without it the stage takes every one. `repairs`, when given, decides which candidates
   * run traced so that the compares they break can be repaired: repairs are charged their own runs
   * and the trace of the runs they came from, against everything else the loop runs; without it
   * every candidate is traced.
   */
  constructor(
    private readonly trace: CompareTrace, private readonly budget?: StageBudget, private readonly repairs?: StageBudget,
    /**
     * What the last execution cost in executions of an average corpus input (Corpus.costOf of the
     * shim's work count); without it every execution costs one. A run counts as at least one.
     */
    private readonly cost: () => number = () => 1,
  ) {}

  begin(base: Testcase): boolean {
    if (base.staged) return false;
    base.staged = true;
    if (this.budget && !this.budget.offer()) return false;
    this.base = base;
    this.queue = [];
    this.baseSites.clear();
    this.tried.clear();
    this.tried.add(hash(base.data));
    this.current = undefined;
    this.first = true;
    this.spent = 0;
    this.trace.start();
    this.traced = true;
    return true;
  }

  next(s: MutationState): number {
    if (this.spent >= BUDGET) return -1;
    let input: Uint8Array;
    if (this.first) {
      this.first = false;
      input = this.base.data;
      this.current = undefined;
      this.edits = 0;
    } else {
      const c = this.queue.shift();
      if (!c) return -1;
      input = c.input;
      this.current = c;
      this.edits = c.depth;
      const traced = c.depth < MAX_REPAIR_DEPTH && (!this.repairs || this.repairs.offer());
      if (traced !== this.traced) {
        if (traced) this.trace.start();
        else this.trace.stop();
        this.traced = traced;
      }
    }
    copyBytes(s.data, 0, input, 0, input.length);
    return input.length;
  }

  ran(fresh: number): void {
    const t = this.trace, n = this.traced ? t.count : 0, c = this.current;
    const run = Math.max(1, this.cost()), extra = n / TRACE_ENTRIES_PER_RUN;
    this.spent += run;
    this.budget?.ran(fresh, run + extra);
    if (c && this.repairs) {
      if (c.depth > 1) this.repairs.ran(fresh, run + extra);
      else this.repairs.ran(0, extra, 0); // the trace a repair needs: paid for by the repairs
    }
    // A find is in the corpus and staged at its own first pick; a rejected input offers nothing to repair.
    if (fresh !== 0 || !this.traced) return;
    if (!c) {
      for (let i = 0; i < n; i++) this.baseSites.add(t.site(i));
      this.index(this.base.data);
      // Exact operands for every compare first, then the variants, then further places, while there is room.
      for (const pass of PASSES) {
        for (let i = 0; i < n && this.queue.length < MAX_CANDIDATES; i++) this.patches(this.base.data, i, 1, this.baseSites, this.queue, pass);
      }
      return;
    }
    if (c.depth >= MAX_REPAIR_DEPTH) return;
    const repairs: Candidate[] = [];
    for (const pass of REPAIR_PASSES) {
      for (let i = 0, r = 0; i < n && r < REPAIRS_PER_RUN; i++) {
        if (c.parentSites.has(t.site(i))) continue;
        if (r++ === 0 && pass === "exact") this.index(c.input);
        this.patches(c.input, i, c.depth + 1, NO_SITES, repairs, pass);
      }
    }
    if (repairs.length === 0) return;
    // The repairs' own parent sites: this run's compares, collected only when there is a repair to run.
    const sites = new Set<number>();
    for (let i = 0; i < n; i++) sites.add(t.site(i));
    for (const r of repairs) r.parentSites = sites;
    this.queue.unshift(...repairs); // a repair goes before the base's other candidates
  }

  end(): void {
    this.trace.stop();
    this.queue = [];
  }

  /**
   * Candidates from trace entry i: each operand found in `input`, replaced by the other one. The
   * "exact" and "further" passes write integers in their own width, little- and big-endian, at an
   * operand's first occurrences and at its further ones; "variants" writes the other operand +-1 (a
   * < or > compare is crossed by one more), both complemented (`~crc == stored` is often compiled
   * as `crc == ~stored`), and narrower widths where both values fit (a 16-bit length compared as a
   * size_t), at the first occurrences.
   */
  private patches(input: Uint8Array, i: number, depth: number, sites: Set<number>, out: Candidate[], pass: Pass): void {
    const t = this.trace, w = t.width(i);
    if (w === 1) return; // byte compares: the CMP mutator's business, and they match almost anywhere
    const la = t.operand(i, 0, this.a), lb = t.operand(i, 1, this.b);
    const further = pass === "further";
    if (w === 0) {
      if (pass === "variants") return;
      const str = t.isString(i);
      const na = str ? trimZeros(this.a, la) : la, nb = str ? trimZeros(this.b, lb) : lb;
      this.place(input, this.a, na, this.b, nb, depth, sites, out, further);
      this.place(input, this.b, nb, this.a, na, depth, sites, out, further);
      return;
    }
    this.patchInt(input, this.a, this.b, w, depth, sites, out, pass);
    this.patchInt(input, this.b, this.a, w, depth, sites, out, pass);
  }

  /** patches() for an integer compare of width w, operand x found in the input and y written. */
  private patchInt(input: Uint8Array, x: Uint8Array, y: Uint8Array, w: number, depth: number, sites: Set<number>, out: Candidate[], pass: Pass): void {
    const variants = pass === "variants", further = pass === "further";
    for (let nw = w; nw >= 2; nw >>= 1) {
      if (nw < w && !(fits(x, w, nw) && fits(y, w, nw))) break;
      if (isSmall(x, nw)) break;
      if (nw < w && !variants) break;
      if (!variants || nw < w) this.placeInt(input, x, y, nw, 0, depth, sites, out, further);
      if (!variants) continue;
      this.placeInt(input, x, y, nw, 1, depth, sites, out, false);
      this.placeInt(input, x, y, nw, -1, depth, sites, out, false);
      this.placeInt(input, x, y, nw, "not", depth, sites, out, false);
    }
  }

  /**
   * Notes which byte pairs occur in `input`, the input place() searches next: most operands of a
   * trace are not in the input (not input-to-state), and a pattern whose first two bytes never occur
   * together is rejected without a scan. A traced run lists hundreds of compares (libyaml: about 650),
   * each searched in several forms, so the scans cost more than the run itself without this.
   */
  private index(input: Uint8Array): void {
    const p = this.pairs;
    p.fill(0);
    for (let i = 0; i + 1 < input.length; i++) {
      const k = (input[i]! << 8) | input[i + 1]!;
      p[k >>> 3]! |= 1 << (k & 7);
    }
  }

  /** place() for integers x -> y (+delta, or both complemented) of width w, in both byte orders. */
  private placeInt(input: Uint8Array, x: Uint8Array, y: Uint8Array, w: number, how: number | "not", depth: number, sites: Set<number>, out: Candidate[], further: boolean): void {
    const m = how === "not" ? 0xff : 0; // complementing is xor with 0xff
    const le = this.hasPair(x[0]! ^ m, x[1]! ^ m), be = this.hasPair(x[w - 1]! ^ m, x[w - 2]! ^ m);
    if (!le && !be) return; // x is not in the input in this form: no copies, no scans
    const from = this.from, to = this.to;
    for (let k = 0; k < w; k++) { from[k] = x[k]! ^ m; to[k] = y[k]! ^ m; }
    if (typeof how === "number" && how !== 0) addLE(to, w, how);
    if (le) this.place(input, from, w, to, w, depth, sites, out, further);
    if (!be) return;
    reverse(from, w);
    reverse(to, w);
    this.place(input, from, w, to, w, depth, sites, out, further);
  }

  /** Whether bytes b0, b1 occur next to each other in the input being searched (see index()). */
  private hasPair(b0: number, b1: number): boolean {
    const k = (b0 << 8) | b1;
    return (this.pairs[k >>> 3]! & (1 << (k & 7))) !== 0;
  }

  /**
   * Queues `input` with `to` written where `from` occurs: at its first HITS_PER_PATTERN
   * occurrences, or with `further` at the following ones up to MAX_HITS when `from` repeats within
   * itself (equal bytes, or a shorter pattern repeated), whose every offset in a run matches.
   */
  private place(input: Uint8Array, from: Uint8Array, lf: number, to: Uint8Array, lt: number, depth: number, parentSites: Set<number>, out: Candidate[], further: boolean): void {
    if (lf === 0 || lt === 0) return;
    if (lf >= 2 && !this.hasPair(from[0]!, from[1]!)) return;
    if (further && !periodic(from, lf)) return;
    const skip = further ? HITS_PER_PATTERN : 0, last = further ? MAX_HITS : HITS_PER_PATTERN;
    for (let at = 0, hits = 0; hits < last && (at = indexOf(input, from, lf, at)) >= 0; at++, hits++) {
      if (hits < skip) continue;
      if (at + lt > input.length) break;
      const next = input.slice();
      copyBytes(next, at, to, 0, lt);
      const h = hash(next);
      if (this.tried.has(h)) continue;
      this.tried.add(h);
      out.push({ input: next, depth, parentSites });
    }
  }
}

/** Length of `b[0..n)` without trailing zero bytes (a string operand's padding in the trace). */
function trimZeros(b: Uint8Array, n: number): number {
  while (n > 0 && b[n - 1] === 0) n--;
  return n;
}

/** Whether the little-endian integer b[0..w) fits in its low `nw` bytes. */
function fits(b: Uint8Array, w: number, nw: number): boolean {
  for (let k = nw; k < w; k++) if (b[k] !== 0) return false;
  return true;
}

/** 0 and 1 are everywhere in an input: writing over them is noise. */
function isSmall(b: Uint8Array, w: number): boolean {
  if (b[0]! > 1) return false;
  for (let k = 1; k < w; k++) if (b[k] !== 0) return false;
  return true;
}

/** Whether p[0..n) repeats with a period shorter than n (equal bytes: period 1). */
function periodic(p: Uint8Array, n: number): boolean {
  for (let d = 1; d < n; d++) {
    let k = 0;
    while (k + d < n && p[k] === p[k + d]) k++;
    if (k + d === n) return true;
  }
  return false;
}

/** Reverses b[0..w) in place (a little-endian integer to big-endian). */
function reverse(b: Uint8Array, w: number): void {
  for (let i = 0, j = w - 1; i < j; i++, j--) { const v = b[i]!; b[i] = b[j]!; b[j] = v; }
}

/** Adds delta (+1 or -1) to the little-endian integer b[0..w), wrapping. */
function addLE(b: Uint8Array, w: number, delta: number): void {
  for (let k = 0; k < w; k++) {
    const v = b[k]! + delta;
    b[k] = v & 0xff;
    if (v >= 0 && v <= 0xff) return;
  }
}

function indexOf(d: Uint8Array, pat: Uint8Array, n: number, from: number): number {
  outer: for (let i = from; i + n <= d.length; i++) {
    for (let k = 0; k < n; k++) if (d[i + k] !== pat[k]) continue outer;
    return i;
  }
  return -1;
}

/** FNV-1a of the bytes and their length: candidates the stage already ran are not run again. */
function hash(d: Uint8Array): number {
  let h = 0x811c9dc5 ^ d.length;
  for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i]!, 0x01000193);
  return h >>> 0;
}
