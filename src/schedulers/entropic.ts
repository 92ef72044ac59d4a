import type { Corpus } from "../corpus/corpus.ts";
import type { Testcase } from "../corpus/testcase.ts";
import type { Rng } from "../rng/rng.ts";
import { sampleCumulative } from "../rng/sample.ts";
import type { Scheduler } from "./types.ts";

/** libFuzzer's defaults: keep at least this many rare features ... */
const NUMBER_OF_RAREST_FEATURES = 100;
/** ... and every feature touched at most this many times. */
const FEATURE_FREQUENCY_THRESHOLD = 0xff;
/** Energies are refreshed on about one pick in this many (libFuzzer's kSparseEnergyUpdates). */
const SPARSE_ENERGY_UPDATES = 100;
/** An input mutated more than this many times the corpus average gets no picks (libFuzzer's kMaxMutationFactor). */
const MAX_MUTATION_FACTOR = 20;

/** What the schedule knows about one corpus input. */
interface InputState {
  energy: number;
  sumIncidence: number;
  /** Rare feature -> how many of this input's mutants touched it. */
  local: Map<number, number>;
  executed: number;
  needsUpdate: boolean;
}

/**
 * libFuzzer's entropic power schedule (Böhme et al., "Boosting fuzzer efficiency: an information
 * theoretic perspective"). A small set of globally rare features is maintained; each input keeps
 * how often its own mutants touched each of them, and its energy is the (add-one smoothed) entropy
 * of that distribution, with the input's executed mutations as one abundant feature: inputs whose
 * mutants keep revealing different rare features get picked; inputs mutated often without
 * revealing anything decay (every executed mutant marks its input for an energy update, as
 * libFuzzer's NeedsEnergyUpdate does), and an input mutated more than 20 times the corpus average
 * gets no picks (kMaxMutationFactor). New inputs start at maximum entropy. (Refreshing energy
 * only when a mutant touches a rare feature leaves most inputs at their first energy: libpng then
 * reaches 0.90-0.91 of libFuzzer's features at 300 s, 0.97-1.04 (seeds 1-3) with the refresh.)
 *
 * Energy is scaled by cost (-entropic_scale_per_exec_time, on by default here, off in libFuzzer),
 * with libFuzzer's score tiers (x0.1 for an input costing over 10 times the corpus average ... x3
 * under a quarter of it). libFuzzer measures cost as execution time; a clock would make `-seed=N`
 * runs unrepeatable, so cost is counted instead: the compare callbacks the input's admitting
 * execution made (Testcase.work; for a JS target, its loop iterations), plus the engine's own cost per
 * execution in that unit (Corpus.overheadWork: EXEC_OVERHEAD_WORK native, JS_EXEC_OVERHEAD_WORK for JS).
 * Compare counts follow time closely: failed compares had a log-correlation of 0.92-0.97 with
 * time over libpng and cJSON corpora, size 0.45 on libpng; all callbacks tracked time as well as
 * failed ones in a second, noisier measurement (0.74 vs 0.75). Why it is on: without it, on
 * libpng, 25 inputs of 2,500 that inflate a kilobyte-sized IDAT into a megabyte image (1-2 ms per
 * execution, against a median of 6 us) take half of all execution time, and bunfuzz runs at
 * 0.45-0.77 of libFuzzer's exec/s. At 300 s, seeds 1-2, features replayed through the libFuzzer build
 * (bench/results/engine-A.md, "Cost-scaled entropic energy"): libpng 11711/11629 with it,
 * 11469/10813 without; libyaml 19402/19147 vs 18438/18394; cJSON 2933/2944 vs 2960/2943. Input
 * size as the cost mis-ranks exactly those inputs, and starves the large inputs magic_len needs
 * (median time to crash 0.24 s vs 0.16 s without scaling); counting work leaves magic_len alone
 * (0.17 s vs 0.18 s without scaling, seeds 1-31).
 */
export class EntropicScheduler implements Scheduler {
  private readonly rare: number[] = [];
  private mostAbundantRare = 0;
  private readonly states: InputState[] = [];
  private cumulative = new Float64Array(64);
  private needsRebuild = true;
  /** Mutants executed over all inputs (libFuzzer's Corpus.NumExecutedMutations). */
  private totalExecuted = 0;

  constructor(
    private readonly corpus: Corpus,
    /** Per-feature execution counts, maintained by the shim (saturating u16). */
    private readonly freq: Uint16Array,
    /** Per-feature rare flags, read by the shim to list rare hits. */
    private readonly flags: Uint8Array,
    /** Scale energy by input cost relative to the average (see the class comment). */
    private readonly scaleByCost = true,
    /** libFuzzer's -entropic_feature_frequency_threshold. */
    private readonly rareThreshold = FEATURE_FREQUENCY_THRESHOLD,
    /** libFuzzer's -entropic_number_of_rarest_features. */
    private readonly rarest = NUMBER_OF_RAREST_FEATURES,
    /**
     * Executions each of this process's executions stands for: the campaign's workers. Each worker
     * of a -workers campaign runs about its share of the mutants of every input and of the hits
     * of every feature, so its own counts are the campaign's divided by the workers. Counted as
     * they are, every input decays and every feature stops being rare after `workers` times the
     * campaign's executions: the workers together spend that much more on inputs that no longer
     * yield. Scaled, each worker's energies are one worker's at the campaign's total runs (libpng,
     * two workers, 4 M and 8 M runs, seeds 1-6: features replayed through libFuzzer's build 0.975
     * of one worker's at the median unscaled, 0.99-1.00 scaled; libyaml 1.00 either way).
     */
    private readonly weight = 1,
  ) {}

  added(t: Testcase): void {
    if (t.index < this.states.length) { // REDUCE: same slot, same history
      this.needsRebuild = true;
      return;
    }
    const n = this.rare.length;
    this.states.push({ energy: n ? Math.log(n) : 1, sumIncidence: n, local: new Map(), executed: 0, needsUpdate: false });
    this.needsRebuild = true;
  }

  newFeatures(features: Uint32Array, n: number): void {
    for (let i = 0; i < n; i++) this.addRare(features[i]!);
  }

  private addRare(f: number): void {
    // freq[] counts this process's hits (the shim's); the campaign's are about `weight` times as many.
    while (this.rare.length > this.rarest && this.mostAbundantRare * this.weight > this.rareThreshold) {
      let del = 0;
      for (let i = 1; i < this.rare.length; i++) if (this.freq[this.rare[i]!]! >= this.freq[this.rare[del]!]!) del = i;
      const gone = this.rare[del]!;
      this.rare[del] = this.rare[this.rare.length - 1]!;
      this.rare.pop();
      this.flags[gone] = 0;
      for (const st of this.states) if (st.local.delete(gone)) st.needsUpdate = true;
      this.mostAbundantRare = 0;
      for (const r of this.rare) if (this.freq[r]! > this.mostAbundantRare) this.mostAbundantRare = this.freq[r]!;
    }
    this.rare.push(f);
    this.flags[f] = 1;
    this.freq[f] = 0;
    for (const st of this.states) {
      st.local.delete(f);
      if (st.energy > 0) { // add-one smoothing for a feature this input has not revealed
        st.sumIncidence += 1;
        st.energy += Math.log(st.sumIncidence) / st.sumIncidence;
      }
    }
    this.needsRebuild = true;
  }

  executed(base: Testcase, hits: Uint32Array, n: number): void {
    const st = this.states[base.index];
    if (!st) return;
    const w = this.weight;
    st.executed += w;
    this.totalExecuted += w;
    // Every execution changes the energy (the abundant "executed" feature grows), so an input whose
    // mutants reveal nothing decays, as libFuzzer's NeedsEnergyUpdate after each MutateAndTestOne.
    st.needsUpdate = true;
    for (let i = 0; i < n; i++) {
      const f = hits[i]!;
      const q = this.freq[f]!;
      if (q > this.mostAbundantRare) this.mostAbundantRare = q;
      st.local.set(f, (st.local.get(f) ?? 0) + w);
    }
  }

  /** The entropy estimate of libFuzzer's InputInfo::UpdateEnergy. */
  private updateEnergy(st: InputState, cost: number, avgCost: number): void {
    let energy = 0, sum = 0;
    for (const c of st.local.values()) {
      const inc = c + 1;
      energy -= inc * Math.log(inc);
      sum += inc;
    }
    sum += this.rare.length - st.local.size;
    const abd = st.executed + 1;
    energy -= abd * Math.log(abd);
    sum += abd;
    if (sum !== 0) energy = energy / sum + Math.log(sum);
    st.sumIncidence = sum;
    st.energy = Math.max(0, energy) * (this.scaleByCost ? perfScore(cost, avgCost) : 1);
  }

  tick(_execs: number): void {}

  pick(rng: Rng): Testcase {
    if (this.needsRebuild || rng.below(SPARSE_ENERGY_UPDATES) === 0) this.rebuild();
    return this.corpus.entries[sampleCumulative(this.cumulative, this.states.length, rng)]!;
  }


  private rebuild(): void {
    const entries = this.corpus.entries, n = entries.length;
    const over = this.corpus.overheadWork;
    const avg = n && this.corpus.totalWork > 0 ? this.corpus.totalWork / n + over : 0;
    if (this.cumulative.length < n) this.cumulative = new Float64Array(Math.max(n, this.cumulative.length * 2));
    const fair = Math.floor(this.totalExecuted / n);
    let t = 0;
    for (let i = 0; i < n; i++) {
      const st = this.states[i]!;
      if (st.needsUpdate && st.energy > 0) {
        st.needsUpdate = false;
        this.updateEnergy(st, entries[i]!.work + over, avg);
      }
      const overFuzzed = Math.floor(st.executed / MAX_MUTATION_FACTOR) > fair;
      this.cumulative[i] = t += overFuzzed ? 0 : st.energy;
    }
    if (!(t > 0)) for (let i = 0; i < n; i++) this.cumulative[i] = ((i + 1) * (i + 2)) / 2; // libFuzzer's vanilla fallback: weight i+1
    this.needsRebuild = false;
  }
}

/**
 * libFuzzer's execution-time score tiers, applied to cost relative to the corpus average (1 when
 * unmeasured). The boost tiers for cheap inputs stay: the penalties alone measured within seed noise
 * of these (bench/results/engine-A.md, cJSON's median 0.996 either way).
 */
function perfScore(cost: number, avg: number): number {
  if (avg <= 0) return 1;
  if (cost > avg * 10) return 0.1;
  if (cost > avg * 4) return 0.25;
  if (cost > avg * 2) return 0.5;
  if (cost * 3 > avg * 4) return 0.75;
  if (cost * 4 < avg) return 3;
  if (cost * 3 < avg) return 2;
  if (cost * 2 < avg) return 1.5;
  return 1;
}
