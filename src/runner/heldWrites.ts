/**
 * The corpus files of a campaign with several workers, written by the supervisor about once a
 * second instead of as finds arrive. Early in a campaign most inputs are replaced by a smaller one
 * (REDUCE) within a second of being found: libpng with two workers made 7,427 REDUCEs and 2,588
 * NEWs in its first 30 s, and creating and deleting those files was two thirds of the supervisor's
 * CPU (bun --cpu-prof: openSync of the temporary file 58%, ext4's inode allocation under it).
 * Held, an input found and replaced within the second never reaches the disk.
 *
 * What a kill -9 of the supervisor can lose: the finds of the last second (as a killed worker loses
 * its last slice's); files on disk are whole either way (atomic writes), and the new file of a
 * REDUCE always lands before the one it replaces goes.
 */
import type { OutputDir } from "../corpus/outputDir.ts";

export class HeldWrites {
  private writes = new Map<string, Uint8Array>();
  private deletes: string[] = [];

  /** `written` hears the path of each file written (the -reload watcher must not read it back). */
  constructor(private readonly out: OutputDir, private readonly written: (path: string) => void) {}

  /** A new input named `sha1`. */
  add(sha1: string, data: Uint8Array): void {
    this.writes.set(sha1, data);
  }

  /** REDUCE: `sha1` replaces `old`; an `old` not yet written is simply never written. */
  replace(old: string, sha1: string, data: Uint8Array): void {
    this.writes.set(sha1, data);
    if (!this.writes.delete(old)) this.deletes.push(old);
  }

  /** Writes what is held, new files first. */
  flush(): void {
    const writes = this.writes, deletes = this.deletes;
    this.writes = new Map();
    this.deletes = [];
    for (const [sha1, data] of writes) this.written(this.out.add(data, sha1));
    for (const sha1 of deletes) this.out.remove(sha1);
  }
}
