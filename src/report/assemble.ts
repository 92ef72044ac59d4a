import { addJs } from "./jsProbes.ts";
import { CoverageBuilder, type FileCoverage } from "./model.ts";
import { addNative, placeNative } from "./native.ts";
import type { CoverageUnits } from "./units.ts";

/**
 * Source coverage of one coverage map: native units placed through the symbolizer, JS units
 * through their probe map, merged into one list of files (a TypeScript harness over a native
 * library gets both). `edgeHits[e]` is the number of inputs that reached edge e.
 */
export function sourceCoverage(units: CoverageUnits, edgeHits: ArrayLike<number>): FileCoverage[] {
  const b = new CoverageBuilder();
  addNative(b, placeNative(units.native), edgeHits);
  addJs(b, units.js, edgeHits);
  return b.build();
}
