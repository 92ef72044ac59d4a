/**
 * The merge control file, in libFuzzer's format (FuzzerMerge.cpp), and the two ways of choosing
 * inputs from it. The file is what makes a merge crash-resistant and resumable: the worker appends
 * a STARTED line before it runs an input and FT/COV lines after, so an input that kills the worker
 * is named by a STARTED line without an FT line, and a merge killed part way (or stopped by a
 * timeout ClusterFuzz imposes) resumes from the first input not started. ClusterFuzz's two-step
 * merge passes the same file to two merges: the second reuses the features the first recorded.
 *
 *   3                  number of inputs
 *   1                  how many of them are in the first (output) corpus
 *   /c/out/a           one path per line, the first corpus's first
 *   /c/in/b
 *   /c/in/c
 *   STARTED 0 123      input 0 (123 bytes) is about to run
 *   FT 0 1 4 6 8       its features
 *   COV 0 7 8          the edges it covered first
 *   STARTED 1 456      no FT line follows: input 1 killed the worker
 *
 * Features and edges are bunfuzz's (feature = edge * 8 + hit-count bucket, edge ids in module
 * registration order), stable across runs of one target build; a control file written by another
 * engine or another build parses but means nothing here.
 */

/** One input of a merge: its path, size and, once run, its features and first-covered edges. */
export interface MergeFile {
  name: string;
  size: number;
  features: number[];
  cov: number[];
}

/** A parsed control file. */
export interface ControlFile {
  files: MergeFile[];
  /** How many of `files` (the first ones) are in the output corpus. */
  numInFirstCorpus: number;
  /** The first input without a STARTED line: where a resumed merge starts. */
  firstNotProcessed: number;
  /** The input that has STARTED but no FT line: it killed the worker that ran it. */
  lastFailure?: string;
}

/** The most inputs a control file may list (libFuzzer's bound). */
const MAX_FILES = 10_000_000;

/**
 * Parses a control file as libFuzzer's Merger::Parse does, or returns undefined when it is not one
 * (junk, a count that does not match the paths, markers out of order). `withCoverage`: also read
 * the FT and COV numbers (the worker needs only the markers).
 */
export function parseControlFile(text: string, withCoverage: boolean): ControlFile | undefined {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const num = (s: string | undefined) => (s !== undefined && /^\s*\d+/.test(s) ? parseInt(s, 10) : NaN);
  const n = num(lines[0]);
  if (!(n > 0 && n <= MAX_FILES)) return undefined;
  const first = num(lines[1]);
  if (!(first >= 0 && first <= n) || lines.length < 2 + n) return undefined;
  const files: MergeFile[] = lines.slice(2, 2 + n).map((name) => ({ name, size: 0, features: [], cov: [] }));
  let expected = 0, lastStarted = -1, haveFt = true;
  const seenCov = new Set<number>();
  for (const line of lines.slice(2 + n)) {
    const words = line.trim().split(/\s+/);
    const id = num(words[1]);
    if (!Number.isInteger(id)) return undefined;
    if (words[0] === "STARTED") {
      if (id !== expected || id >= n) return undefined;
      files[id]!.size = num(words[2]) || 0;
      lastStarted = expected++;
      haveFt = false;
    } else if (words[0] === "FT" || words[0] === "COV") {
      if (id !== lastStarted) return undefined;
      if (words[0] === "FT") haveFt = true;
      if (!withCoverage) continue;
      const values = words.slice(2).map(Number);
      if (words[0] === "FT") files[id]!.features = values.sort((a, b) => a - b);
      else for (const v of values) if (!seenCov.has(v)) { seenCov.add(v); files[id]!.cov.push(v); }
    } else {
      return undefined;
    }
  }
  return {
    files, numInFirstCorpus: first, firstNotProcessed: expected,
    lastFailure: !haveFt && lastStarted >= 0 ? files[lastStarted]!.name : undefined,
  };
}

/** The header of a fresh control file: the inputs to run, the output corpus's first. */
export function controlFileHeader(first: readonly string[], others: readonly string[]): string {
  return `${first.length + others.length}\n${first.length}\n${[...first, ...others].map((f) => `${f}\n`).join("")}`;
}

/** What a merge decided: the inputs to copy into the output corpus, and what they add. */
export interface MergeResult {
  newFiles: string[];
  newFeatures: number;
  newCov: number;
}

/**
 * libFuzzer's -merge=1 choice (Merger::Merge): the output corpus's features are had; of the other
 * inputs, smallest first (more features first among equal sizes), each is kept when it adds a
 * feature not had yet. newCov counts the edges the other inputs covered first.
 */
export function greedyMerge(cf: ControlFile): MergeResult {
  const have = new Set<number>();
  for (const f of cf.files.slice(0, cf.numInFirstCorpus)) for (const x of f.features) have.add(x);
  const rest = cf.files.slice(cf.numInFirstCorpus).map((f) => ({ ...f, features: f.features.filter((x) => !have.has(x)) }));
  rest.sort((a, b) => a.size - b.size || b.features.length - a.features.length);
  const out: MergeResult = { newFiles: [], newFeatures: 0, newCov: 0 };
  const cov = new Set<number>();
  for (const f of rest) {
    let adds = false;
    for (const x of f.features) if (!have.has(x)) { have.add(x); out.newFeatures++; adds = true; }
    if (adds) out.newFiles.push(f.name);
    for (const c of f.cov) cov.add(c);
  }
  out.newCov = cov.size;
  return out;
}

/**
 * libFuzzer's -set_cover_merge=1 choice (Merger::SetCoverMerge): repeatedly keep the input that
 * adds the most features not had yet (the smaller one on a tie), until none adds any.
 */
export function setCoverMerge(cf: ControlFile): MergeResult {
  const have = new Set<number>();
  for (const f of cf.files.slice(0, cf.numInFirstCorpus)) for (const x of f.features) have.add(x);
  let remaining = cf.files.slice(cf.numInFirstCorpus);
  const out: MergeResult = { newFiles: [], newFeatures: 0, newCov: 0 };
  const cov = new Set<number>();
  for (;;) {
    let best: MergeFile | undefined, bestCount = 0;
    const still: MergeFile[] = [];
    for (const f of remaining) {
      let count = 0;
      for (const x of f.features) if (!have.has(x)) count++;
      if (count === 0) continue;
      still.push(f);
      if (count > bestCount || (count === bestCount && f.size < best!.size)) { best = f; bestCount = count; }
    }
    if (!best) break;
    for (const x of best.features) have.add(x);
    out.newFeatures += bestCount;
    out.newFiles.push(best.name);
    for (const c of best.cov) cov.add(c);
    remaining = still.filter((f) => f !== best);
  }
  out.newCov = cov.size;
  return out;
}
