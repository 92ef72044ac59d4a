import { EngineError } from "../findings/errors.ts";
import { makeHooks, type FileHooks, type ModuleHooks, type RecordSink } from "./compareHooks.ts";
import { COUNTERS_GLOBAL, MODULE_GLOBAL, WORK_GLOBAL } from "./hooks.ts";

export type { ModuleHooks } from "./compareHooks.ts";

/**
 * The runtime that instrumented code calls. Each instrumented file runs
 * `globalThis.__bunfuzz_module(fileKey, probes, sites, switchTables, literalSites, pairSites)` once (its header) and keeps
 * the returned object: `.c` is its counter array, the other fields are its compare hooks
 * (compareHooks.ts), closures over the file's site base, so a hook call carries only the local site
 * id. An ES module gets its counters earlier, from `globalThis.__bunfuzz_counters(fileKey, probes)`
 * (hooks.ts COUNTERS_SCHEME). `installRuntime` puts one runtime on globalThis; `createRuntime`
 * makes a private one (tests that evaluate instrumented code with their own `globalThis`).
 */

/** Where coverage and compare records go; the engine implements it over shared memory. */
export interface CoverageSink extends RecordSink {
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

/** One runtime: its module table, site numbering and execution number. */
export interface Runtime {
  /** What an instrumented file's header calls (MODULE_GLOBAL). */
  readonly moduleInit: (fileKey: string, probes: number, sites: number, tables: ReadonlyArray<ReadonlyArray<string | number>>, literalSites?: ReadonlyArray<string | number>, pairSites?: number) => ModuleHooks;
  /** What an ES module's counter import calls (COUNTERS_GLOBAL). */
  readonly countersFor: (fileKey: string, probes: number) => Uint8Array;
  /**
   * Ends the running execution: makes the compare records its comparisons against literals and
   * its switches left to the runtime (compareHooks.ts drain). Idempotent; nextExecution does it too.
   */
  finishExecution(): void;
  /** Starts a new execution (ending the last one): every compare site's record budget is full again, the work count is 0. */
  nextExecution(): void;
  /** Loop iterations of instrumented code since the execution started (hooks.ts WORK_VAR). */
  readonly work: Uint32Array;
  /** Forgets the operands each site recorded last (see compareHooks.ts). */
  clearCompareMemo(): void;
  /** The instrumented files that have run so far, in load order. */
  loadedModules(): ModuleEntry[];
}

function twice(fileKey: string, before: number, now: number): EngineError {
  return new EngineError("target", `instrumented file ${fileKey} was loaded twice with different content (${before} then ${now} probes); restart the process after editing it`);
}

/** A runtime whose counters and records go to `sink`. */
export function createRuntime(sink: CoverageSink): Runtime {
  /**
   * The running execution's number, in an array the emitted code reads: each compare site records
   * at most a few times per execution (compareHooks.ts), and inlined comparisons test
   * `e[site] !== x[0]` before calling their miss hook, so a spent site costs two loads, not a call.
   */
  const epoch = new Uint32Array([1]);
  const work = new Uint32Array(1);
  const modules = new Map<string, { entry: ModuleEntry; hooks: ModuleHooks; memo: unknown[][] }>();
  /** Every file's records queued in the running execution (compareHooks.ts drain), in load order. */
  const drains: Array<FileHooks["drain"]> = [];
  const finish = (): void => {
    for (let i = 0; i < drains.length; i++) drains[i]!();
  };
  /** Counters an ES module imported (countersFor) before its header ran moduleInit. */
  const early = new Map<string, { counters: Uint8Array; probes: number }>();
  let nextSite = 0;

  const allocCounters = (fileKey: string, probes: number): Uint8Array => {
    const counters = probes > 0 ? sink.allocCounters(fileKey, probes) : new Uint8Array(0);
    if (counters.length < probes) throw new EngineError("internal", `coverage sink gave ${counters.length} counters for ${fileKey}, which needs ${probes}`);
    return counters;
  };
  return {
    countersFor(fileKey, probes) {
      const known = modules.get(fileKey)?.entry ?? early.get(fileKey);
      if (known) {
        if (known.probes !== probes) throw twice(fileKey, known.probes, probes);
        return known.counters;
      }
      const counters = allocCounters(fileKey, probes);
      early.set(fileKey, { counters, probes });
      return counters;
    },
    moduleInit(fileKey, probes, sites, tables, literalSites = [], pairSites = 0) {
      const known = modules.get(fileKey);
      // The two copies of a file under -js_cmp_every (traced.ts) share its counters: the ordinary
      // one has no compare sites, the traced one has them all.
      if (known && known.entry.probes !== probes) throw twice(fileKey, known.entry.probes, probes);
      if (known && (known.entry.sites === sites || sites === 0)) return known.hooks;
      if (known && known.entry.sites !== 0) throw twice(fileKey, known.entry.probes, probes);
      const pre = known?.entry ?? early.get(fileKey);
      if (pre && pre.probes !== probes) throw twice(fileKey, pre.probes, probes);
      const counters = pre?.counters ?? allocCounters(fileKey, probes);
      early.delete(fileKey);
      const entry: ModuleEntry = { fileKey, probes, sites, siteBase: nextSite, counters };
      nextSite += sites;
      const memo = [new Array<unknown>(sites), new Array<unknown>(sites)];
      const { hooks, drain } = makeHooks(counters, entry.siteBase, tables, literalSites, pairSites, memo, epoch, sink, work);
      modules.set(fileKey, { entry, hooks, memo });
      drains.push(drain);
      return hooks;
    },
    work,
    finishExecution: finish,
    nextExecution() {
      finish();
      const next = (epoch[0]! + 1) >>> 0;
      // After 2^32 executions the count starts again: no site may stay resting (compareHooks.ts) until then.
      if (next === 0) for (const m of modules.values()) m.hooks.e.fill(0);
      epoch[0] = next || 1;
      work[0] = 0;
    },
    clearCompareMemo() {
      finish();
      for (const m of modules.values()) {
        for (const arr of m.memo) arr.fill(undefined);
        m.hooks.e.fill(0); // resting sites call again
      }
    },
    loadedModules() {
      return [...modules.values()].map((m) => m.entry);
    },
  };
}

let current: Runtime | undefined;

/** Starts a new execution of the installed runtime (see Runtime.nextExecution). */
export function nextExecution(): void {
  current?.nextExecution();
}

/** Ends the running execution of the installed runtime (see Runtime.finishExecution). */
export function finishExecution(): void {
  current?.finishExecution();
}

/** The installed runtime's work count of the running execution (0 without a runtime). */
export function executionWork(): number {
  return current ? current.work[0]! : 0;
}

/**
 * Installs a runtime on globalThis with `sink` as the destination of counters and compare
 * records. Install it before any instrumented module loads. Installing again replaces the sink
 * and forgets the module table (for tests): modules loaded before keep their old counters.
 */
export function installRuntime(s: CoverageSink): void {
  current = createRuntime(s);
  (globalThis as Record<string, unknown>)[MODULE_GLOBAL] = current.moduleInit;
  (globalThis as Record<string, unknown>)[COUNTERS_GLOBAL] = current.countersFor;
  (globalThis as Record<string, unknown>)[WORK_GLOBAL] = current.work;
}

/**
 * Forgets the operands each compare site recorded last, so the next failure of every site records
 * again. Call it when the engine clears its compare log.
 */
export function clearCompareMemo(): void {
  current?.clearCompareMemo();
}

/** Whether installRuntime has run in this process. */
export function isRuntimeInstalled(): boolean {
  return current !== undefined;
}

/** The instrumented files that have run so far, in load order. */
export function loadedModules(): ModuleEntry[] {
  return current?.loadedModules() ?? [];
}
