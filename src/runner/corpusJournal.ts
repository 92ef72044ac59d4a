/**
 * A worker's corpus files, held and written about once a second (HeldWrites), and the journal that
 * keeps a worker's death from losing what it held. Early in a campaign nearly every execution that
 * reaches something new is soon replaced by a smaller one (REDUCE): cJSON's first 20,000
 * executions made about 300 NEWs and 400 REDUCEs, so a worker that wrote each at once created
 * about 700 files for a corpus of about 300. Held, an input found and replaced within the second
 * never reaches the disk: those 20,000 executions from the seeds took 0.346 s instead of 0.430 s
 * (cJSON without ASan, one CPU, medians of 9; ASan builds: cJSON 0.453 s instead of 0.493 s,
 * stb_image 0.917 s instead of 0.984 s; bench/results/first-bug.md). Writing them libFuzzer's way
 * (open, write, close; not atomic) saved almost nothing: the cost is ext4's inode allocation and
 * the caches the loop loses to it, per file created.
 *
 * Who owns what: the supervisor creates the journal (an unlinked file, as the shared region) and
 * passes it as the worker's JOURNAL_FD; the worker appends a record for each input it holds, one
 * write each, and empties the journal after each flush; after the worker has ended, however it
 * ended (a crash, a timeout, an out-of-memory kill, SIGKILL from outside), the supervisor writes
 * what the journal still lists (replayJournal). So a finding never costs the inputs found in its
 * last second. What a kill -9 of the supervisor too can lose: those inputs, as with -workers
 * (heldWrites.ts); files on disk are whole either way.
 *
 * Record: kind (1 byte: 1 new, 2 REDUCE), length of the input (4 bytes, little-endian), its SHA-1
 * (40 hex digits), the SHA-1 it replaces (40 hex digits, or zeros for a new input), the input.
 */
import { ftruncateSync, writeSync } from "node:fs";
import { OutputDir } from "../corpus/outputDir.ts";
import { EngineError } from "../findings/errors.ts";
import { describeIoError } from "../findings/ioError.ts";
import { readWhole } from "../util/unlinkedFile.ts";
import { HeldWrites } from "./heldWrites.ts";

/** The worker's descriptor for the journal (after the shared region's 3 and the sanitizer report's 4). */
export const JOURNAL_FD = 5;

/** Milliseconds a worker holds its corpus files before writing them (as a pool's supervisor does). */
export const HOLD_MS = 1000;

const NEW = 1, REDUCE = 2;
const SHA1_HEX = 40;
const HEAD = 1 + 4 + 2 * SHA1_HEX;

/** The worker's side: appends records, and empties the journal once what it lists is on disk. */
export class CorpusJournal {
  /** Bytes recorded since the journal last started over. */
  protected pos = 0;
  private buf = new Uint8Array(HEAD + 4096);

  constructor(protected fd: number) {}

  /** Records a new input named `sha1`, or (with `old`) a REDUCE of the input named `old`. */
  record(sha1: string, data: Uint8Array, old?: string): void {
    try {
      this.append(sha1, data, old);
    } catch (e) {
      throw new EngineError("io", `cannot write the corpus journal (a file in /dev/shm or the temporary folder): ${describeIoError(e)}`);
    }
  }

  /** Appends a record; a failed write throws the system's error. */
  protected append(sha1: string, data: Uint8Array, old?: string): void {
    const n = HEAD + data.length;
    if (this.buf.length < n) this.buf = new Uint8Array(n);
    putRecord(this.buf, sha1, data, old);
    writeAll(this.fd, this.buf.subarray(0, n), this.pos);
    this.pos += n;
  }

  /** The records of a journal written anew: a new-input record for each input held, in order. */
  static encodeAll(held: ReadonlyMap<string, { data: Uint8Array }>): Uint8Array {
    let n = 0;
    for (const w of held.values()) n += CorpusJournal.recordSize(w.data.length);
    const b = new Uint8Array(n);
    let at = 0;
    for (const [sha1, w] of held) {
      putRecord(b.subarray(at), sha1, w.data);
      at += HEAD + w.data.length;
    }
    return b;
  }

  /** Bytes a record of an input of `len` bytes takes. */
  static recordSize(len: number): number {
    return HEAD + len;
  }

  /** Everything recorded is on disk: the journal starts over. */
  clear(): void {
    if (this.pos === 0) return;
    ftruncateSync(this.fd, 0);
    this.pos = 0;
  }
}

/** A record at the start of `b`: a REDUCE of `old` when given, else a new input. */
function putRecord(b: Uint8Array, sha1: string, data: Uint8Array, old?: string): void {
  b[0] = old === undefined ? NEW : REDUCE;
  b[1] = data.length & 0xff; b[2] = (data.length >>> 8) & 0xff; b[3] = (data.length >>> 16) & 0xff; b[4] = data.length >>> 24;
  putHex(b, 5, sha1);
  putHex(b, 5 + SHA1_HEX, old ?? "");
  b.set(data, HEAD);
}

/** Writes all of `b` at offset `at` of the file behind fd. */
export function writeAll(fd: number, b: Uint8Array, at: number): void {
  for (let off = 0; off < b.length;) off += writeSync(fd, b, off, b.length - off, at + off);
}

/** Writes 40 ASCII hex digits (or zeros for "") at `at`. */
function putHex(b: Uint8Array, at: number, hex: string): void {
  for (let i = 0; i < SHA1_HEX; i++) b[at + i] = i < hex.length ? hex.charCodeAt(i) : 0;
}

function getHex(b: Uint8Array, at: number): string {
  let s = "";
  for (let i = 0; i < SHA1_HEX && b[at + i] !== 0; i++) s += String.fromCharCode(b[at + i]!);
  return s;
}

/**
 * The supervisor's side, after the worker has ended: writes into `dir` the inputs the journal
 * lists, as the worker's next flush would have (an input replaced within the journal is not
 * written). It deletes nothing: a REDUCE's older file, written before the journal's last flush,
 * stays beside the smaller one (keeping a file loses nothing). A record cut short by the worker's
 * death ends the replay. Returns how many inputs it held.
 */
export function replayJournal(fd: number, dir: string): number {
  const b = readWhole(fd);
  const held = new HeldWrites(new OutputDir(dir), () => {});
  let count = 0;
  for (let at = 0; at + HEAD <= b.length;) {
    const len = (b[at + 1]! | (b[at + 2]! << 8) | (b[at + 3]! << 16) | (b[at + 4]! << 24)) >>> 0;
    if (at + HEAD + len > b.length) break;
    const sha1 = getHex(b, at + 5), old = getHex(b, at + 5 + SHA1_HEX), data = b.slice(at + HEAD, at + HEAD + len);
    if (b[at] === REDUCE) held.replace(old, sha1, data);
    else held.add(sha1, data);
    count++;
    at += HEAD + len;
  }
  held.flush();
  return count;
}
