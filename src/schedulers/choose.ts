import type { Shim } from "../coverage/ffi.ts";
import type { Corpus } from "../corpus/corpus.ts";
import { EngineError } from "../findings/errors.ts";
import { EntropicScheduler } from "./entropic.ts";
import { RareFeatureScheduler } from "./rare.ts";
import type { Scheduler } from "./types.ts";
import { VanillaScheduler } from "./vanilla.ts";

/**
 * The schedules by name (-schedule=NAME; -entropic=0 means vanilla). Each tells the shim which
 * feature frequencies it reads: all of them (rare), or only the rare-marked ones (entropic), or
 * none (vanilla, which marks none).
 */
const SCHEDULES: Record<string, (corpus: Corpus, shim: Shim, o: ScheduleOptions) => Scheduler> = {
  entropic: (c, s, o) => {
    s.countFrequencies(false);
    return new EntropicScheduler(c, s.featureFreq, s.rareFlags, o.scaleByCost, o.rareThreshold, o.rarest, o.workers);
  },
  vanilla: (c, s) => {
    s.countFrequencies(false);
    return new VanillaScheduler(c);
  },
  rare: (c, s) => {
    s.countFrequencies(true);
    return new RareFeatureScheduler(c, s.featureFreq);
  },
};

/** Knobs some schedules take. */
export interface ScheduleOptions {
  /** Entropic: scale energy by input cost (-entropic_scale_per_exec_time). */
  readonly scaleByCost: boolean;
  /** Entropic: features seen less often than this are rare (-entropic_feature_frequency_threshold). */
  readonly rareThreshold?: number;
  /** Entropic: how many rarest features are tracked (-entropic_number_of_rarest_features). */
  readonly rarest?: number;
  /** Entropic: the campaign's worker processes, whose executions each one's counts stand for (-workers, -fork). */
  readonly workers?: number;
}

export function makeScheduler(name: string, corpus: Corpus, shim: Shim, o: ScheduleOptions): Scheduler {
  const make = SCHEDULES[name];
  if (!make) throw new EngineError("usage", `-schedule=${name} is not a schedule: use ${Object.keys(SCHEDULES).join(", ")}`);
  return make(corpus, shim, o);
}

export const SCHEDULE_NAMES = Object.keys(SCHEDULES);
