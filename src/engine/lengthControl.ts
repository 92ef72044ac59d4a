/**
 * libFuzzer's -len_control: mutants start no longer than the largest seed (at least 4 bytes) and the
 * limit grows by log2 of itself each time a step of runs (-len_control x log2(limit)) goes by
 * without the corpus growing, up to -max_len. Short inputs first keeps early executions cheap and
 * the corpus small; 0 turns it off (the limit is -max_len at once).
 */
export class LengthControl {
  /** The current limit on a mutant's length (the status lines' `lim:`). */
  limit: number;
  private lastProgress = 0;

  /** `growth`: log2(limit) steps taken at once (a campaign's worker count: runner/session.ts, campaignLength). */
  constructor(private readonly maxLen: number, private readonly runsPerStep: number, private readonly growth = 1) {
    this.limit = maxLen;
  }

  /** After the seed phase: start from the largest kept seed. */
  start(largestInput: number): void {
    this.limit = this.runsPerStep ? Math.min(this.maxLen, Math.max(4, largestInput)) : this.maxLen;
  }

  /** An input joined or replaced one in the corpus at `execs`: the next step waits from here. */
  progressed(execs: number): void {
    this.lastProgress = execs;
  }

  /** Per pick: grows the limit once a step's runs went by without progress. */
  tick(execs: number): void {
    if (!this.runsPerStep || this.limit >= this.maxLen) return;
    const log = 31 - Math.clz32(this.limit);
    if (execs - this.lastProgress > this.runsPerStep * log) {
      this.limit = Math.min(this.maxLen, this.limit + log * this.growth);
      this.lastProgress = execs;
    }
  }
}
