import { mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { describeIoError } from "../findings/ioError.ts";
import { CorpusReload } from "./reload.ts";
import { atomicCreate } from "../util/atomicWrite.ts";

/** AFL++'s queue file names: `id:` and six digits (AFL++ finds its place in a peer's queue by them). */
const ID = /^id:(\d{6,})/;

/**
 * An AFL++ sync directory (-sync_dir=DIR, AFL++'s `-o DIR` shared by `-M`/`-S` instances): this
 * campaign's new inputs go to `DIR/<sync_id>/queue/` as `id:NNNNNN,sha1:<hex>` files, and the
 * inputs every other instance adds to `DIR/<name>/queue/` are taken in every -reload seconds.
 *
 * AFL++ reads a peer's queue by id: it resumes at the name that starts with `id:<next id>` and
 * counts one id per file after it, so the queue here is append-only with consecutive ids (a
 * REDUCE or an eviction never touches it: the corpus directory holds the reduced corpus) and each
 * file is written whole (temporary dot file, then a link: AFL++ skips names that do not start with
 * `id:`). An AFL++ main instance (-M) syncs from every instance; its secondaries (-S) only from the
 * main, so they see these inputs once the main has taken them.
 */
export class SyncDir {
  private readonly queue: string;
  private nextId: number;
  private readonly peers = new Map<string, CorpusReload>();
  private nextScan = 0;

  constructor(
    private readonly dir: string,
    private readonly id: string,
    private readonly everySec: number,
    private readonly maxLen: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.queue = join(dir, id, "queue");
    try {
      mkdirSync(this.queue, { recursive: true });
    } catch (e) {
      throw new EngineError("io", `cannot create the sync queue ${this.queue}: ${describeIoError(e)}; fix -sync_dir`);
    }
    // A campaign resumed on its own queue goes on after its last id.
    let last = -1;
    for (const name of readdirSync(this.queue)) {
      const m = ID.exec(name);
      if (m) last = Math.max(last, Number(m[1]));
    }
    this.nextId = last + 1;
  }

  /** Appends an input this campaign found to its queue. */
  add(data: Uint8Array, sha1: string): void {
    // A name already taken means another process writes this queue too (two campaigns given one
    // -sync_id): the next free id keeps the queue consecutive.
    for (;;) {
      const path = join(this.queue, `id:${String(this.nextId++).padStart(6, "0")},sha1:${sha1}`);
      try {
        if (atomicCreate(path, data, false)) return;
      } catch (e) {
        throw new EngineError("io", `cannot write sync queue file ${path}: ${describeIoError(e)}`);
      }
    }
  }

  /**
   * The inputs other instances added to their queues since the last look, when a look is due
   * (every -reload seconds; -reload=0: never); [] otherwise. Instances that appear later are
   * found at the next look.
   */
  poll(): Uint8Array[] {
    const now = this.now();
    if (this.everySec <= 0 || now < this.nextScan) return [];
    this.nextScan = now + this.everySec * 1000;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return []; // the directory went away: nothing to take; the run goes on with what it has
    }
    const got: Uint8Array[] = [];
    for (const name of names.sort()) {
      if (name === this.id || name.startsWith(".")) continue;
      const queue = join(this.dir, name, "queue");
      let watch = this.peers.get(queue);
      if (!watch) {
        try {
          if (!statSync(queue).isDirectory()) continue;
        } catch {
          continue; // not an instance (yet): AFL++ creates queue/ once it starts
        }
        // Due at once: the first look takes everything the instance has queued so far.
        watch = new CorpusReload(queue, [], 0, this.maxLen, this.now);
        this.peers.set(queue, watch);
      }
      got.push(...watch.poll());
    }
    return got;
  }
}
