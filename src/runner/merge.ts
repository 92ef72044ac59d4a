import type { Shim } from "../coverage/ffi.ts";
import { listCorpusFiles, readInputs } from "../corpus/disk.ts";
import { writeCorpusEntry } from "../corpus/outputDir.ts";
import type { WorkerConfig } from "./protocol.ts";

/**
 * The merge a worker performs (libFuzzer's -merge=1): every input already in the output directory
 * counts as kept; then the other inputs, smallest first, are kept when they reach a feature nothing
 * kept so far reaches. Features are the touched features of each run (edge and hit-count bucket),
 * so the result preserves all features of the union. Kept inputs are written atomically under
 * their SHA-1 names; nothing is ever deleted.
 */
export function mergeCorpora(cfg: WorkerConfig, shim: Shim, log: (s: string) => void): void {
  const [out, ...ins] = cfg.corpusDirs;
  if (!out) return;
  const skip = new Set(cfg.skip ?? []);
  const initial = readInputs(listCorpusFiles([out]), cfg.maxLen, true);
  const candidates = readInputs(listCorpusFiles(ins).filter((p) => !skip.has(p)), cfg.maxLen, true)
    .sort((a, b) => a.data.length - b.data.length || (a.path < b.path ? -1 : 1));
  log(`MERGE-OUTER: ${initial.length + candidates.length} files, ${initial.length} in the initial corpus, ${skip.size} skipped as crashing`);
  const edges = shim.stats.numEdges;
  const have = new Uint8Array(edges * 8);
  const edgeSeen = new Uint8Array(edges);
  let newFeatures = 0, newEdges = 0, kept = 0;
  const run = (data: Uint8Array): number => {
    shim.input.set(data, 0);
    shim.run(data.length);
    return shim.stats.touchedCount;
  };
  for (const f of initial) {
    const n = run(f.data);
    for (let i = 0; i < n; i++) { const ft = shim.touched[i]!; have[ft] = 1; edgeSeen[ft >>> 3] = 1; }
  }
  for (const f of candidates) {
    const n = run(f.data);
    let adds = false;
    for (let i = 0; i < n && !adds; i++) adds = have[shim.touched[i]!] === 0;
    if (!adds) continue;
    for (let i = 0; i < n; i++) {
      const ft = shim.touched[i]!;
      if (!have[ft]) { have[ft] = 1; newFeatures++; }
      if (!edgeSeen[ft >>> 3]) { edgeSeen[ft >>> 3] = 1; if (!shim.stats.isPseudoEdge(ft >>> 3)) newEdges++; }
    }
    writeCorpusEntry(out, f.data);
    kept++;
  }
  log(`MERGE-OUTER: ${kept} new files with ${newFeatures} new features added; ${newEdges} new coverage edges`);
}

/** The path among `paths` whose content is `input` (to skip the input a merge crashed on). */
export function findInput(paths: readonly string[], input: Uint8Array, maxLen: number): string | undefined {
  for (const f of readInputs(paths, maxLen, true)) {
    if (Buffer.from(f.data).equals(Buffer.from(input))) return f.path;
  }
  return undefined;
}
