/**
 * Corpus files written once the input has been the corpus's for a while instead of as finds
 * arrive: by the supervisor of a campaign with several workers (with its journal: heldJournal.ts),
 * and by a worker alone (with its journal: corpusJournal.ts). Early in a campaign most inputs are replaced by a smaller one
 * (REDUCE) soon after being found: libpng with two workers made 12,521 REDUCEs and 2,905 NEWs in
 * its first 60 s, and creating and deleting those files was three quarters of the supervisor's CPU
 * (bun --cpu-prof: openSync of the temporary file 58%; perf: ext4's inode allocation, which skips
 * every inode deleted in the last 30 s, so each deletion also slows the creations after it). Held,
 * an input replaced before it was written never reaches the disk; of those 12,521 REDUCEs, 4,690
 * replaced an input younger than a second, 3,944 one of 1-5 s and 3,887 an older one.
 *
 * What a kill of the process that holds them can lose: nothing the journal lists (the worker's:
 * corpusJournal.ts; the supervisor's: heldJournal.ts); files on disk are whole either way (atomic
 * writes), and the new file of a REDUCE always lands before the one it replaces goes.
 */
import type { OutputDir } from "../corpus/outputDir.ts";

/** Where held inputs are recorded until they are on disk (corpusJournal.ts, heldJournal.ts). */
export interface Journal {
  record(sha1: string, data: Uint8Array, old?: string): void;
  /** Everything recorded is on disk. */
  clear(): void;
  /** Some inputs are still held: the journal may be written anew with only these. */
  compact?(held: ReadonlyMap<string, { data: Uint8Array }>): void;
  /** The journal has failed: inputs are no longer safe while held. */
  readonly broken?: boolean;
}

/** The hold once a journal has failed: as long as a worker alone holds its inputs. */
const UNJOURNALED_HOLD_MS = 1000;

export class HeldWrites {
  /** Inputs not yet written, by name, with when each was held. */
  private writes = new Map<string, { data: Uint8Array; at: number }>();
  /**
   * Files to delete, each once the input that replaced it is on disk (undefined: at the next
   * flush); an input found again meanwhile is taken off (its file stays).
   */
  private deletes = new Map<string, string | undefined>();
  /**
   * The index of `deletes` by the input awaited: the files waiting for each held input. An entry
   * may be stale (the file was taken off or now waits for another input); `deletes` decides.
   * Without it every REDUCE of a held input scanned all pending deletes: 6% of a two-worker
   * supervisor's samples on libpng.
   */
  private waiters = new Map<string, string[]>();

  /**
   * `written` hears the path of each file written (the -reload watcher must not read it back).
   * `journal`, when given, records each input held, and is emptied once a flush has written them
   * all. `holdMs`: a flush writes only the inputs held at least this long (0: all). The inputs held
   * are the caller's and must not change (the corpus replaces an input's bytes, never edits them).
   * `now`: the clock, in milliseconds.
   */
  constructor(
    private readonly out: OutputDir,
    private readonly written: (path: string) => void,
    private readonly journal?: Journal,
    private readonly holdMs = 0,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A new input named `sha1`. */
  add(sha1: string, data: Uint8Array): void {
    this.writes.set(sha1, { data, at: this.now() });
    this.deletes.delete(sha1);
    this.journal?.record(sha1, data);
  }

  /** REDUCE: `sha1` replaces `old`; an `old` not yet written is simply never written. */
  replace(old: string, sha1: string, data: Uint8Array): void {
    this.writes.set(sha1, { data, at: this.now() });
    this.deletes.delete(sha1);
    if (old !== sha1) {
      if (this.writes.delete(old)) this.redirect(old, sha1);
      else this.await(old, sha1);
    }
    this.journal?.record(sha1, data, old);
  }

  /** -shrink evicted the input named `sha1`: never written if it is still held, else deleted (if this run wrote it). */
  remove(sha1: string): void {
    if (this.writes.delete(sha1)) this.redirect(sha1, undefined);
    else this.deletes.set(sha1, undefined);
  }

  /** `file` goes once the held input `by` is on disk. */
  private await(file: string, by: string): void {
    this.deletes.set(file, by);
    const w = this.waiters.get(by);
    if (w) w.push(file);
    else this.waiters.set(by, [file]);
  }

  /** Files waiting for `from` to be written wait for `to` instead (undefined: for nothing). */
  private redirect(from: string, to: string | undefined): void {
    const files = this.waiters.get(from);
    if (!files) return;
    this.waiters.delete(from);
    for (const file of files) {
      if (this.deletes.get(file) !== from) continue; // stale: taken off, or waits for another input
      if (to === undefined) this.deletes.set(file, undefined);
      else this.await(file, to);
    }
  }

  /** Writes what has been held long enough (`all`: everything held), then deletes the files it replaced. */
  flush(all = false): void {
    const now = this.now();
    const hold = this.journal?.broken ? Math.min(this.holdMs, UNJOURNALED_HOLD_MS) : this.holdMs;
    for (const [sha1, w] of this.writes) {
      if (!all && now - w.at < hold) continue;
      this.written(this.out.add(w.data, sha1));
      this.writes.delete(sha1);
      this.waiters.delete(sha1);
    }
    for (const [file, by] of this.deletes) {
      if (by !== undefined && this.writes.has(by)) continue;
      this.out.remove(file);
      this.deletes.delete(file);
    }
    if (this.writes.size === 0) this.journal?.clear();
    else this.journal?.compact?.(this.writes);
  }

  /** How many inputs are held. */
  get size(): number {
    return this.writes.size;
  }
}
