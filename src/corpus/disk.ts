import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { atomicWrite } from "../util/atomicWrite.ts";
import { sha1Hex } from "../util/sha1.ts";

/** A file from a corpus directory or the command line. */
export interface InputFile {
  path: string;
  data: Uint8Array;
}

function listRecursive(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue; // .tmp- files from an interrupted atomic write, editor files
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) listRecursive(p, out);
    else if (st.isFile()) out.push(p);
  }
}

/** Lists the files of corpus directories (recursively, as libFuzzer does); a missing directory is an input error. */
export function listCorpusFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) throw new EngineError("input", `corpus directory ${d} does not exist: create it or fix the path`);
    if (!statSync(d).isDirectory()) throw new EngineError("input", `${d} is not a directory`);
    listRecursive(d, out);
  }
  return out;
}

/** Reads inputs, truncating each to maxLen bytes as libFuzzer does. */
export function readInputs(paths: readonly string[], maxLen: number): InputFile[] {
  return paths.map((path) => {
    let data: Uint8Array;
    try {
      data = readFileSync(path);
    } catch (e) {
      throw new EngineError("input", `cannot read input ${path}: ${(e as Error).message}`);
    }
    return { path, data: maxLen > 0 && data.length > maxLen ? data.subarray(0, maxLen) : data };
  });
}

/** Makes sure the output corpus directory exists (creating it, like `go test -fuzz` does). */
export function ensureCorpusDir(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new EngineError("input", `corpus path ${dir} is a file, not a directory`);
    return;
  }
  mkdirSync(dir, { recursive: true });
}

/**
 * Writes a corpus entry named by its SHA-1, atomically (not flushed to the disk: see atomicWrite);
 * an existing entry is left alone.
 */
export function writeCorpusEntry(dir: string, data: Uint8Array, sha1 = sha1Hex(data)): string {
  const path = join(dir, sha1);
  if (!existsSync(path)) atomicWrite(path, data, false);
  return path;
}

/**
 * REDUCE on disk: writes the smaller input, then removes the one it replaces, but only from the
 * output directory (seed directories are never written). The new file lands before the old one
 * goes, so a kill in between leaves both, never neither.
 */
export function replaceCorpusEntry(dir: string, data: Uint8Array, sha1: string, oldSha1: string): void {
  writeCorpusEntry(dir, data, sha1);
  if (oldSha1 !== sha1) {
    try { unlinkSync(join(dir, oldSha1)); } catch { /* not ours (a seed elsewhere) or already gone */ }
  }
}
