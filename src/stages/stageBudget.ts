/**
 * Execution-equivalents a stage spends before its yield is judged: it runs on every input it is
 * offered until then (the planted checksum target is solved within about 8,000 stage executions,
 * bench/results/input-to-state.md), so a campaign starts with the stage's evidence, not a guess.
 */
const WARMUP = 16_384;
/**
 * Execution-equivalents (the stage's and the loop's together) over which yields are compared: the
 * sums halve each time they pass it, so the comparison follows the campaign's phase (at 20k-50k
 * exec/s, about the last 20-60 s) rather than its start, when everything yields.
 */
const WINDOW = 1 << 20;
/** The least share of offered inputs the stage takes however poorly it does, so it can recover. */
const FLOOR = 1 / 8;

/**
 * A two-armed bandit between a stage and the random mutations of the loop around it: which of the
 * two found more new features per unit of cost lately. When the stage does at least as well, it
 * takes every input it is offered; when it does worse, it takes that share of them (never less than
 * FLOOR), each input offered once. AFL++ does the same by rule (its cmplog stage runs on favoured
 * inputs, once each) and MOpt by measurement for its operators; this is the measured kind, so a
 * target where the stage pays (a checksum to repair) keeps it and one where it does not (a
 * campaign whose new inputs it no longer extends) pays little for it.
 *
 * Cost is counted in executions, not time, so a seeded run repeats: a stage execution costs
 * `cost` units as its owner reports it (for input-to-state, its traced run and trace reads) and a
 * loop execution one unit.
 */
export class StageBudget {
  private stageFt = 0;
  private stageCost = 0;
  private loopFt = 0;
  private loopCost = 0;
  /** The loop's totals when the last offer was judged; -1 before the first. */
  private lastExecs = -1;
  private lastFeatures = 0;
  /** The stage's executions, features and cost since the last offer (part of the loop's totals). */
  private ownExecs = 0;
  private ownFt = 0;
  private ownCost = 0;
  private credit = 0;
  /** Everything the stage has cost, never halved (for WARMUP). */
  private spent = 0;
  /** Offers taken and declined (for tests and the bench). */
  taken = 0;
  declined = 0;

  /** `execs` and `features` read the loop's totals: every execution, and features in the corpus. */
  constructor(private readonly execs: () => number, private readonly features: () => number) {}

  /** Whether the stage takes the input it is offered now. */
  offer(): boolean {
    const execs = this.execs(), features = this.features();
    if (this.lastExecs >= 0) {
      this.loopCost += Math.max(0, execs - this.lastExecs - this.ownExecs);
      this.loopFt += Math.max(0, features - this.lastFeatures - this.ownFt);
      this.stageCost += this.ownCost;
      this.stageFt += this.ownFt;
      this.spent += this.ownCost;
      while (this.stageCost + this.loopCost > WINDOW) {
        this.stageCost /= 2; this.stageFt /= 2; this.loopCost /= 2; this.loopFt /= 2;
      }
    }
    this.lastExecs = execs;
    this.lastFeatures = features;
    this.ownExecs = this.ownFt = this.ownCost = 0;
    const take = this.decide();
    if (take) this.taken++;
    else this.declined++;
    return take;
  }

  /**
   * One execution of the stage: the new features it found and what it cost in loop executions.
   * `execs` 0 charges the stage for part of an execution the loop counts as its own.
   */
  ran(fresh: number, cost: number, execs = 1): void {
    this.ownExecs += execs;
    this.ownCost += cost;
    if (fresh > 0) this.ownFt += fresh;
  }

  private decide(): boolean {
    if (this.spent < WARMUP) return true;
    const stage = this.stageFt / this.stageCost, loop = this.loopFt / Math.max(1, this.loopCost);
    if (stage >= loop) return true;
    // A deterministic share: credit accrues the ratio per offer and an offer is taken per whole unit.
    this.credit += Math.max(FLOOR, stage / loop);
    if (this.credit < 1) return false;
    this.credit -= 1;
    return true;
  }
}
