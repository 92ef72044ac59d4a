import { closeSync, type Dirent, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { describeIoError, errnoCode } from "../findings/ioError.ts";

/** A file from a corpus directory or the command line. */
export interface InputFile {
  path: string;
  data: Uint8Array;
}

/**
 * A corpus directory may be shared with peers (other bunfuzz processes, libFuzzer -jobs, AFL++)
 * that add and delete files while we list and read it: a file or subdirectory gone between
 * listing and reading was deleted by one of them, and is skipped, not an error.
 */
const vanished = (e: unknown) => errnoCode(e) === "ENOENT";

/**
 * The entry types come with the directory listing (getdents' d_type), so a listing costs no stat
 * per file: -reload lists the output corpus every second while a campaign writes to it, and a
 * stat per entry was a tenth of a two-worker supervisor's samples on libpng at 2,500 files. Only
 * a symbolic link (followed, as libFuzzer's stat-based listing follows it) or an entry whose
 * filesystem gives no type is stat'ed.
 */
function listRecursive(dir: string, out: string[], top: boolean): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    if (!top && vanished(e)) return;
    throw new EngineError("input", `cannot read corpus directory ${dir}: ${describeIoError(e)}`);
  }
  for (const ent of entries) {
    if (ent.name.startsWith(".")) continue; // .tmp- files from an atomic write in progress, editor files
    const p = join(dir, ent.name);
    let isDir = ent.isDirectory(), isFile = ent.isFile();
    if (!isDir && !isFile) {
      try {
        const st = statSync(p);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch (e) {
        if (vanished(e)) continue;
        throw new EngineError("input", `cannot read corpus file ${p}: ${describeIoError(e)}`);
      }
    }
    if (isDir) listRecursive(p, out, false);
    else if (isFile) out.push(p);
  }
}

/** Lists the files of corpus directories (recursively, as libFuzzer does); a missing directory is an input error. */
export function listCorpusFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) throw new EngineError("input", `corpus directory ${d} does not exist: create it or fix the path`);
    if (!statSync(d).isDirectory()) throw new EngineError("input", `${d} is not a directory`);
    listRecursive(d, out, true);
  }
  return out;
}

/**
 * Reads inputs, truncating each to maxLen bytes as libFuzzer does. `listed`: the paths come from
 * listing corpus directories, so one that has vanished since (a peer deleted it) is skipped; a
 * file named on the command line must exist.
 */
export function readInputs(paths: readonly string[], maxLen: number, listed = false): InputFile[] {
  const out: InputFile[] = [];
  for (const path of paths) {
    let data: Uint8Array;
    try {
      data = readFileSync(path);
    } catch (e) {
      if (listed && vanished(e)) continue;
      throw new EngineError("input", `cannot read input ${path}: ${describeIoError(e)}`);
    }
    out.push({ path, data: maxLen > 0 && data.length > maxLen ? data.subarray(0, maxLen) : data });
  }
  return out;
}

/** The largest size among files (0 for none); files that vanished meanwhile count as empty. */
export function largestFile(paths: readonly string[]): number {
  let m = 0;
  for (const p of paths) {
    try {
      m = Math.max(m, statSync(p).size);
    } catch (e) {
      if (!vanished(e)) throw new EngineError("input", `cannot read input ${p}: ${describeIoError(e)}`);
    }
  }
  return m;
}

/** Makes sure the output corpus directory exists (creating it, like `go test -fuzz` does). */
export function ensureCorpusDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new EngineError("input", `corpus path ${dir} is a file, not a directory`);
    return;
  }
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new EngineError("io", `cannot create corpus directory ${dir}: ${describeIoError(e)}`);
  }
}

/**
 * Checks that new files can be written in `dir` by writing (and removing) a small dot file, which
 * corpus listing ignores: a read-only, full or forbidden output directory is a one-line error
 * before the campaign starts, not a failure at its first new input. As root, permission bits do
 * not stop the write, and then root may indeed write there.
 */
export function checkWritableDir(dir: string, what: string): void {
  const probe = join(dir, `.bunfuzz-probe-${process.pid}`);
  try {
    const fd = openSync(probe, "w", 0o600);
    try {
      writeSync(fd, new Uint8Array(64));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    try { unlinkSync(probe); } catch {}
    throw new EngineError("io", `cannot write to ${what} ${dir}: ${describeIoError(e)}`);
  }
  try { unlinkSync(probe); } catch {}
}
