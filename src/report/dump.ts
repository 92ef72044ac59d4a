import { readFileSync } from "node:fs";
import { EngineError } from "../findings/errors.ts";
import type { CoverageUnits } from "./units.ts";

/**
 * What a coverage worker hands back to the command that asked for the report: the coverage map's
 * units and, per edge, how many replayed inputs reached it. JSON in a file the command names; the
 * worker runs the target, the command (which runs no target code) symbolizes and writes reports.
 */
export interface CoverageDump extends CoverageUnits {
  version: 1;
  /** Inputs replayed (crashing ones skipped are not counted). */
  inputs: number;
  /** Per global edge id: replayed inputs that reached it. */
  edgeHits: number[];
}

/** Reads a dump a worker wrote. */
export function readDump(path: string): CoverageDump {
  let d: CoverageDump;
  try {
    d = JSON.parse(readFileSync(path, "utf8")) as CoverageDump;
  } catch (e) {
    throw new EngineError("internal", `the coverage worker left no readable result at ${path}: ${(e as Error).message}`);
  }
  if (d.version !== 1 || !Array.isArray(d.edgeHits)) throw new EngineError("internal", `${path} is not a coverage dump of this bunfuzz`);
  return d;
}
