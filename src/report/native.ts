import type { CoverageBuilder } from "./model.ts";
import { symbolizeOffsets, type SourceLocation } from "./symbolize.ts";
import type { NativeUnit } from "./units.ts";

/**
 * Files libFuzzer leaves out of its coverage output (FuzzerUtil.cpp IsInterestingCoverageFile):
 * the system's headers and libraries, and the sanitizer runtimes.
 */
export function isInterestingFile(path: string): boolean {
  return path !== "" && !path.includes("compiler-rt/lib/") && !path.includes("/usr/lib/") && !path.includes("/usr/include/");
}

/** A native unit's pcs, symbolized once (symbolization is the expensive part). */
export interface PlacedUnit {
  unit: NativeUnit;
  locations: SourceLocation[];
}

/** Symbolizes every pc of every unit (one symbolizer run per module). */
export function placeNative(units: readonly NativeUnit[]): PlacedUnit[] {
  return units.map((unit) => ({ unit, locations: symbolizeOffsets(unit.module, unit.offsets) }));
}

/**
 * Native coverage from the pc-table: a line is instrumented when a counter's block starts on it
 * and reached when any of those counters was (its count is the largest among them); every block
 * but a function's entry is a branch outcome (an edge: SanitizerCoverage splits critical edges,
 * so each counted block is one way out of a branch); entry blocks are the functions.
 */
export function addNative(b: CoverageBuilder, placed: readonly PlacedUnit[], edgeHits: ArrayLike<number>): void {
  for (const { unit, locations } of placed) {
    for (let i = 0; i < locations.length; i++) {
      const loc = locations[i]!;
      if (!loc.line || !isInterestingFile(loc.file)) continue;
      const hits = edgeHits[unit.firstEdge + i] ?? 0;
      const f = b.file(loc.file, "native");
      b.line(f, loc.line, hits);
      if (unit.funcEntry[i]) f.functions.push({ name: loc.function || `(unknown at line ${loc.line})`, line: loc.functionLine || loc.line, hits });
      else f.branches.push({ line: loc.line, hits, kind: "edge" });
    }
  }
}
