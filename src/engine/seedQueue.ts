const NEWLINE = Uint8Array.of(0x0a);

/**
 * The seed phase's queue: seeds run smallest first, as libFuzzer runs them. When none of them was
 * kept (or there were none), "\n" is tried once, so a corpus always has a first input to mutate
 * (libFuzzer's way).
 */
export class SeedQueue {
  private readonly queue: Uint8Array[];
  private triedNewline = false;

  constructor(seeds: readonly Uint8Array[]) {
    this.queue = [...seeds].sort((a, b) => b.length - a.length); // popped from the end: smallest first
  }

  /** The next seed to run, or undefined when the phase is over; `corpusEmpty` says whether any seed was kept. */
  next(corpusEmpty: boolean): Uint8Array | undefined {
    const seed = this.queue.pop();
    if (seed || !corpusEmpty || this.triedNewline) return seed;
    this.triedNewline = true;
    return NEWLINE;
  }
}
