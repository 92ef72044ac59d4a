/**
 * A worker's side of a campaign with several workers (-workers=N, -fork=N). The supervisor owns the
 * output corpus and the campaign's global feature set; a worker tells it what it found and takes
 * in what the others found. Messages go over Bun's IPC channel (structured clone: byte arrays
 * travel as they are), one per slice of the loop that found something (about 50 ms), never one per
 * input: early in a campaign workers find hundreds of inputs a second, and a message each woke the
 * supervisor, which shares the cores with the workers, as often (a wake-up, a pread of each
 * worker's header and a status line each).
 */
import type { Corpus } from "../corpus/corpus.ts";
import type { Testcase } from "../corpus/testcase.ts";
import { rssMb } from "../engine/progress.ts";

/** One find in a batch: a new input, or a smaller one replacing an input found earlier. */
export type Find =
  /** An input reached features this worker had not seen (`features`); `how` is its status tail. */
  | { t: "new"; data: Uint8Array; features: Uint32Array; how: string; lim: number }
  /** REDUCE: `data` replaces the input named `old` (hex SHA-1). */
  | { t: "reduce"; data: Uint8Array; old: string; how: string };

/** What a worker tells the supervisor. */
export type ToSupervisor =
  /**
   * The seed phase is over: the features its corpus holds, the corpus's size and inputs (a REDUCE
   * of one of them is the campaign's), the edges the target has, and where the stack-depth block
   * starts.
   */
  | { t: "inited"; features: Uint32Array; depthEdge: number; lim: number; corpusSize: number; corpusBytes: number; totalEdges: number; inputs: [sha1: string, size: number][]; rssMb: number }
  /**
   * What one slice found, in the order found (a REDUCE may name an input found earlier in it), and
   * the worker's length limit after it (sent alone when only the limit grew, so the campaign's
   * status lines follow it once the corpus stops growing).
   */
  | { t: "finds"; items: Find[]; lim: number }
  /**
   * The worker's closing numbers (it prints no closing lines of its own): its corpus, how many of
   * the other workers' inputs it ran and kept, and how many of their REDUCEs replaced an input here.
   */
  | { t: "done"; execs: number; newUnits: number; seconds: number; interrupted: boolean; corpusSize: number; received: number; adopted: number; reductions: number };

/**
 * An input another worker (or another process on the corpus directory) found. `old`: it is a REDUCE,
 * a smaller input taking the place of the campaign's input of that SHA-1, which the receiving
 * worker holds too unless it reduced it itself.
 */
export interface PeerInput {
  data: Uint8Array;
  old?: string;
}

/**
 * What the supervisor tells a worker: inputs other workers found and reduced, in the order they
 * were accepted. Reductions travel too: a worker that kept only the first, larger version of a
 * peer's input spent its executions on it and bred larger inputs from it (with two workers on
 * libyaml, 60 s: corpus inputs of 144 bytes on average against one worker's 108 at 120 s, and
 * 0.82 of one worker's executions per CPU second).
 */
export type ToWorker = { t: "inputs"; items: PeerInput[] };

/** A worker's place in the campaign, from the supervisor. */
export interface PeerConfig {
  /** 0-based index of this worker. */
  index: number;
  /** Workers in the campaign. */
  count: number;
  /** Whether this worker prints the campaign's start-up lines (the first worker's first start). */
  startupLines: boolean;
}

export class PeerLink {
  private inbox: PeerInput[] = [];
  /** Finds of the current slice, sent by flush(). */
  private outbox: Find[] = [];
  private limSent = 0;
  /** Inputs received from the supervisor, and of those the ones that reached features new here. */
  received = 0;
  adopted = 0;

  /** Resolves when the closing message has left (a worker must not exit before: IPC drops it). */
  closed: Promise<void> = Promise.resolve();

  constructor(
    private readonly send: (m: ToSupervisor, sent?: () => void) => void = (m, sent) => { process.send!(m, undefined, undefined, sent); },
    subscribe: (on: (m: ToWorker) => void) => void = (on) => process.on("message", on as (m: unknown) => void),
  ) {
    subscribe((m) => { if (m.t === "inputs") this.inbox.push(...m.items); });
  }

  /** Inputs received since the last call (the loop adopts them between slices). */
  take(): PeerInput[] {
    const got = this.inbox;
    this.inbox = [];
    this.received += got.length;
    return got;
  }

  inited(corpus: Corpus, m: { depthEdge: number; lim: number; totalEdges: number }): void {
    const all = new Set<number>();
    for (const t of corpus.entries) for (const f of t.uniqFeatures) all.add(f);
    const inputs = corpus.entries.map((t): [string, number] => [t.sha1, t.data.length]);
    // Its RSS now: the shim's watchdog records a peak only later, and the INITED line must not say 0.
    this.send({ t: "inited", features: Uint32Array.from(all), corpusSize: corpus.size, corpusBytes: corpus.totalBytes, inputs, rssMb: rssMb(), ...m });
  }

  found(t: Testcase, how: string, lim: number): void {
    this.outbox.push({ t: "new", data: t.data, features: t.uniqFeatures, how, lim });
  }

  replaced(t: Testcase, old: string, how: string): void {
    this.outbox.push({ t: "reduce", data: t.data, old, how });
  }

  /**
   * Sends the slice's finds, if any (the loop calls it after each slice). A worker that dies
   * inside a slice takes that slice's finds with it: at most one slice of corpus growth, which the
   * other workers go on to find again; its finding itself is read from the shared region.
   */
  flush(lim: number): void {
    if (!this.outbox.length && lim === this.limSent) return;
    this.send({ t: "finds", items: this.outbox, lim });
    this.outbox = [];
    this.limSent = lim;
  }

  done(m: Omit<Extract<ToSupervisor, { t: "done" }>, "t" | "received" | "adopted">, lim: number): void {
    this.flush(lim);
    this.closed = new Promise((r) => this.send({ t: "done", ...m, received: this.received, adopted: this.adopted }, r));
  }
}

/**
 * The seed of worker `index`: worker 0 keeps the campaign's -seed, so one worker repeats a
 * single-worker run exactly, and the others get unrelated streams derived from it (splitmix32).
 */
export function workerSeed(seed: number, index: number): number {
  if (index === 0) return seed;
  let z = (seed + Math.imul(index, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return ((z ^ (z >>> 16)) >>> 0) || 1;
}

/** Worker `index`'s share of a -runs budget split over `count` workers (-1: no budget). */
export function workerRuns(runs: number, index: number, count: number): number {
  if (runs < 0) return runs;
  return Math.floor(runs / count) + (index < runs % count ? 1 : 0);
}
