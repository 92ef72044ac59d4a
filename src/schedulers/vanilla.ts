import type { Corpus } from "../corpus/corpus.ts";
import type { Testcase } from "../corpus/testcase.ts";
import type { Rng } from "../rng/rng.ts";
import type { Scheduler } from "./types.ts";

/** libFuzzer's non-entropic schedule: input i weighs i+1, so the newest inputs are picked most. */
export class VanillaScheduler implements Scheduler {
  constructor(private readonly corpus: Corpus) {}
  added(_t: Testcase): void {}
  tick(_execs: number): void {}
  executed(_base: Testcase, _hits: Uint32Array, _n: number): void {}
  newFeatures(_features: Uint32Array, _n: number): void {}
  pick(rng: Rng): Testcase {
    return this.corpus.pick(rng);
  }
}
