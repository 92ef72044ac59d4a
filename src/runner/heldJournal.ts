/**
 * The journal of a campaign supervisor's held inputs (-workers=N; heldWrites.ts), so that a kill -9
 * of the supervisor loses none of them. The supervisor holds each new input 16 s before writing its
 * file, because most early inputs are replaced by a smaller one within seconds and a file created
 * and deleted costs ext4 an inode allocation (100-450 µs here): held 4 s instead, a two-worker
 * supervisor took 2.04 CPU seconds of a 30 s libpng campaign and 2.94 of a libyaml one, against
 * 1.36 and 1.47 held 16 s (bench/results/parallel.md). Appending a record to one open file costs no
 * inode.
 *
 * Where it lives: in the temporary folder (never in the corpus directory, where every file is an
 * input to libFuzzer, AFL++ and ClusterFuzz), named for the corpus directory (the first 16 hex
 * digits of the SHA-1 of its real path) and the supervisor's pid:
 * bunfuzz-held-<dir key>-<pid>. Every campaign on that directory starts by writing what the
 * journals of dead supervisors list (replayHeldJournals), before it reads the corpus; a live
 * supervisor's journal is left alone (a pid reused by another process only delays the replay).
 *
 * Records as corpusJournal.ts writes them. The journal grows by a record per find and REDUCE; once
 * it is more than twice what the inputs still held would take (and over COMPACT_MIN), it is written
 * anew with those alone, to a temporary file renamed over it, so a kill at any point leaves a
 * journal that lists at least every input held.
 *
 * A journal that cannot be written (a full disk) is given up with one warning line: the campaign
 * goes on and writes its corpus files within a second, as without a journal.
 */
import { closeSync, openSync, readdirSync, realpathSync, renameSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeIoError } from "../findings/ioError.ts";
import { sha1Hex } from "../util/sha1.ts";
import { writeStderr } from "../util/stderr.ts";
import { CorpusJournal, replayJournal, writeAll } from "./corpusJournal.ts";

/** A journal is rewritten only past this size (and twice what it must list): a rewrite is a file created. */
const COMPACT_MIN = 1 << 20;

/** The name every journal of supervisors on `corpusDir` starts with. */
function prefixFor(corpusDir: string, folder: string): string {
  let real = corpusDir;
  try { real = realpathSync(corpusDir); } catch { /* not there yet: its own name */ }
  return join(folder, `bunfuzz-held-${sha1Hex(new TextEncoder().encode(real)).slice(0, 16)}-`);
}

export class HeldJournal extends CorpusJournal {
  /** Set once a write failed: the journal is gone, and the caller stops holding inputs long. */
  broken = false;

  private constructor(fd: number, private readonly path: string) {
    super(fd);
  }

  /** A new journal for this process's campaign on `corpusDir`; undefined (with a warning) if none can be created. */
  static create(corpusDir: string, folder = tmpdir()): HeldJournal | undefined {
    const path = `${prefixFor(corpusDir, folder)}${process.pid}`;
    try {
      return new HeldJournal(openSync(path, "w+", 0o600), path);
    } catch (e) {
      warn(path, e);
      return undefined;
    }
  }

  override record(sha1: string, data: Uint8Array, old?: string): void {
    if (this.broken) return;
    try {
      this.append(sha1, data, old);
    } catch (e) {
      this.giveUp(e);
    }
  }

  override clear(): void {
    if (this.broken) return;
    try {
      super.clear();
    } catch (e) {
      this.giveUp(e);
    }
  }

  /** Writes the journal anew with only `held` when it has grown past twice that. */
  compact(held: ReadonlyMap<string, { data: Uint8Array }>): void {
    if (this.broken || this.pos <= COMPACT_MIN) return;
    let need = 0;
    for (const w of held.values()) need += CorpusJournal.recordSize(w.data.length);
    if (this.pos <= 2 * need) return;
    const tmp = `${this.path}.tmp`;
    try {
      const fd = openSync(tmp, "w+", 0o600);
      const b = CorpusJournal.encodeAll(held);
      try {
        writeAll(fd, b, 0);
        renameSync(tmp, this.path);
      } catch (e) {
        closeSync(fd);
        throw e;
      }
      closeSync(this.fd);
      this.fd = fd;
      this.pos = b.length;
    } catch (e) {
      try { unlinkSync(tmp); } catch { /* never made */ }
      this.giveUp(e);
    }
  }

  /** Everything it listed is on disk: the journal goes. */
  close(): void {
    if (this.broken) return;
    this.broken = true;
    try { closeSync(this.fd); } catch { /* closed */ }
    try { unlinkSync(this.path); } catch { /* gone */ }
  }

  private giveUp(e: unknown): void {
    warn(this.path, e);
    this.close();
  }
}

function warn(path: string, e: unknown): void {
  writeStderr(`bunfuzz: warning: cannot write ${path} (${describeIoError(e)}): corpus files are written within a second instead of held, and a kill -9 of this campaign can lose that second's finds\n`);
}

/**
 * Writes into `corpusDir` the inputs that journals of dead supervisors on it list, and removes
 * those journals. Returns how many records they held (0 when there were none). A journal that
 * cannot be read or written stays for the next campaign, with one warning line.
 */
export function replayHeldJournals(corpusDir: string, folder = tmpdir()): number {
  const prefix = prefixFor(corpusDir, folder);
  const start = prefix.slice(folder.length + 1);
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.startsWith(start));
  } catch {
    return 0;
  }
  let count = 0;
  for (const name of names) {
    const m = /^(\d+)(\.tmp)?$/.exec(name.slice(start.length));
    if (!m || (Number(m[1]) !== process.pid && alive(Number(m[1])))) continue;
    const path = join(folder, name);
    try {
      // A .tmp is a rewrite cut short: the journal it was to replace still lists everything.
      if (!m[2]) {
        const fd = openSync(path, "r");
        try { count += replayJournal(fd, corpusDir); } finally { closeSync(fd); }
      }
      unlinkSync(path);
    } catch (e) {
      writeStderr(`bunfuzz: warning: cannot replay ${path} into ${corpusDir} (${describeIoError(e)}): it stays for the next campaign on that directory\n`);
    }
  }
  return count;
}

/** Whether process `pid` exists (EPERM: it does, as another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
