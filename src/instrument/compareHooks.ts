import { types } from "node:util";

/**
 * The compare hooks of one instrumented file. The comparison or method call stays in the emitted
 * code, at the target's own site, with each operand evaluated once (held in a temporary when
 * reading it again could be noticed: transform.ts); only a failed comparison calls a "miss" hook,
 * which records the operands and returns the result the failure already decided. A miss hook
 * never runs the target's code: it reads no property that could be a getter or a Proxy trap,
 * calls no method the target could have replaced (the few built-ins it needs are taken when this
 * module loads), and so cannot throw or change what the program does.
 *
 * Records: both operands strings or both numbers (integers to `recordInts`, other numbers as text
 * to `recordBytes`); the "string" hooks (fms, tms: equality of two non-literal operands) record
 * strings only, and not two single characters. A site records at most SITE_RECORDS times per
 * execution, and not again with the same operands as its previous record (`memo`).
 *
 * A site rests: `e[site]` is the last execution in which its inline test skips the call (the
 * site is spent while `e[site] >= x[0]`). Recording spends it for the running execution; a call
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
   * Miss hooks of comparisons: record, return false (fm, fms) or true (tm, tms: for !== and !=);
   * fm/tm (against a literal) once per execution, fms/tms (two computed operands) strings only.
   */
  readonly fm: Miss2; readonly tm: Miss2; readonly fms: Miss2; readonly tms: Miss2;
  /**
   * A switch discriminant in the default clause: records it once per execution against each literal
   * case of table `t`, unless it is one of them.
   */
  readonly sw: (value: unknown, table: number) => void;
  /** Miss hooks of method calls (receiver, needle, [position,] site): return false, or -1 for indexOf. */
  readonly stm1: Miss2; readonly stm2: (recv: unknown, a: unknown, p: unknown, site: number) => boolean;
  readonly enm1: Miss2; readonly enm2: (recv: unknown, a: unknown, e: unknown, site: number) => boolean;
  readonly inm: Miss2; readonly iom: (recv: unknown, a: unknown, site: number) => number;
}

/**
 * Records per compare site per execution, for sites whose operands both vary (method calls, equality
 * of two computed values). More than one: a site that sees several different operands in one run
 * (Papa Parse tries six candidate delimiters at the same indexOf) must record them all; one per
 * execution lost the bug bench/js.ts finds on Papa Parse. A comparison against a literal records
 * once: its records differ only in the other operand (a string one's all land in the log slot the
 * literal picks), and a scanner's `code === 0x2028` failing on every character paid for seven
 * records nobody read (acorn: 160 miss calls per input with 8, 63 with 1).
 */
const SITE_RECORDS = 8;

/** The longest rest of a site that records nothing new: 2^MAX_REST executions. */
const MAX_REST = 6;

// Built-ins the hooks use, taken now: a target that replaces String.prototype.slice (say) must not
// see the hooks call its replacement.
const sliceOf = Function.prototype.call.bind(String.prototype.slice) as (s: string, start: number, end: number) => string;
const isInteger = Number.isInteger, isArray = Array.isArray, ownDescriptor = Object.getOwnPropertyDescriptor;
const toText = String, min = Math.min, max = Math.max, isProxy = types.isProxy;

/** Makes the hooks of one file: `base` is its first global site id, `epoch` the runtime's execution number. */
export function makeHooks(
  counters: Uint8Array, base: number, rawTables: ReadonlyArray<ReadonlyArray<string | number>>,
  memo: unknown[][], epoch: Uint32Array, sink: RecordSink, work: Uint32Array,
): ModuleHooks {
  const tables = rawTables.map((flat) => ({ flat, values: new Set(flat.filter((_, i) => i % 2 === 1)) }));
  const lastA = memo[0]!, lastB = memo[1]!;
  const sites = lastA.length, epochOf = new Uint32Array(sites), countEpoch = new Uint32Array(sites), count = new Uint8Array(sites);
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
  // Equality of two computed operands: strings only, and not two single characters.
  const recS = (s: number, a: unknown, b: unknown) => {
    if (typeof a === "string" && typeof b === "string" && (a.length > 1 || b.length > 1)) rec(s, a, b);
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
  return {
    c: counters,
    w: work,
    e: epochOf,
    x: epoch,
    fm: (a, b, s) => { recOnce(s, a, b); return false; },
    tm: (a, b, s) => { recOnce(s, a, b); return true; },
    fms: (a, b, s) => { recS(s, a, b); return false; },
    tms: (a, b, s) => { recS(s, a, b); return true; },
    sw: (v, t) => {
      const tb = tables[t];
      if (!tb) return;
      const first = tb.flat[0] as number;
      if ((typeof v !== "string" && typeof v !== "number") || tb.values.has(v)) return idle(first);
      for (let i = 0; i < tb.flat.length; i += 2) recOnce(tb.flat[i] as number, v, tb.flat[i + 1]);
    },
    stm1: (r, a, s) => { head(s, r, a); return false; },
    stm2: (r, a, p, s) => { head(s, r, a, p); return false; },
    enm1: (r, a, s) => { tail(s, r, a); return false; },
    enm2: (r, a, e, s) => { tail(s, r, a, e); return false; },
    inm: (r, a, s) => { search(s, r, a); return false; },
    iom: (r, a, s) => { search(s, r, a); return -1; },
  };
}
