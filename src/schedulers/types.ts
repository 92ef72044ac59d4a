import type { Testcase } from "../corpus/testcase.ts";
import type { Rng } from "../rng/rng.ts";

/** Decides which corpus input to mutate next. */
export interface Scheduler {
  /** An input joined the corpus, or was replaced in place (REDUCE). */
  added(t: Testcase): void;
  pick(rng: Rng): Testcase;
  /** Called once per pick with the execution count; refreshes weights when it is due. */
  tick(execs: number): void;
}
