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
  /** Per site: the execution in which its records ran out; `x[0]` is the running execution (runtime.ts). */
  readonly e: Uint32Array; readonly x: Uint32Array;
  /** Miss hooks of comparisons: record, return false (fm, fms) or true (tm, tms: for !== and !=). */
  readonly fm: Miss2; readonly tm: Miss2; readonly fms: Miss2; readonly tms: Miss2;
  /** A switch discriminant: records it against each literal case of table `t` when none matches; returns it. */
  readonly sw: (value: unknown, table: number) => unknown;
  /** Miss hooks of method calls (receiver, needle, [position,] site): return false, or -1 for indexOf. */
  readonly stm1: Miss2; readonly stm2: (recv: unknown, a: unknown, p: unknown, site: number) => boolean;
  readonly enm1: Miss2; readonly enm2: (recv: unknown, a: unknown, e: unknown, site: number) => boolean;
  readonly inm: Miss2; readonly iom: (recv: unknown, a: unknown, site: number) => number;
}

/**
 * Records per compare site per execution. More than one: a site that sees several different
 * operands in one run (Papa Parse tries six candidate delimiters at the same indexOf) must record
 * them all; one per execution lost the bug bench/js.ts finds on Papa Parse.
 */
const SITE_RECORDS = 8;
/** How many array elements a failed `includes`/`indexOf` on an array records at most. */
const ARRAY_RECORD_LIMIT = 16; // picked without much thought: enough for keyword lists

// Built-ins the hooks use, taken now: a target that replaces String.prototype.slice (say) must not
// see the hooks call its replacement.
const sliceOf = Function.prototype.call.bind(String.prototype.slice) as (s: string, start: number, end: number) => string;
const isInteger = Number.isInteger, isArray = Array.isArray, ownDescriptor = Object.getOwnPropertyDescriptor;
const toText = String, min = Math.min, max = Math.max, isProxy = types.isProxy;

/** Makes the hooks of one file: `base` is its first global site id, `epoch` the runtime's execution number. */
export function makeHooks(
  counters: Uint8Array, base: number, rawTables: ReadonlyArray<ReadonlyArray<string | number>>,
  memo: unknown[][], epoch: Uint32Array, sink: RecordSink,
): ModuleHooks {
  const tables = rawTables.map((flat) => ({ flat, values: new Set(flat.filter((_, i) => i % 2 === 1)) }));
  const lastA = memo[0]!, lastB = memo[1]!;
  const sites = lastA.length, epochOf = new Uint32Array(sites), countEpoch = new Uint32Array(sites), count = new Uint8Array(sites);

  /** A failed comparison at global site `g`, if both operands are strings or both numbers. */
  const record = (g: number, a: unknown, b: unknown): void => {
    if (a === b) return;
    if (typeof a === "string") {
      if (typeof b === "string") sink.recordBytes(g, a, b);
    } else if (typeof a === "number" && typeof b === "number") {
      if (isInteger(a) && isInteger(b)) sink.recordInts(g, a, b);
      else if (a === a && b === b) sink.recordBytes(g, toText(a), toText(b));
    }
  };
  /** Spends one of site s's records for this execution; false when they are used up (then epochOf[s] says so inline). */
  const spend = (s: number): boolean => {
    const now = epoch[0]!;
    if (epochOf[s] === now) return false;
    if (countEpoch[s] !== now) {
      countEpoch[s] = now;
      count[s] = 0;
    }
    if (++count[s]! >= SITE_RECORDS) epochOf[s] = now;
    return true;
  };
  const fresh = (s: number, a: unknown, b: unknown): boolean => {
    if (!spend(s) || (lastA[s] === a && lastB[s] === b)) return false;
    lastA[s] = a;
    lastB[s] = b;
    return true;
  };
  const profile = sink.profile;
  const rec = (s: number, a: unknown, b: unknown) => {
    if (!spend(s)) return;
    if (profile) profile(base + s, a, b); // value-profile features are per execution: before the memo
    if (lastA[s] === a && lastB[s] === b) return;
    lastA[s] = a;
    lastB[s] = b;
    record(base + s, a, b);
  };
  // Equality of two computed operands: strings only, and not two single characters.
  const recS = (s: number, a: unknown, b: unknown) => {
    if (typeof a === "string" && typeof b === "string" && (a.length > 1 || b.length > 1)) rec(s, a, b);
  };
  /**
   * A failed includes/indexOf: a string haystack records (haystack, needle); an array each of its
   * first elements that is a plain data property (reading a Proxy's elements would run its traps,
   * and an element can be a getter).
   */
  const search = (s: number, r: unknown, needle: unknown) => {
    if (!fresh(s, r, needle)) return;
    if (typeof r === "string") return record(base + s, r, needle);
    if (!isArray(r) || isProxy(r)) return;
    const n = min(r.length, ARRAY_RECORD_LIMIT);
    for (let i = 0; i < n; i++) {
      const d = ownDescriptor(r, i);
      if (d && !d.get && !d.set) record(base + s, d.value, needle);
    }
  };
  // The prefix of r (from p) and the suffix of r (ending at e) as long as a: what startsWith/endsWith compared.
  const head = (s: number, r: unknown, a: unknown, p?: unknown) => {
    if (typeof r !== "string" || typeof a !== "string") return;
    const at = typeof p === "number" && p > 0 ? p : 0;
    rec(s, sliceOf(r, at, at + a.length), a);
  };
  const tail = (s: number, r: unknown, a: unknown, e?: unknown) => {
    if (typeof r !== "string" || typeof a !== "string") return;
    const end = typeof e === "number" ? max(0, min(e, r.length)) : r.length;
    rec(s, sliceOf(r, max(0, end - a.length), end), a);
  };
  return {
    c: counters,
    e: epochOf,
    x: epoch,
    fm: (a, b, s) => { rec(s, a, b); return false; },
    tm: (a, b, s) => { rec(s, a, b); return true; },
    fms: (a, b, s) => { recS(s, a, b); return false; },
    tms: (a, b, s) => { recS(s, a, b); return true; },
    sw: (v, t) => {
      const tb = tables[t];
      if (tb && (typeof v === "string" || typeof v === "number") && !tb.values.has(v)) {
        for (let i = 0; i < tb.flat.length; i += 2) rec(tb.flat[i] as number, v, tb.flat[i + 1]);
      }
      return v;
    },
    stm1: (r, a, s) => { head(s, r, a); return false; },
    stm2: (r, a, p, s) => { head(s, r, a, p); return false; },
    enm1: (r, a, s) => { tail(s, r, a); return false; },
    enm2: (r, a, e, s) => { tail(s, r, a, e); return false; },
    inm: (r, a, s) => { search(s, r, a); return false; },
    iom: (r, a, s) => { search(s, r, a); return -1; },
  };
}
