/**
 * The stage budget against a scripted loop: per offer, the stage (when it takes the input) runs a
 * number of executions that find some features, and the loop's mutations run theirs; the budget
 * must follow which of the two finds more per unit of cost.
 */
import { expect, test } from "bun:test";
import { StageBudget } from "../../src/stages/stageBudget.ts";

/**
 * `offers` inputs offered in turn; a taken one costs `stageRuns` executions of cost `cost` that find
 * `stageFt` features in all; between offers the loop runs `loopRuns` executions finding `loopFt`.
 * Returns the share of offers taken after the first `skip`.
 */
function simulate(offers: number, stageRuns: number, cost: number, stageFt: number, loopRuns: number, loopFt: number, skip = 0): number {
  let execs = 0, features = 0, taken = 0;
  const b = new StageBudget(() => execs, () => features);
  for (let i = 0; i < offers; i++) {
    if (b.offer()) {
      if (i >= skip) taken++;
      for (let r = 0; r < stageRuns; r++) {
        const fresh = r === 0 ? stageFt : 0;
        execs++;
        features += fresh;
        b.ran(fresh, cost);
      }
    }
    execs += loopRuns;
    features += loopFt;
  }
  expect(b.taken + b.declined).toBe(offers);
  return taken / (offers - skip);
}

test("a stage that finds more per unit of cost than the loop takes every input", () => {
  // 50 runs at cost 3 finding 4 features (0.027 per unit) against 1,000 runs finding 2 (0.002).
  expect(simulate(5000, 50, 3, 4, 1000, 2)).toBe(1);
});

test("a stage that finds nothing takes the floor's share once warmed up, and everything before", () => {
  expect(simulate(100, 50, 3, 0, 1000, 2)).toBe(1); // 100 x 150 units: still warming up
  const share = simulate(5000, 50, 3, 0, 1000, 2, 1000);
  expect(share).toBeGreaterThanOrEqual(0.12);
  expect(share).toBeLessThanOrEqual(0.13); // 1/8
});

test("a stage that finds less per unit of cost takes about its yield's share of the inputs", () => {
  // The stage: 1 feature per 50 runs at cost 4 (0.005 per unit); the loop: 1 per 100 runs (0.01).
  const share = simulate(20000, 50, 4, 1, 100, 1, 5000);
  expect(share).toBeGreaterThan(0.4);
  expect(share).toBeLessThan(0.6);
});

test("the comparison follows the campaign: a stage that stops paying is cut back, one that starts paying gets its inputs back", () => {
  let execs = 0, features = 0;
  const b = new StageBudget(() => execs, () => features);
  const phase = (offers: number, stageFt: number, loopFt: number) => {
    let taken = 0;
    for (let i = 0; i < offers; i++) {
      if (b.offer()) {
        taken++;
        for (let r = 0; r < 50; r++) { execs++; features += r === 0 ? stageFt : 0; b.ran(r === 0 ? stageFt : 0, 3); }
      }
      execs += 1000;
      features += loopFt;
    }
    return taken / offers;
  };
  expect(phase(2000, 2, 1)).toBe(1); // 2 features per 150 units against 1 per 1,000
  phase(4000, 0, 1); // the stage stops finding anything: halving the sums lets its past fade
  expect(phase(2000, 0, 1)).toBeLessThan(0.2);
  phase(1000, 2, 1);
  expect(phase(1000, 2, 1)).toBe(1);
});
