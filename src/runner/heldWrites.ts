/**
 * Corpus files written about once a second instead of as finds arrive: by the supervisor of a
 * campaign with several workers, and by a worker alone (with a journal: corpusJournal.ts). Early in a campaign most inputs are replaced by a smaller one
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
import type { CorpusJournal } from "./corpusJournal.ts";

export class HeldWrites {
  private writes = new Map<string, Uint8Array>();
  /** Files to delete at the next flush; an input found again meanwhile is taken off (its file stays). */
  private deletes = new Set<string>();

  /**
   * `written` hears the path of each file written (the -reload watcher must not read it back).
   * `journal`, when given, records each input held, and is emptied once a flush has written them.
   * The inputs held are the caller's and must not change (the corpus replaces an input's bytes,
   * never edits them).
   */
  constructor(private readonly out: OutputDir, private readonly written: (path: string) => void, private readonly journal?: CorpusJournal) {}

  /** A new input named `sha1`. */
  add(sha1: string, data: Uint8Array): void {
    this.writes.set(sha1, data);
    this.deletes.delete(sha1);
    this.journal?.record(sha1, data);
  }

  /** REDUCE: `sha1` replaces `old`; an `old` not yet written is simply never written. */
  replace(old: string, sha1: string, data: Uint8Array): void {
    this.writes.set(sha1, data);
    this.deletes.delete(sha1);
    if (old !== sha1 && !this.writes.delete(old)) this.deletes.add(old);
    this.journal?.record(sha1, data, old);
  }

  /** -shrink evicted the input named `sha1`: never written if it is still held, else deleted (if this run wrote it). */
  remove(sha1: string): void {
    if (!this.writes.delete(sha1)) this.deletes.add(sha1);
  }

  /** Writes what is held, new files first. */
  flush(): void {
    const writes = this.writes, deletes = this.deletes;
    this.writes = new Map();
    this.deletes = new Set();
    for (const [sha1, data] of writes) this.written(this.out.add(data, sha1));
    for (const sha1 of deletes) this.out.remove(sha1);
    this.journal?.clear();
  }
}
