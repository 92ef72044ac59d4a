import type { Shim } from "../coverage/ffi.ts";
import type { InstrumentedFile, ProbeRegion, ProbeSite } from "../instrument/index.ts";

/**
 * What the coverage map's edges stand for, taken from a worker after its target loaded: native
 * modules from their pc tables (one pc per counter), JS files from the instrumenter's probe map
 * (one probe per counter). This is what a worker hands to a report (as JSON) and what
 * -print_pcs/-print_coverage read; nothing here knows source lines yet (see native.ts, jsProbes.ts).
 */

/** A native module's counters with pc-table entries. Counter i is edge firstEdge + i. */
export interface NativeUnit {
  /** The shared object the pcs are in. */
  module: string;
  /** Its load address in the process the unit was read from (pc = base + offset there). */
  base: number;
  firstEdge: number;
  /** Per counter: its pc as an offset into the module. */
  offsets: number[];
  /** Per counter: 1 for a function's entry block. */
  funcEntry: number[];
}

/** An instrumented JS/TS file. Probe i is edge firstEdge + i. */
export interface JsUnit {
  path: string;
  firstEdge: number;
  sites: readonly ProbeSite[];
  regions: readonly ProbeRegion[];
}

/** The units of one process's coverage map. */
export interface CoverageUnits {
  native: NativeUnit[];
  js: JsUnit[];
  /** Native counter regions without a pc table (trace-pc-guard without pc-table, Zig code): their edges cannot be placed in the source. */
  unplaced: number;
}

/**
 * Reads the units from a loaded shim. `jsFiles` and `firstEdges` come from the JS instrumentation
 * (the plugin's file list and the sink's allocation per file key; the plugin uses the path as key).
 */
export function coverageUnits(shim: Shim, jsFiles: readonly InstrumentedFile[] = [], firstEdges?: ReadonlyMap<string, number>): CoverageUnits {
  const jsEdges = new Set(firstEdges?.values() ?? []);
  const native: NativeUnit[] = [];
  let unplaced = 0;
  for (const r of shim.regions()) {
    if (!r.isEdges || jsEdges.has(r.firstEdge)) continue;
    if (r.offsets && r.funcEntry && r.module) {
      native.push({ module: r.module, base: r.base ?? 0, firstEdge: r.firstEdge, offsets: Array.from(r.offsets), funcEntry: Array.from(r.funcEntry) });
    } else {
      unplaced += r.counters;
    }
  }
  const js: JsUnit[] = [];
  for (const f of jsFiles) {
    const first = firstEdges?.get(f.path);
    if (first === undefined || !f.sites || f.probes === 0) continue;
    js.push({ path: f.path, firstEdge: first, sites: f.sites, regions: f.regions ?? [] });
  }
  return { native, js, unplaced };
}
