import { EngineError } from "../findings/errors.ts";
import { COUNTERS_GLOBAL, MODULE_GLOBAL } from "./hooks.ts";

/**
 * The runtime that instrumented code calls. Each instrumented file runs
 * `globalThis.__bunfuzz_module(fileKey, probes, sites, switchTables)` once (its header) and keeps
 * the returned object: `.c` is its counter array, the other fields are its compare hooks, closures
 * over the file's site base, so a hook call carries only the local site id. An ES module gets its
 * counters earlier, from `globalThis.__bunfuzz_counters(fileKey, probes)` (hooks.ts COUNTERS_SCHEME).
 *
 * Compare hooks return exactly what the operator or method returns. They record only when the
 * comparison fails (operands differ; for <, >, <=, >= when the result is false and operands
 * differ) and both operands are strings or both numbers: integers go to `recordInts`, other
 * numbers and strings to `recordBytes`. The "string" hooks (seqs, snes, eqs, nes; used between
 * two non-literal operands) record only strings, and not two single characters. The equal path is one comparison and a return. A site
 * that fails again with the same operands as its previous record does not record again (the
 * engine's compare log already holds them); clearCompareMemo() forgets that memory.
 */

/** Where coverage and compare records go; the engine implements it over shared memory. */
export interface CoverageSink {
  /**
   * Counters of one file: a zeroed array of n bytes that stays valid for the process. Called once
   * per file key per runtime installation.
   */
  allocCounters(fileKey: string, n: number): Uint8Array;
  /** A failed comparison of two integers at a global site id. */
  recordInts(site: number, a: number, b: number): void;
  /** A failed comparison of two strings (or non-integer numbers, as strings) at a global site id. */
  recordBytes(site: number, a: Uint8Array | string, b: Uint8Array | string): void;
  /**
   * With value profile on (-use_value_profile=1): a failed comparison's operands, whatever their
   * types, before the per-site memo drops a repeat (value-profile features are per execution).
   */
  readonly profile?: (site: number, a: unknown, b: unknown) => void;
}

/** What the runtime knows about one instrumented file. */
export interface ModuleEntry {
  readonly fileKey: string;
  /** Number of probes: the length of `counters`. */
  readonly probes: number;
  /** Number of compare sites; their global ids are siteBase .. siteBase + sites - 1. */
  readonly sites: number;
  /** Global id of the file's site 0, assigned in load order from 0. */
  readonly siteBase: number;
  readonly counters: Uint8Array;
}

type Hook2 = (a: any, b: any, site: number) => boolean;

/** The object an instrumented file's header receives (field names are fixed by hooks.ts). */
export interface ModuleHooks {
  readonly c: Uint8Array;
  /** Per site: the execution in which its records ran out; `x[0]` is the running execution (see EPOCH). */
  readonly e: Uint32Array; readonly x: Uint32Array;
  readonly seq: Hook2; readonly sne: Hook2; readonly eq: Hook2; readonly ne: Hook2;
  readonly lt: Hook2; readonly gt: Hook2; readonly le: Hook2; readonly ge: Hook2;
  readonly seqs: Hook2; readonly snes: Hook2; readonly eqs: Hook2; readonly nes: Hook2;
  readonly fm: Hook2; readonly tm: Hook2; readonly fms: Hook2; readonly tms: Hook2;
  readonly sw: (value: any, table: number) => any;
  readonly st1: (recv: any, a: any, site: number) => any; readonly st2: (recv: any, a: any, b: any, site: number) => any;
  readonly en1: (recv: any, a: any, site: number) => any; readonly en2: (recv: any, a: any, b: any, site: number) => any;
  readonly in1: (recv: any, a: any, site: number) => any; readonly in2: (recv: any, a: any, b: any, site: number) => any;
  readonly io1: (recv: any, a: any, site: number) => any; readonly io2: (recv: any, a: any, b: any, site: number) => any;
  readonly stm1: Hook2; readonly stm2: (recv: any, a: any, p: any, site: number) => boolean;
  readonly enm1: Hook2; readonly enm2: (recv: any, a: any, e: any, site: number) => boolean;
  readonly inm: Hook2; readonly iom: (recv: any, a: any, site: number) => number;
}

/** How many array elements a failed `includes`/`indexOf` on an array records at most. */
const ARRAY_RECORD_LIMIT = 16; // picked without much thought: enough for keyword lists

let sink: CoverageSink | undefined;
/** The sink's value-profile hook, when value profile is on. */
let profile: CoverageSink["profile"];
/**
 * The running execution's number (nextExecution), in an array the emitted code reads: each compare
 * site records at most SITE_RECORDS times per execution. The compare log keeps one slot per operand pair and the
 * CMP mutator draws a few per input, so a site failing in a loop (a keyword test on every field)
 * would pay for records that overwrite each other. Inlined comparisons test `e[site] !== x[0]`
 * before calling their miss hook (transform.ts), so a spent site costs two loads, not a call.
 */
const EPOCH = new Uint32Array([1]);
/**
 * Records per compare site per execution. More than one: a site that sees several different
 * operands in one run (Papa Parse tries six candidate delimiters at the same indexOf) must record
 * them all; one per execution lost the bug bench/js.ts finds on Papa Parse.
 */
const SITE_RECORDS = 8;
const modules = new Map<string, { entry: ModuleEntry; hooks: ModuleHooks; memo: unknown[][] }>();
/** Counters an ES module imported (countersFor) before its header ran moduleInit. */
const early = new Map<string, { counters: Uint8Array; probes: number }>();
let nextSite = 0;

/** Records a failed comparison at a global site if both operands are strings or both numbers. */
function record(site: number, a: unknown, b: unknown): void {
  if (a === b || !sink) return;
  if (typeof a === "string") {
    if (typeof b === "string") sink.recordBytes(site, a, b);
  } else if (typeof a === "number" && typeof b === "number") {
    if (Number.isInteger(a) && Number.isInteger(b)) sink.recordInts(site, a, b);
    else if (a === a && b === b) sink.recordBytes(site, String(a), String(b));
  }
}

/** A failed `includes`/`indexOf` search: string haystacks record (haystack, needle), arrays each element. */
function recordSearch(site: number, recv: unknown, needle: unknown): void {
  if (typeof recv === "string") return record(site, recv, needle);
  if (Array.isArray(recv)) {
    const n = Math.min(recv.length, ARRAY_RECORD_LIMIT);
    for (let i = 0; i < n; i++) record(site, recv[i], needle);
  }
}

function makeHooks(counters: Uint8Array, base: number, rawTables: ReadonlyArray<ReadonlyArray<string | number>>, memo: unknown[][]): ModuleHooks {
  const tables = rawTables.map((flat) => ({ flat, values: new Set(flat.filter((_, i) => i % 2 === 1)) }));
  const lastA = memo[0]!, lastB = memo[1]!;
  const sites = lastA.length, epochOf = new Uint32Array(sites), countEpoch = new Uint32Array(sites), count = new Uint8Array(sites);
  /** Spends one of site s's records for this execution; false when they are used up (then epochOf[s] says so inline). */
  const spend = (s: number): boolean => {
    const now = EPOCH[0]!;
    if (epochOf[s] === now) return false;
    if (countEpoch[s] !== now) {
      countEpoch[s] = now;
      count[s] = 0;
    }
    if (++count[s]! >= SITE_RECORDS) epochOf[s] = now;
    return true;
  };
  const rec = (s: number, a: unknown, b: unknown) => {
    if (!spend(s)) return;
    if (profile) profile(base + s, a, b);
    if (lastA[s] === a && lastB[s] === b) return;
    lastA[s] = a;
    lastB[s] = b;
    record(base + s, a, b);
  };
  const str = (x: unknown): x is string => typeof x === "string";
  // Equality of two computed operands: strings only, and not two single characters.
  const recS = (s: number, a: unknown, b: unknown) => {
    if (typeof a === "string" && typeof b === "string" && (a.length > 1 || b.length > 1)) rec(s, a, b);
  };
  const search = (s: number, r: unknown, needle: unknown) => {
    if (!spend(s) || (lastA[s] === r && lastB[s] === needle)) return;
    lastA[s] = r;
    lastB[s] = needle;
    recordSearch(base + s, r, needle);
  };
  // Prefix of r (from p) and suffix of r (ending at e) as long as a: what startsWith/endsWith compared.
  const head = (s: number, r: unknown, a: unknown, p?: unknown) => {
    if (!str(r) || !str(a)) return;
    const at = typeof p === "number" && p > 0 ? p : 0;
    rec(s, r.slice(at, at + a.length), a);
  };
  const tail = (s: number, r: unknown, a: unknown, e?: unknown) => {
    if (!str(r) || !str(a)) return;
    const end = typeof e === "number" ? Math.max(0, Math.min(e, r.length)) : r.length;
    rec(s, r.slice(Math.max(0, end - a.length), end), a);
  };
  return {
    c: counters,
    e: epochOf,
    x: EPOCH,
    fm: (a, b, s) => { rec(s, a, b); return false; },
    tm: (a, b, s) => { rec(s, a, b); return true; },
    fms: (a, b, s) => { recS(s, a, b); return false; },
    tms: (a, b, s) => { recS(s, a, b); return true; },
    seq: (a, b, s) => { if (a === b) return true; rec(s, a, b); return false; },
    sne: (a, b, s) => { if (a === b) return false; rec(s, a, b); return true; },
    eq: (a, b, s) => { if (a == b) return true; rec(s, a, b); return false; },
    ne: (a, b, s) => { if (a == b) return false; rec(s, a, b); return true; },
    seqs: (a, b, s) => { if (a === b) return true; recS(s, a, b); return false; },
    snes: (a, b, s) => { if (a === b) return false; recS(s, a, b); return true; },
    eqs: (a, b, s) => { if (a == b) return true; recS(s, a, b); return false; },
    nes: (a, b, s) => { if (a == b) return false; recS(s, a, b); return true; },
    lt: (a, b, s) => { if (a < b) return true; rec(s, a, b); return false; },
    gt: (a, b, s) => { if (a > b) return true; rec(s, a, b); return false; },
    le: (a, b, s) => { if (a <= b) return true; rec(s, a, b); return false; },
    ge: (a, b, s) => { if (a >= b) return true; rec(s, a, b); return false; },
    sw: (v, t) => {
      const tb = tables[t];
      if (tb && (typeof v === "string" || typeof v === "number") && !tb.values.has(v)) {
        for (let i = 0; i < tb.flat.length; i += 2) rec(tb.flat[i] as number, v, tb.flat[i + 1]);
      }
      return v;
    },
    st1: (r, a, s) => { const v = r.startsWith(a); if (v === false) head(s, r, a); return v; },
    st2: (r, a, p, s) => { const v = r.startsWith(a, p); if (v === false) head(s, r, a, p); return v; },
    en1: (r, a, s) => { const v = r.endsWith(a); if (v === false) tail(s, r, a); return v; },
    en2: (r, a, e, s) => { const v = r.endsWith(a, e); if (v === false) tail(s, r, a, e); return v; },
    in1: (r, a, s) => { const v = r.includes(a); if (v === false) search(s, r, a); return v; },
    in2: (r, a, f, s) => { const v = r.includes(a, f); if (v === false) search(s, r, a); return v; },
    io1: (r, a, s) => { const v = r.indexOf(a); if (v === -1) search(s, r, a); return v; },
    io2: (r, a, f, s) => { const v = r.indexOf(a, f); if (v === -1) search(s, r, a); return v; },
    // Miss hooks of inlined method calls (transform.ts inlineMethod): the call already missed.
    stm1: (r, a, s) => { head(s, r, a); return false; },
    stm2: (r, a, p, s) => { head(s, r, a, p); return false; },
    enm1: (r, a, s) => { tail(s, r, a); return false; },
    enm2: (r, a, e, s) => { tail(s, r, a, e); return false; },
    inm: (r, a, s) => { search(s, r, a); return false; },
    iom: (r, a, s) => { search(s, r, a); return -1; },
  };
}

function allocCounters(fileKey: string, probes: number): Uint8Array {
  if (!sink) throw new EngineError("internal", `instrumented file ${fileKey} loaded before installRuntime(); install the runtime before importing instrumented code`);
  const counters = probes > 0 ? sink.allocCounters(fileKey, probes) : new Uint8Array(0);
  if (counters.length < probes) throw new EngineError("internal", `coverage sink gave ${counters.length} counters for ${fileKey}, which needs ${probes}`);
  return counters;
}

function twice(fileKey: string, before: number, now: number): EngineError {
  return new EngineError("target", `instrumented file ${fileKey} was loaded twice with different content (${before} then ${now} probes); restart the process after editing it`);
}

/** An ES module's counters (its `bunfuzz-counters:` import), before or after its header ran. */
function countersFor(fileKey: string, probes: number): Uint8Array {
  const known = modules.get(fileKey)?.entry ?? early.get(fileKey);
  if (known) {
    if (known.probes !== probes) throw twice(fileKey, known.probes, probes);
    return known.counters;
  }
  const counters = allocCounters(fileKey, probes);
  early.set(fileKey, { counters, probes });
  return counters;
}

function moduleInit(fileKey: string, probes: number, sites: number, tables: ReadonlyArray<ReadonlyArray<string | number>>): ModuleHooks {
  const known = modules.get(fileKey);
  if (known) {
    if (known.entry.probes !== probes || known.entry.sites !== sites) throw twice(fileKey, known.entry.probes, probes);
    return known.hooks;
  }
  const pre = early.get(fileKey);
  if (pre && pre.probes !== probes) throw twice(fileKey, pre.probes, probes);
  const counters = pre?.counters ?? allocCounters(fileKey, probes);
  early.delete(fileKey);
  const entry: ModuleEntry = { fileKey, probes, sites, siteBase: nextSite, counters };
  nextSite += sites;
  const memo = [new Array<unknown>(sites), new Array<unknown>(sites)];
  const hooks = makeHooks(counters, entry.siteBase, tables, memo);
  modules.set(fileKey, { entry, hooks, memo });
  return hooks;
}

/** Starts a new execution: every compare site's record budget is full again. */
export function nextExecution(): void {
  EPOCH[0] = (EPOCH[0]! + 1) >>> 0 || 1;
}

/**
 * Installs the runtime on globalThis with `sink` as the destination of counters and compare
 * records. Install it before any instrumented module loads. Installing again replaces the sink
 * and forgets the module table (for tests): modules loaded before keep their old counters.
 */
export function installRuntime(s: CoverageSink): void {
  sink = s;
  profile = s.profile;
  modules.clear();
  early.clear();
  nextSite = 0;
  (globalThis as Record<string, unknown>)[MODULE_GLOBAL] = moduleInit;
  (globalThis as Record<string, unknown>)[COUNTERS_GLOBAL] = countersFor;
}

/**
 * Forgets the operands each compare site recorded last, so the next failure of every site records
 * again. Call it when the engine clears its compare log.
 */
export function clearCompareMemo(): void {
  for (const m of modules.values()) for (const arr of m.memo) arr.fill(undefined);
}

/** Whether installRuntime has run in this process. */
export function isRuntimeInstalled(): boolean {
  return sink !== undefined;
}

/** The instrumented files that have run so far, in load order. */
export function loadedModules(): ModuleEntry[] {
  return [...modules.values()].map((m) => m.entry);
}
