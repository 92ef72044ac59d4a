import { unlinkSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { describeIoError } from "../findings/ioError.ts";
import { atomicCreate } from "../util/atomicWrite.ts";
import { sha1Hex } from "../util/sha1.ts";

/**
 * The output corpus directory of one run, and the one rule for deleting from it (libFuzzer's
 * MayDeleteFile, FuzzerCorpus.h): only a file this run created may be deleted. Files that were
 * there before (the user's seeds, a libFuzzer or ClusterFuzz corpus, the previous campaign's
 * inputs) and files a peer process wrote are never deleted, whatever their names; REDUCE then
 * leaves the larger file beside the smaller one. libFuzzer also never deletes the smaller file
 * that replaced a seed; here that file was created by this run, so a later REDUCE may delete it.
 */
export class OutputDir {
  /** SHA-1 names of the files this run created and has not deleted. */
  private readonly created = new Set<string>();

  constructor(readonly dir: string) {}

  /**
   * Writes an entry named by its SHA-1, atomically (not flushed to the disk: see atomicWrite); an
   * existing file of that name is left alone and is not this run's. A write that fails (read-only,
   * full) is an engine error that names the file.
   */
  add(data: Uint8Array, sha1 = sha1Hex(data)): string {
    const path = join(this.dir, sha1);
    let made: boolean;
    try {
      made = atomicCreate(path, data, false);
    } catch (e) {
      throw new EngineError("io", `cannot write corpus file ${path}: ${describeIoError(e)}`);
    }
    if (made) this.created.add(sha1);
    return path;
  }

  /**
   * REDUCE on disk: writes the smaller input (returning its path), then removes the one it replaces
   * if this run created it. The new file lands before the old one goes, so a kill in between leaves both, never neither.
   */
  replace(data: Uint8Array, sha1: string, oldSha1: string): string {
    const path = this.add(data, sha1);
    if (oldSha1 === sha1 || !this.created.delete(oldSha1)) return path;
    try {
      unlinkSync(join(this.dir, oldSha1));
    } catch {
      // Already gone (a peer's merge?) or not deletable: keeping a file loses nothing.
    }
    return path;
  }

  /** -shrink evicted the input named sha1: its file goes if this run created it. */
  remove(sha1: string): void {
    if (!this.created.delete(sha1)) return;
    try {
      unlinkSync(join(this.dir, sha1));
    } catch {
      // Already gone, or not deletable: keeping a file loses nothing.
    }
  }

  /** Whether this run created the file named sha1 (and still owns it). */
  mayDelete(sha1: string): boolean {
    return this.created.has(sha1);
  }
}

/** Writes an entry named by its SHA-1 into dir unless it exists (merge: nothing is ever deleted). */
export function writeCorpusEntry(dir: string, data: Uint8Array, sha1 = sha1Hex(data)): string {
  return new OutputDir(dir).add(data, sha1);
}
