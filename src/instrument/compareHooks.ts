import { types } from "node:util";
import { SITE_RECORDS } from "./hooks.ts";

/**
 * The compare hooks of one instrumented file. The comparison or method call stays in the emitted
 * code, at the target's own site, with each operand evaluated once (held in a temporary when
 * reading it again could be noticed: transform.ts). A failed comparison against a literal, and a
 * switch no case matched, call nothing: the emitted code stores the operand at `o[site]` and queues
 * the site in `q` (compareEmit.ts store), and `drain`, when the execution ends, records what they
 * stored. Other failures (a method call, an equality of two computed strings) call a "miss" hook,
 * which records the operands and returns the result the failure already decided. Neither runs the
 * target's code: they read no property that could be a getter or a Proxy trap, call no method the
 * target could have replaced (the few built-ins they need are taken when this module loads), and
 * so cannot throw or change what the program does.
 *
 * Records: both operands strings or both numbers (integers to `recordInts`, other numbers as text
 * to `recordBytes`); the "string" hooks (fms, tms: equality of two non-literal operands) record
 * strings only, and not two single characters. A site records at most SITE_RECORDS times per
 * execution (a comparison against a literal once), and not again with the same operands as its
 * previous record (`memo`).
 *
 * A site rests: `e[site]` is the last execution in which its inline test skips the call or the
 * store (the site is spent while `e[site] >= x[0]`). Recording spends it for the running execution; a call
 * that records nothing new (the operands of its previous record again, or operands of no type
 * that records) spends it for 2^k executions, k = 0, 1, ... MAX_REST, one more per such call in a
 * row, and a new record sets k back to 0. A fuzzer's consecutive executions are mutants of one
 * input, so most sites see the same operands as in the previous one; those calls are most of what
 * the hooks cost (esprima: 53 of 127 miss calls per input repeat the site's previous operands,
 * bench/results/instrument-hooks.md), and a site whose operand a mutation changes records again
 * within 2^MAX_REST executions. Value profile (`profile`) counts every execution's operands, so
 * with it on sites never rest beyond the running execution.
 */

/** Where compare records go (runtime.ts CoverageSink, reduced to what the hooks call). */
export interface RecordSink {
  recordInts(site: number, a: number, b: number): void;
  recordBytes(site: number, a: Uint8Array | string, b: Uint8Array | string): void;
  /** Value profile, when on: every failed comparison's operands, before the memo drops a repeat. */
  readonly profile?: (site: number, a: unknown, b: unknown) => void;
}

type Miss2 = (a: unknown, b: unknown, site: number) => boolean;

/** The object an instrumented file's header receives (field names are fixed by hooks.ts). */
export interface ModuleHooks {
  readonly c: Uint8Array;
  /** The runtime's work counter (hooks.ts WORK_VAR). */
  readonly w: Uint32Array;
  /** Per site: the execution in which its records ran out; `x[0]` is the running execution (runtime.ts). */
  readonly e: Uint32Array; readonly x: Uint32Array;
  /**
   * What failed comparisons against a literal and unmatched switches stored (compareEmit.ts store):
   * per site its operand, and the queue of sites that stored one, `q[0]` their count.
   */
  readonly o: unknown[]; readonly q: Uint32Array;
  /** What failed equalities of two computed strings stored (compareEmit.ts pair, hooks.ts PAIRS_VAR). */
  readonly u: unknown[]; readonly v: Uint32Array; readonly k: Uint8Array;
  /**
   * A failed comparison recorded once per execution, as one against a literal is, called by the
   * Jazzer.js API (guideTowardsEquality), not by emitted code; returns false.
   */
  readonly fm: Miss2;
  /** Miss hooks of method calls (receiver, needle, [position,] site): return false, or -1 for indexOf. */
  readonly stm1: Miss2; readonly stm2: (recv: unknown, a: unknown, p: unknown, site: number) => boolean;
  readonly enm1: Miss2; readonly enm2: (recv: unknown, a: unknown, e: unknown, site: number) => boolean;
  readonly inm: Miss2; readonly iom: (recv: unknown, a: unknown, site: number) => number;
}

/** A file's hooks and what the runtime calls at the end of an execution. */
export interface FileHooks {
  readonly hooks: ModuleHooks;
  /** Records what the queue holds (see the module comment) and empties it. */
  drain(): void;
}

/** The longest rest of a site that records nothing new: 2^MAX_REST executions. */
const MAX_REST = 6;

// Built-ins the hooks use, taken now: a target that replaces String.prototype.slice (say) must not
// see the hooks call its replacement.
const sliceOf = Function.prototype.call.bind(String.prototype.slice) as (s: string, start: number, end: number) => string;
const isInteger = Number.isInteger, isArray = Array.isArray, ownDescriptor = Object.getOwnPropertyDescriptor;
const toText = String, min = Math.min, max = Math.max, isProxy = types.isProxy;

/**
 * Makes the hooks of one file: `base` is its first global site id, `epoch` the runtime's execution
 * number, `rawTables` its switch tables, `literalSites` its comparisons against a literal and
 * `pairSites` how many equalities of two computed operands it has (emit.ts header).
 */
export function makeHooks(
  counters: Uint8Array, base: number, rawTables: ReadonlyArray<ReadonlyArray<string | number>>, literalSites: ReadonlyArray<string | number>, pairSites: number,
  memo: unknown[][], epoch: Uint32Array, sink: RecordSink, work: Uint32Array,
): FileHooks {
  const tables = rawTables.map((flat) => ({ flat, values: new Set(flat.filter((_, i) => i % 2 === 1)) }));
  const lastA = memo[0]!, lastB = memo[1]!;
  const sites = lastA.length, epochOf = new Uint32Array(sites), countEpoch = new Uint32Array(sites), count = new Uint8Array(sites);
  /** Per site: what a store at it means: its literal (and whether it is the left operand), or the switch table it heads. */
  const literal = new Array<string | number | undefined>(sites), literalLeft = new Uint8Array(sites), switchOf = new Int32Array(sites).fill(-1);
  for (let i = 0; i < literalSites.length; i += 2) {
    const s = literalSites[i] as number;
    if (s < 0) literalLeft[~s] = 1;
    literal[s < 0 ? ~s : s] = literalSites[i + 1];
  }
  rawTables.forEach((flat, t) => { switchOf[flat[0] as number] = t; });
  const operands = new Array<unknown>(sites).fill(undefined), queue = new Uint32Array(sites + 1);
  /** Each string-equality site stores at most SITE_RECORDS pairs between two drains. */
  const pairCap = pairSites * SITE_RECORDS;
  const pairs = new Array<unknown>(2 * (pairCap + 1)).fill(undefined), pairQueue = new Uint32Array(pairCap + 1), pairCount = new Uint8Array(sites);
  /** Per site: k of its next rest (see the module comment). */
  const rest = new Uint8Array(sites);
  const profile = sink.profile;
  /** Site s recorded nothing new: it rests for 2^k executions (only the running one with value profile on). */
  const idle = (s: number): void => {
    if (profile) return;
    const k = rest[s]!;
    epochOf[s] = epoch[0]! + (1 << k) - 1;
    if (k < MAX_REST) rest[s] = k + 1;
  };

  /** A failed comparison at global site `g`, if both operands are strings or both numbers; whether it recorded. */
  const record = (g: number, a: unknown, b: unknown): boolean => {
    if (a === b) return false;
    if (typeof a === "string") {
      if (typeof b !== "string") return false;
      sink.recordBytes(g, a, b);
      return true;
    }
    if (typeof a !== "number" || typeof b !== "number") return false;
    if (isInteger(a) && isInteger(b)) sink.recordInts(g, a, b);
    else if (a === a && b === b) sink.recordBytes(g, toText(a), toText(b));
    else return false;
    return true;
  };
  /** Spends one of site s's records for this execution; false when they are used up (then epochOf[s] says so inline). */
  const spend = (s: number): boolean => {
    const now = epoch[0]!;
    if (epochOf[s]! >= now) return false;
    if (countEpoch[s] !== now) {
      countEpoch[s] = now;
      count[s] = 0;
    }
    if (++count[s]! >= SITE_RECORDS) epochOf[s] = now;
    return true;
  };
  const fresh = (s: number, a: unknown, b: unknown): boolean => {
    if (!spend(s)) return false;
    if (lastA[s] === a && lastB[s] === b) {
      idle(s);
      return false;
    }
    lastA[s] = a;
    lastB[s] = b;
    return true;
  };
  /** Spends site s's one record for this execution (comparisons against a literal, switch cases). */
  const spendOnce = (s: number): boolean => {
    const now = epoch[0]!;
    if (epochOf[s]! >= now) return false;
    epochOf[s] = now;
    return true;
  };
  /** Records a spent record of site s (`spent`: whether the budget allowed it); a site that records nothing new rests (idle). */
  const recIf = (spent: boolean, s: number, a: unknown, b: unknown): void => {
    if (!spent) return;
    if (profile) profile(base + s, a, b); // value-profile features are per execution: before the memo
    if (lastA[s] === a && lastB[s] === b) return idle(s);
    lastA[s] = a;
    lastB[s] = b;
    if (record(base + s, a, b)) rest[s] = 0;
    else idle(s);
  };
  const rec = (s: number, a: unknown, b: unknown) => recIf(spend(s), s, a, b);
  const recOnce = (s: number, a: unknown, b: unknown) => recIf(spendOnce(s), s, a, b);
  /** A stored pair of strings (the inline test checked both are strings, not two single characters). */
  const recPair = (s: number, a: unknown, b: unknown) => {
    if (profile) profile(base + s, a, b);
    if (lastA[s] === a && lastB[s] === b) return idle(s);
    lastA[s] = a;
    lastB[s] = b;
    if (record(base + s, a, b)) rest[s] = 0;
    else idle(s);
  };
  /** Per site: the array element a failed search records next. */
  const nextElement = new Uint32Array(sites);
  /**
   * A failed includes/indexOf: a string haystack records (haystack, needle); an array one element,
   * the next in turn at each miss (so a keyword list is recorded whole over a few misses), if it is
   * a plain data property: reading a Proxy's elements would run its traps, and an element can be a
   * getter. Checking each of 16 elements per miss (a property descriptor each, about 57 ns) was a
   * quarter of acorn's time instrumented.
   */
  const search = (s: number, r: unknown, needle: unknown) => {
    if (typeof r === "string") {
      if (fresh(s, r, needle)) {
        if (record(base + s, r, needle)) rest[s] = 0;
        else idle(s);
      }
      return;
    }
    if (!isArray(r) || isProxy(r) || r.length === 0) return idle(s);
    if (!spend(s)) return;
    const i = nextElement[s]! % r.length;
    nextElement[s] = i + 1;
    const d = ownDescriptor(r, i);
    if (d && !d.get && !d.set && record(base + s, d.value, needle)) rest[s] = 0;
    else idle(s);
  };
  // The prefix of r (from p) and the suffix of r (ending at e) as long as a: what startsWith/endsWith compared.
  const head = (s: number, r: unknown, a: unknown, p?: unknown) => {
    if (typeof r !== "string" || typeof a !== "string") return idle(s);
    const at = typeof p === "number" && p > 0 ? p : 0;
    rec(s, sliceOf(r, at, at + a.length), a);
  };
  const tail = (s: number, r: unknown, a: unknown, e?: unknown) => {
    if (typeof r !== "string" || typeof a !== "string") return idle(s);
    const end = typeof e === "number" ? max(0, min(e, r.length)) : r.length;
    rec(s, sliceOf(r, max(0, end - a.length), end), a);
  };
  /**
   * A switch's discriminant that matched no case: recorded against each literal case, unless it is
   * one of them (a fall-through into an explicit default). The first case's site was spent inline.
   */
  const unmatched = (tb: (typeof tables)[number], v: unknown) => {
    const first = tb.flat[0] as number;
    if ((typeof v !== "string" && typeof v !== "number") || tb.values.has(v)) return idle(first);
    recIf(true, first, v, tb.flat[1]);
    for (let i = 2; i < tb.flat.length; i += 2) recOnce(tb.flat[i] as number, v, tb.flat[i + 1]);
  };
  const drain = (): void => {
    const n = min(queue[0]!, sites); // each site queues once between two drains (it is spent until the next execution)
    queue[0] = 0;
    for (let i = 1; i <= n; i++) {
      const s = queue[i]!, v = operands[s];
      operands[s] = undefined; // holds no operand of the target's past the execution
      const t = switchOf[s]!;
      if (t >= 0) unmatched(tables[t]!, v);
      else if (literalLeft[s]) recIf(true, s, literal[s], v);
      else recIf(true, s, v, literal[s]);
    }
    const m = min(pairQueue[0]!, pairCap);
    pairQueue[0] = 0;
    for (let i = 1; i <= m; i++) {
      const s = pairQueue[i]!, a = pairs[2 * i], b = pairs[2 * i + 1];
      pairs[2 * i] = pairs[2 * i + 1] = undefined;
      pairCount[s] = 0;
      recPair(s, a, b);
    }
  };
  const hooks: ModuleHooks = {
    c: counters,
    w: work,
    e: epochOf,
    x: epoch,
    o: operands,
    q: queue,
    u: pairs,
    v: pairQueue,
    k: pairCount,
    fm: (a, b, s) => { recOnce(s, a, b); return false; },
    stm1: (r, a, s) => { head(s, r, a); return false; },
    stm2: (r, a, p, s) => { head(s, r, a, p); return false; },
    enm1: (r, a, s) => { tail(s, r, a); return false; },
    enm2: (r, a, e, s) => { tail(s, r, a, e); return false; },
    inm: (r, a, s) => { search(s, r, a); return false; },
    iom: (r, a, s) => { search(s, r, a); return -1; },
  };
  return { hooks, drain };
}
