import type { Shim } from "../coverage/ffi.ts";
import { listCorpusFiles, readInputs } from "../corpus/disk.ts";
import type { CoverageDump } from "../report/dump.ts";
import type { CoverageUnits } from "../report/units.ts";
import { atomicWrite } from "../util/atomicWrite.ts";
import type { WorkerConfig } from "./protocol.ts";

/**
 * The worker's half of `bunfuzz coverage`: runs every input of the corpus directories and files
 * once, counts per edge how many inputs reached it (from each run's touched features: one feature
 * per edge per run), and writes the dump. `units` is read after the replay: a JS harness loads
 * its modules and native libraries as it first runs.
 */
export async function replayForCoverage(
  cfg: WorkerConfig, shim: Shim, run: (data: Uint8Array) => unknown, units: () => CoverageUnits, log: (s: string) => void,
): Promise<void> {
  const skip = new Set(cfg.skip ?? []);
  const paths = [...listCorpusFiles(cfg.corpusDirs), ...cfg.files].filter((p) => !skip.has(p));
  let hits = new Uint32Array(Math.max(1, shim.stats.numEdges));
  log(`INFO: coverage: replaying ${paths.length} inputs${skip.size ? ` (${skip.size} skipped as crashing)` : ""}`);
  let done = 0;
  for (const f of readInputs(paths, cfg.inputCapacity)) {
    shim.input.set(f.data, 0);
    await run(f.data);
    const n = shim.stats.touchedCount, touched = shim.touched;
    if (shim.stats.numEdges > hits.length) {
      const grown = new Uint32Array(shim.stats.numEdges * 2);
      grown.set(hits);
      hits = grown;
    }
    for (let i = 0; i < n; i++) hits[touched[i]! >>> 3]!++;
    done++;
  }
  const dump: CoverageDump = { version: 1, inputs: done, ...units(), edgeHits: Array.from(hits.subarray(0, shim.stats.numEdges)) };
  atomicWrite(cfg.coverageOut!, JSON.stringify(dump), false);
}
