/**
 * The corpus of a campaign with several workers, as its supervisor keeps it: the names (SHA-1) and
 * sizes of its inputs (the seeds the workers loaded, then the finds the supervisor accepted), the
 * files that hold them (heldWrites.ts), and what goes on to the other workers. The supervisor
 * judges a worker's new input against the global feature set before it comes here; a REDUCE is
 * judged here by name.
 *
 * A REDUCE goes on to the other workers as a new input does: a worker that kept only the first,
 * larger version of a peer's input spent its executions on it and bred larger inputs from it
 * (libyaml, two workers for 60 s: corpus inputs of 144 bytes on average against one worker's 108
 * at 120 s, and 0.82 of one worker's executions per CPU second).
 */
import type { HeldWrites } from "./heldWrites.ts";
import type { PeerInput } from "./peers.ts";
import { sha1Hex } from "../util/sha1.ts";

export class CampaignCorpus {
  /** Inputs of the campaign by name, and their sizes. */
  private readonly names = new Map<string, number>();
  /** Names a REDUCE replaced (a worker whose seed phase ends late may still report one). */
  private readonly retired = new Set<string>();
  /** The campaign's corpus size and bytes (status lines). */
  size = 0;
  bytes = 0;

  /** `held`: where the files go (absent without a corpus directory). */
  constructor(private readonly held?: HeldWrites) {}

  /**
   * The inputs a worker's seed phase kept (from the corpus directories: the same for every worker),
   * and its corpus's size and bytes.
   */
  seeded(inputs: readonly [sha1: string, size: number][], size: number, bytes: number): void {
    for (const [sha1, n] of inputs) if (!this.retired.has(sha1)) this.names.set(sha1, n);
    this.size = Math.max(this.size, size);
    this.bytes = Math.max(this.bytes, bytes);
  }

  /** A worker's new input that added features to the campaign's: returns its name. */
  add(data: Uint8Array): string {
    const sha1 = sha1Hex(data);
    this.held?.add(sha1, data);
    this.names.set(sha1, data.length);
    this.size++;
    this.bytes += data.length;
    return sha1;
  }

  /**
   * A worker's REDUCE: `data` replaces the input named `old`. Returns what the other workers get
   * (they put it in place of their copy), or undefined when `old` is not the campaign's: another
   * worker's REDUCE replaced it already, or it was a find of that worker which another worker had
   * made first. The smaller version of a seed is written beside it (a file this run did not write
   * is never deleted: OutputDir).
   */
  reduce(old: string, data: Uint8Array): PeerInput | undefined {
    const oldSize = this.names.get(old);
    if (oldSize === undefined) return undefined;
    const sha1 = sha1Hex(data);
    this.held?.replace(old, sha1, data);
    this.names.delete(old);
    this.retired.add(old);
    this.names.set(sha1, data.length);
    this.bytes += data.length - oldSize;
    return { data, old };
  }
}
