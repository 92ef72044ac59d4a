import type { Testcase } from "../corpus/testcase.ts";
import type { MutationState } from "../mutators/types.ts";

/**
 * A stage (LibAFL's word): instead of random mutations, a pick may run a sequence of inputs a
 * stage derives from its base. The loop asks `begin` at each pick; when it returns true, the
 * pick's inputs come from `next` until it returns -1 or (unless `partial`) one of them reaches new
 * coverage, and `ran` hears each result. `end` closes the pick either way. A find ends a whole
 * input's pick: the find is a corpus input, staged at its own first pick.
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
  /**
   * Present and true when the stage's runs execute only part of each input (from a saved state):
   * the pick goes on after an input reaches new coverage, and the loop takes no REDUCE or -shrink
   * decision from these runs, whose features are not the whole input's.
   */
  readonly partial?: boolean;
  /**
   * Writes the mutator table rows applied to the last input into `ids` and returns how many, for a
   * stage that mutates with the table's rows. Absent or -1: the log is `edits` times `mutatorId`.
   */
  logTo?(ids: Uint8Array): number;
  /** The result of the last input: new features, 0, or -1 when the target rejected it. */
  ran(fresh: number): void;
  end(): void;
}

/**
 * Several stages in order of precedence: the first whose begin() accepts a pick owns it. The
 * returned stage forwards every call to that one.
 */
export function firstOf(stages: readonly Stage[]): Stage | undefined {
  if (stages.length <= 1) return stages[0];
  let cur = stages[0]!;
  return {
    get edits() { return cur.edits; },
    get mutatorId() { return cur.mutatorId; },
    get partial() { return cur.partial; },
    logTo: (ids) => (cur.logTo ? cur.logTo(ids) : -1),
    begin(base) {
      for (const st of stages) if (st.begin(base)) { cur = st; return true; }
      return false;
    },
    next: (s) => cur.next(s),
    ran: (fresh) => cur.ran(fresh),
    end: () => cur.end(),
  };
}
