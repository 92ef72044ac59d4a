import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listCorpusFiles } from "../corpus/disk.ts";
import { writeCorpusEntry } from "../corpus/outputDir.ts";
import { EngineError } from "../findings/errors.ts";
import { INTERRUPT_EXIT } from "../findings/exitCodes.ts";
import { describeIoError } from "../findings/ioError.ts";
import { writeStderr } from "../util/stderr.ts";
import { controlFileHeader, greedyMerge, parseControlFile, setCoverMerge, type MergeFile } from "./mergeControl.ts";
import { reportFinding, runWorker, type Campaign } from "./supervisor.ts";

const log = (s: string) => writeStderr(`${s}\n`);

/** Paths of the files under `dirs`, smallest first (then by path, so the order is stable). */
function sizedFiles(dirs: readonly string[]): string[] {
  const sized = listCorpusFiles(dirs).map((f) => ({ f, size: statSync(f, { throwIfNoEntry: false })?.size ?? 0 }));
  return sized.sort((a, b) => a.size - b.size || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0)).map((x) => x.f);
}

/**
 * `-merge=1 OUT IN...` (and -set_cover_merge=1), libFuzzer's crash-resistant merge: the supervisor
 * (no target code here) writes the control file, then runs workers that append each input's
 * features to it (merge.ts) until one gets through the list; an input that kills a worker is a
 * finding, reported and saved as libFuzzer's merge child saves it, and the next worker starts after
 * it. Then it chooses the inputs from the control file (mergeControl.ts) and copies them into OUT
 * under their SHA-1 names. With -merge_control_file the file is kept: a merge interrupted or
 * killed part way resumes where it stopped, and a later merge of more inputs reruns only the new
 * ones (ClusterFuzz's two-step merge); without it, a temporary file is used and removed.
 */
export async function superviseMerge(c: Campaign): Promise<number> {
  const o = c.config.options;
  const [outDir, ...inDirs] = c.config.corpusDirs;
  if (!outDir) throw new EngineError("usage", "-merge=1 needs an output directory and at least one input directory");
  const oldCorpus = sizedFiles([outDir]), newCorpus = sizedFiles(inDirs);
  if (oldCorpus.length + newCorpus.length === 0) return 0;
  const tmp = o.merge_control_file ? undefined : mkdtempSync(join(tmpdir(), "bunfuzz-merge-"));
  const path = o.merge_control_file || join(tmp!, "control");
  try {
    let attempts = 0;
    let known: MergeFile[] = [];
    if (!tmp && existsSync(path) && statSync(path).size > 0) {
      log(`MERGE-OUTER: non-empty control file provided: '${path}'`);
      const cf = parseControlFile(readFileSync(path, "utf8"), true);
      if (!cf) {
        log("MERGE-OUTER: bad control file, will overwrite it");
      } else {
        log(`MERGE-OUTER: control file ok, ${cf.files.length} files total, first not processed file ${cf.firstNotProcessed}`);
        if (cf.lastFailure) log(`MERGE-OUTER: '${cf.lastFailure}' will be skipped as unlucky (merge has stumbled on it the last time)`);
        if (cf.firstNotProcessed < cf.files.length) {
          attempts = cf.files.length - cf.firstNotProcessed; // a merge in progress: continue it
        } else if (cf.files.length === oldCorpus.length + newCorpus.length) {
          log("MERGE-OUTER: nothing to do, merge has been completed before");
          return 0;
        } else {
          log("MERGE-OUTER: starting merge from scratch, but reusing coverage information from the given control file");
          known = cf.files;
        }
      }
    }
    if (!attempts) {
      const skip = new Set(known.map((f) => f.name));
      const first = oldCorpus.filter((f) => !skip.has(f)), others = newCorpus.filter((f) => !skip.has(f));
      log(`MERGE-OUTER: ${oldCorpus.length + newCorpus.length} files, ${oldCorpus.length} in the initial corpus, ${known.length} processed earlier`);
      try {
        writeFileSync(path, controlFileHeader(first, others));
      } catch (e) {
        throw new EngineError("io", `cannot write the merge control file ${path}: ${describeIoError(e)}`);
      }
      attempts = first.length + others.length;
    }
    for (let attempt = 1; attempt <= attempts; attempt++) {
      log(`MERGE-OUTER: attempt ${attempt}`);
      const out = await runWorker({ ...c, config: { ...c.config, controlFile: path } });
      if (out.kind === "ok") {
        log(`MERGE-OUTER: successful in ${attempt} attempt(s)`);
        break;
      }
      if (out.kind === "engine") return out.code;
      if (out.kind === "interrupted") return INTERRUPT_EXIT;
      // The input is a finding: saved and reported, as libFuzzer's merge child saves it; the merge goes on.
      reportFinding({ ...c, config: { ...c.config, mode: "fuzz" } }, out.finding, out.workerCode);
    }
    const text = readFileSync(path, "utf8");
    log(`MERGE-OUTER: the control file has ${Buffer.byteLength(text)} bytes`);
    const cf = parseControlFile(text, true);
    if (!cf) throw new EngineError("internal", `the merge control file ${path} no longer parses`);
    cf.files.push(...known);
    const result = o.set_cover_merge ? setCoverMerge(cf) : greedyMerge(cf);
    for (const f of result.newFiles) {
      let data: Uint8Array;
      try {
        data = readFileSync(f);
      } catch {
        continue; // removed since it ran (a peer's corpus); nothing to copy
      }
      writeCorpusEntry(outDir, data.length > c.config.maxLen ? data.subarray(0, c.config.maxLen) : data);
    }
    log(`MERGE-OUTER: ${result.newFiles.length} new files with ${result.newFeatures} new features added; ${result.newCov} new coverage edges`);
    return 0;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
