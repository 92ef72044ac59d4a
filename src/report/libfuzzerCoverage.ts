import type { Shim } from "../coverage/ffi.ts";
import { EngineError } from "../findings/errors.ts";
import { isInterestingFile, placeNative, type PlacedUnit } from "./native.ts";
import type { CoverageUnits, JsUnit } from "./units.ts";

/**
 * libFuzzer's coverage printouts, in its formats (compiler-rt/lib/fuzzer/FuzzerTracePC.cpp):
 * -print_pcs=1 prints `\tNEW_PC: 0x<pc> in <function> <file>:<line>:<column>` for each edge the
 * campaign covers for the first time, before the status line of the input that covered it;
 * -print_coverage=1 prints at exit, per function (an entry block and the blocks after it up to the
 * next entry in the pc table), `COVERED_FUNC: hits: H edges: C/N <function> <file>:<line>` or
 * `UNCOVERED_FUNC: hits: 0 ...`, and for a covered function `  UNCOVERED_PC: <file>:<line>` for each
 * block it never reached. libFuzzer prints pc+1 (the "next instruction" its symbolizer backs up
 * from); so does this. JS probes have no pc: their NEW_PC lines name the probe kind and position.
 */
export class LibFuzzerCoverage {
  private placed: PlacedUnit[] | undefined;
  private symbolizeError: string | undefined;
  private printed = new Uint8Array(0);
  private lastCov = -1;

  constructor(private readonly shim: Shim, private readonly units: () => CoverageUnits, private readonly log: (s: string) => void) {}

  private js: readonly JsUnit[] = [];
  private modules = -1;

  /** Units, symbolized on first use, again only when modules were loaded since (a harness's native library). */
  private place(): { placed: PlacedUnit[]; js: readonly JsUnit[] } {
    if (this.placed && this.shim.stats.numModules === this.modules) return { placed: this.placed, js: this.js };
    this.modules = this.shim.stats.numModules;
    const u = this.units();
    this.js = u.js;
    if (!this.placed || this.placed.length !== u.native.length) {
      try {
        this.placed = placeNative(u.native);
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        this.symbolizeError = e.message;
        this.placed = u.native.map((unit) => ({ unit, locations: [] }));
      }
    }
    return { placed: this.placed, js: u.js };
  }

  /** -print_pcs: NEW_PC lines for edges covered since the last call. Cheap when cov: has not moved. */
  printNewPcs(cov: number): void {
    if (cov === this.lastCov) return;
    this.lastCov = cov;
    const seen = this.shim.seen;
    if (this.printed.length < seen.length) {
      const grown = new Uint8Array(seen.length);
      grown.set(this.printed);
      this.printed = grown;
    }
    const { placed, js } = this.place();
    for (const { unit, locations } of placed) {
      for (let i = 0; i < unit.offsets.length; i++) {
        const e = unit.firstEdge + i;
        if (!seen[e] || this.printed[e]) continue;
        this.printed[e] = 1;
        const pc = `0x${(unit.base + unit.offsets[i]! + 1).toString(16)}`;
        const loc = locations[i];
        // The sanitizer symbolizer's %L: file:line, and :column only when known.
        this.log(loc?.line ? `\tNEW_PC: ${pc} in ${loc.function} ${loc.file}:${loc.line}${loc.column ? `:${loc.column}` : ""}` : `\tNEW_PC: ${pc}`);
      }
    }
    for (const unit of js) {
      for (const s of unit.sites) {
        const e = unit.firstEdge + s.id;
        if (!seen[e] || this.printed[e]) continue;
        this.printed[e] = 1;
        this.log(`\tNEW_PC: ${s.kind} probe in ${unit.path}:${s.line}:${s.column + 1}`);
      }
    }
  }

  /**
   * -print_coverage: the COVERAGE: block. `hits[e]` counts the corpus inputs that reached edge e
   * (libFuzzer counts the inputs added while the function's entry was covered).
   */
  printCoverage(hits: ArrayLike<number>): void {
    const seen = this.shim.seen;
    const { placed, js } = this.place();
    if (placed.length && this.symbolizeError) {
      this.log(`INFO: ${this.symbolizeError}; not printing coverage of native code`);
    }
    this.log("COVERAGE:");
    for (const { unit, locations } of this.symbolizeError ? [] : placed) {
      for (let f = 0; f < unit.offsets.length;) {
        let end = f + 1;
        while (end < unit.offsets.length && !unit.funcEntry[end]) end++;
        const entry = locations[f]!;
        if (isInterestingFile(entry.file)) {
          const uncovered: string[] = [];
          for (let i = f; i < end; i++) if (!seen[unit.firstEdge + i]) uncovered.push(`${locations[i]!.file}:${locations[i]!.line}`);
          this.func(this.entryHits(hits, unit.firstEdge + f), end - f, uncovered, entry.function, `${entry.file}:${entry.line}`);
        }
        f = end;
      }
    }
    for (const unit of js) {
      const sites = unit.sites;
      const names = new Map<number, string>();
      for (const r of unit.regions) if (r.name && r.probes.length === 1) names.set(r.probes[0]!, r.name);
      for (let f = sites.findIndex((s) => s.kind === "function"); f >= 0 && f < sites.length;) {
        let end = f + 1;
        while (end < sites.length && sites[end]!.kind !== "function") end++;
        const uncovered: string[] = [];
        for (let i = f; i < end; i++) if (!seen[unit.firstEdge + i]) uncovered.push(`${unit.path}:${sites[i]!.line}`);
        const s = sites[f]!;
        this.func(this.entryHits(hits, unit.firstEdge + f), end - f, uncovered, names.get(s.id) ?? "(anonymous)", `${unit.path}:${s.line}`);
        f = end;
      }
    }
  }

  /** A function is covered when its entry edge was ever seen, even if no input kept in the corpus reaches it now. */
  private entryHits(hits: ArrayLike<number>, edge: number): number {
    return Math.max(hits[edge] ?? 0, this.shim.seen[edge] ? 1 : 0);
  }

  private func(hits: number, edges: number, uncovered: string[], name: string, where: string): void {
    this.log(`${hits ? "" : "UN"}COVERED_FUNC: hits: ${hits} edges: ${edges - uncovered.length}/${edges} ${name} ${where}`);
    if (hits) for (const u of uncovered) this.log(`  UNCOVERED_PC: ${u}`);
  }
}
