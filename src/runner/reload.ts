import { statSync } from "node:fs";
import { listCorpusFiles, readInputs } from "../corpus/disk.ts";

/**
 * libFuzzer's -reload=N: every N seconds, the inputs other processes added to the output corpus
 * directory (libFuzzer -jobs, AFL++ instances, other bunfuzz campaigns) are read and run here, so
 * peers on one directory share their finds. Only the first corpus directory is watched, as
 * libFuzzer's RereadOutputCorpus does, and it is listed again only when its modification time
 * changed (a file added or removed at its top level), so an idle directory costs one stat a period.
 */
export class CorpusReload {
  private readonly known: Set<string>;
  private next: number;
  private lastMtime = -1;

  constructor(
    private readonly dir: string,
    initial: readonly string[],
    private readonly everySec: number,
    private readonly maxLen: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.known = new Set(initial);
    this.next = now() + everySec * 1000;
  }

  /** A file this process wrote itself: never read back. */
  know(path: string): void {
    this.known.add(path);
  }

  /** The inputs added since the last look, when a look is due; [] otherwise. */
  poll(): Uint8Array[] {
    const now = this.now();
    if (now < this.next) return [];
    this.next = now + this.everySec * 1000;
    let mtime: number;
    try {
      mtime = statSync(this.dir).mtimeMs;
    } catch {
      return []; // the directory went away: nothing to take; the run goes on with what it has
    }
    if (mtime === this.lastMtime) return [];
    this.lastMtime = mtime;
    const fresh = listCorpusFiles([this.dir]).filter((p) => !this.known.has(p));
    for (const p of fresh) this.known.add(p);
    return readInputs(fresh, this.maxLen, true).map((f) => f.data);
  }
}
