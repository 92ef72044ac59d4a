import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import type { Shim } from "../coverage/ffi.ts";
import { EngineError } from "../findings/errors.ts";
import { parseControlFile } from "./mergeControl.ts";
import type { WorkerConfig } from "./protocol.ts";

/**
 * The merge's inner step, in a worker (libFuzzer's CrashResistantMergeInternalStep): runs every
 * input of the control file not started yet, in its order, appending `STARTED i size` before each
 * run and `FT i features...` / `COV i edges...` after it. Each line is one write(2) on a file
 * opened for appending, so what a crash or a kill leaves behind ends at a line boundary and names
 * the input that was running. With -merge=1 an input's FT line lists only the features no earlier
 * input of this worker reached (as libFuzzer: enough for its greedy choice, and smaller); with
 * -set_cover_merge=1 all of them. COV lists the edges this worker saw first. The supervisor reads
 * the file and chooses (mergeLoop.ts); this step runs target code and writes nothing else.
 * `run` executes one input and leaves its features in the shim's touched list.
 */
export async function mergeInner(cfg: WorkerConfig, shim: Shim, log: (s: string) => void, run: (data: Uint8Array) => unknown): Promise<void> {
  const path = cfg.controlFile;
  if (!path) throw new EngineError("internal", "merge worker started without a control file");
  const cf = parseControlFile(readFileSync(path, "utf8"), false);
  if (!cf) throw new EngineError("internal", `the merge control file ${path} does not parse`);
  log(`MERGE-INNER: using the control file '${path}'`);
  if (cf.lastFailure) log(`MERGE-INNER: '${cf.lastFailure}' caused a failure at the previous merge step`);
  log(`MERGE-INNER: ${cf.files.length} total files; ${cf.firstNotProcessed} processed earlier; will process ${cf.files.length - cf.firstNotProcessed} files now`);
  // Sets, not maps sized by the edge count: a JS target's modules register edges as they load.
  const allFeatures = cfg.options.set_cover_merge ? undefined : new Set<number>();
  const edgeSeen = new Set<number>();
  const fd = openSync(path, "a");
  try {
    for (let i = cf.firstNotProcessed; i < cf.files.length; i++) {
      let data: Uint8Array;
      try {
        data = readFileSync(cf.files[i]!.name);
      } catch {
        data = new Uint8Array(); // vanished since the listing (a peer's corpus): an empty input
      }
      if (data.length > cfg.maxLen) data = data.subarray(0, cfg.maxLen);
      writeSync(fd, `STARTED ${i} ${data.length}\n`);
      await run(data);
      const n = shim.stats.touchedCount, touched = shim.touched;
      let ft = `FT ${i}`, cov = `COV ${i}`;
      for (let k = 0; k < n; k++) {
        const f = touched[k]!, e = f >>> 3;
        if (!allFeatures) ft += ` ${f}`;
        else if (!allFeatures.has(f)) { allFeatures.add(f); ft += ` ${f}`; }
        if (!edgeSeen.has(e)) { edgeSeen.add(e); if (!shim.stats.isPseudoEdge(e)) cov += ` ${e}`; }
      }
      writeSync(fd, `${ft}\n${cov}\n`);
    }
  } finally {
    closeSync(fd);
  }
}
