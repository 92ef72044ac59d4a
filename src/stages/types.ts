import type { Testcase } from "../corpus/testcase.ts";
import type { MutationState } from "../mutators/types.ts";

/**
 * A stage (LibAFL's word): instead of random mutations, a pick may run a sequence of inputs a
 * stage derives from its base. The loop asks `begin` at each pick; when it returns true, the
 * pick's inputs come from `next` until it returns -1 or one of them reaches new coverage, and
 * `ran` hears each result. `end` closes the pick either way.
 */
export interface Stage {
  /** Whether the stage has work on this base (then it owns the pick). */
  begin(base: Testcase): boolean;
  /** Writes the next input into s.data and returns its size, or -1 when the stage is done. */
  next(s: MutationState): number;
  /** How many edits the input from the last `next` carries (for the mutation log). */
  readonly edits: number;
  /** The mutator table row its edits are logged as (MS: lines name it). */
  readonly mutatorId: number;
  /** The result of the last input: new features, 0, or -1 when the target rejected it. */
  ran(fresh: number): void;
  end(): void;
}
