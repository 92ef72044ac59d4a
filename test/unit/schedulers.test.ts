/**
 * Schedulers: the entropic schedule favours an input whose mutants reveal rare features over one
 * mutated often without revealing any; the vanilla schedule favours the newest inputs.
 */
import { describe, expect, test } from "bun:test";
import { Corpus } from "../../src/corpus/corpus.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";
import { EntropicScheduler } from "../../src/schedulers/entropic.ts";
import { VanillaScheduler } from "../../src/schedulers/vanilla.ts";

function shares(pick: () => number, n: number, draws = 20_000): number[] {
  const c = new Array(n).fill(0);
  for (let i = 0; i < draws; i++) c[pick()]++;
  return c.map((x) => x / draws);
}

describe("entropic", () => {
  test("an input whose mutants reveal varied rare features outweighs one whose mutants hit the same one", () => {
    const corpus = new Corpus();
    const freq = new Uint16Array(1024), flags = new Uint8Array(1024);
    const s = new EntropicScheduler(corpus, freq, flags);
    // Like a first input, it brings several new features (with one, log(1) = 0 energy: libFuzzer's rule too).
    const a = corpus.add(Uint8Array.of(1, 2, 3), new Uint32Array([8, 9, 10]), 0, new Uint32Array([8, 9, 10]));
    s.newFeatures(a.uniqFeatures, 3);
    s.added(a);
    const b = corpus.add(Uint8Array.of(4, 5, 6), new Uint32Array([16]), 0, new Uint32Array([16]));
    s.newFeatures(b.uniqFeatures, 1);
    s.added(b);
    for (const f of [24, 32, 40, 48]) s.newFeatures(Uint32Array.of(f), 1);
    expect(flags[24]).toBe(1); // new features are rare
    // a's mutants keep revealing different rare features; b's mutants only ever touch b's own one
    const hits = new Uint32Array(1), own = Uint32Array.of(16);
    for (let i = 0; i < 400; i++) {
      hits[0] = [24, 32, 40, 48][i % 4]!;
      freq[hits[0]]!++;
      freq[16]!++;
      s.executed(a, hits, 1);
      s.executed(b, own, 1);
    }
    const rng = new Xoshiro128(9);
    const [pa, pb] = shares(() => s.pick(rng).index, 2);
    expect(pa!).toBeGreaterThan(0.6); // measured 0.655 at this seed
    expect(pb!).toBeLessThan(0.4);
  });

  /** Inputs alike but for their cost (compare callbacks of the admitting run); their pick shares. */
  function costShares(scale: boolean, works: number[], seed = 3): number[] {
    const corpus = new Corpus();
    const freq = new Uint16Array(1024), flags = new Uint8Array(1024);
    const s = new EntropicScheduler(corpus, freq, flags, scale);
    s.newFeatures(Uint32Array.from(works, (_, i) => 8 * (i + 1)), works.length);
    const ts = works.map((w, i) => corpus.add(Uint8Array.of(i), Uint32Array.of(8 * (i + 1)), 0, Uint32Array.of(8 * (i + 1)), w));
    for (const t of ts) s.added(t);
    const none = new Uint32Array(0);
    for (let i = 0; i < 10; i++) for (const t of ts) s.executed(t, none, 0);
    const rng = new Xoshiro128(seed);
    return shares(() => s.pick(rng).index, works.length);
  }

  test("with cost scaling, an input 100 times as costly as its peer gets a fifth of the picks", () => {
    // Costs include the engine's 1000 per execution: a 1100, b 101000, average 51050. a is under a
    // quarter of it (x3), b over 4/3 of it (x0.75), libFuzzer's tiers: shares 4/5 and 1/5.
    const [pa, pb] = costShares(true, [100, 100_000]);
    expect(Math.abs(pa! - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(pb! - 0.2)).toBeLessThan(0.03);
    const [qa] = costShares(false, [100, 100_000]);
    expect(Math.abs(qa! - 0.5)).toBeLessThan(0.03);
  });

  test("an input over four times the average cost gets a quarter of the energy, one under a quarter of it three times", () => {
    // Costs (with the engine's 1000) 1100 x4 and 401000: average 81080; 401000 is over 4x it
    // (x0.25) and 1100 under a quarter of it (x3). Shares: each cheap input 3 / 12.25, the costly
    // one 0.25 / 12.25.
    const share = costShares(true, [100, 100, 100, 100, 400_000], 5);
    expect(Math.abs(share[4]! - 0.25 / 12.25)).toBeLessThan(0.01);
  });

  /**
   * A schedule fed `steps` executions over three inputs (each step one mutant of each, hitting rare
   * features; a new feature every 25 steps, so rare ones are evicted): `calls` executed() calls and
   * `calls` shim counts per mutant, `weight` as the campaign's workers. Returns 400 picks.
   */
  function picksAfter(weight: number, calls: number, steps = 300): number[] {
    const corpus = new Corpus();
    const freq = new Uint16Array(4096), flags = new Uint8Array(4096);
    const s = new EntropicScheduler(corpus, freq, flags, false, 40, 4, weight);
    const ts = [0, 1, 2].map((i) => corpus.add(Uint8Array.of(i), Uint32Array.of(8 * (i + 1), 100 + i), 0, Uint32Array.of(8 * (i + 1), 100 + i)));
    for (const t of ts) { s.newFeatures(t.uniqFeatures, 2); s.added(t); }
    const hits = new Uint32Array(1);
    for (let k = 0; k < steps; k++) {
      if (k % 25 === 0) s.newFeatures(Uint32Array.of(200 + k), 1);
      ts.forEach((t, i) => {
        // input 0's mutants reveal varied rare features, 1's always the same, 2's none
        const n = i === 2 ? 0 : 1;
        hits[0] = i === 0 ? [8, 100, 200 + 25 * Math.floor(k / 25)][k % 3]! : 16;
        for (let c = 0; c < calls; c++) {
          if (n) freq[hits[0]]!++;
          s.executed(t, hits, n);
        }
      });
    }
    const rng = new Xoshiro128(11);
    return Array.from({ length: 400 }, () => s.pick(rng).index);
  }

  test("a worker of two counts each execution for two: it picks as one process that ran every mutant twice", () => {
    const oneForTwo = picksAfter(2, 1), twice = picksAfter(1, 2);
    expect(oneForTwo).toEqual(twice);
    // and the weight matters: counted once, the same executions give other picks
    expect(picksAfter(1, 1)).not.toEqual(twice);
  });

  test("cost differences smaller than the engine's own cost per execution do not count", () => {
    // A planted-bug target: 2 compares against 8 is the same time (the engine's ~4 us dominates).
    const [pa] = costShares(true, [2, 8]);
    expect(Math.abs(pa! - 0.5)).toBeLessThan(0.03);
  });
});

describe("vanilla", () => {
  test("newer inputs are picked more (weight i+1)", () => {
    const corpus = new Corpus();
    for (let i = 0; i < 3; i++) corpus.add(Uint8Array.of(i), new Uint32Array(), i);
    const s = new VanillaScheduler(corpus);
    const rng = new Xoshiro128(2);
    const p = shares(() => s.pick(rng).index, 3);
    expect(p[2]!).toBeGreaterThan(p[1]!);
    expect(p[1]!).toBeGreaterThan(p[0]!);
  });
});
