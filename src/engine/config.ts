import type { Testcase } from "../corpus/testcase.ts";
import type { Snapshot } from "./progress.ts";

/** How often listeners get a heartbeat (ms): often enough for a status screen, rare enough to cost nothing. */
export const HEARTBEAT_MS = 250;

/** What the fuzzing loop is given: its limits and the libFuzzer flags it acts on. */
export interface EngineConfig {
  /** Largest input the mutators may produce (bytes). */
  maxLen: number;
  /** libFuzzer's -len_control: runs without new coverage per step of the length limit (0: off). */
  lenControl: number;
  /**
   * log2(limit) steps the length limit takes at each -len_control step: the campaign's worker
   * count (campaignLength in runner/session.ts), 1 alone.
   */
  lenGrowth: number;
  /** Mutations stacked on one input before the next pick (libFuzzer's -mutate_depth). */
  mutateDepth: number;
  /** Total executions, or -1 for no limit. */
  runs: number;
  /** Seconds, or 0 for no limit. */
  maxTotalTime: number;
  /** Stacked mutations before the input resets to its corpus original (0: never within a pick). */
  chainLimit: number;
  /** Replace an input by a smaller one reaching the same unique features (libFuzzer's REDUCE). */
  reduceInputs: boolean;
  /** Draw a cross-over partner per pick (libFuzzer's -cross_over; without one, CrossOver skips). */
  crossOver: boolean;
  /** Make every mutant ASCII (libFuzzer's -only_ascii). */
  onlyAscii: boolean;
  /** Stop once an input with this SHA-1 (hex) joins the corpus (libFuzzer's -exit_on_item); "" for none. */
  exitOnItem: string;
  /** libFuzzer's -shrink: keep an input that reaches known features with fewer bytes (engine/shrink.ts). */
  shrink?: boolean;
}

/** Where the engine's events go. The loop itself does no I/O; listeners do. */
export interface EngineListener {
  /** A libFuzzer status line, and the numbers it was made from. */
  status(line: string, s: Snapshot): void;
  /**
   * The campaign's numbers, about every HEARTBEAT_MS while the loop runs (checked with the clock,
   * so never in the middle of an execution): time series, periodic status lines, a status screen.
   */
  heartbeat?(s: Snapshot): void;
  /** An input joined the corpus; `how` is its status line's tail (` L: a/b MS: n Names-`). */
  newInput(t: Testcase, how: string): void;
  /** An input was replaced by a smaller one (REDUCE); `oldSha1` names the file it replaces. */
  replaced(t: Testcase, oldSha1: string, how: string): void;
  /** -shrink evicted an input: smaller ones hold all its features now. */
  evicted?(t: Testcase): void;
  /** Asked at each clock read (every ~10 ms): whether to stop now (-stop_file). */
  pollStop?(): boolean;
}

