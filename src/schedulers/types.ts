import type { Testcase } from "../corpus/testcase.ts";
import type { Rng } from "../rng/rng.ts";

/** Decides which corpus input to mutate next. */
export interface Scheduler {
  /** An input joined the corpus, or was replaced in place (REDUCE). */
  added(t: Testcase): void;
  pick(rng: Rng): Testcase;
  /** Called once per pick with the execution count; refreshes weights when it is due. */
  tick(execs: number): void;
  /**
   * After each execution of a mutant of `base`: `rareHits[0..n)` are the rare features it touched
   * (see bf_rare_hits). Only schedules that track rare features do anything here.
   */
  executed(base: Testcase, rareHits: Uint32Array, n: number): void;
  /** Features reached for the first time by the last execution. */
  newFeatures(features: Uint32Array, n: number): void;
}
