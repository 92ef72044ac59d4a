import { DEPTH_EDGES, STAT } from "./abi.ts";

/**
 * Typed reads of struct bf_stats (private worker memory the shim rewrites after every execution).
 * The getters are read in the hot loop; each is one typed-array load once the JIT inlines it.
 */
export class ShimStats {
  /** `words` is a view of struct bf_stats as u32 words. */
  constructor(readonly words: Uint32Array) {}

  /** Features the last execution touched (bf_touched() holds them, ascending). */
  get touchedCount(): number { return this.words[STAT.touchedCount]!; }
  /** Of those, features never seen before (bf_new_features()). */
  get newCount(): number { return this.words[STAT.newCount]!; }
  /** Distinct features seen so far (libFuzzer's ft:). */
  get totalFeatures(): number { return this.words[STAT.totalFeatures]!; }
  /** Edges with at least one feature (libFuzzer's cov:). */
  get coveredEdges(): number { return this.words[STAT.coveredEdges]!; }
  /** Edge ids allocated so far, plus one (id 0 is never allocated): the size of the edge map. */
  get numEdges(): number { return this.words[STAT.numEdges]!; }
  /** Counter regions registered, the stack-depth block included. */
  get numModules(): number { return this.words[STAT.numModules]!; }
  /** Entries of the pc tables seen. */
  get numPcs(): number { return this.words[STAT.numPcs]!; }
  /** Rare features the last execution touched (bf_rare_hits()). */
  get rareCount(): number { return this.words[STAT.rareCount]!; }
  /** Compare callbacks during the last execution: its cost, counted without a clock. */
  get work(): number { return this.words[STAT.work]!; }
  /** First pseudo-edge of the stack-depth block (0 before bf_init). */
  get depthEdge(): number { return this.words[STAT.depthEdge]!; }
  /** Duration of the last native execution in ns (saturating at ~4.29 s). */
  get lastExecNs(): number { return this.words[STAT.lastExecNs]!; }

  /** Real edges: counters of instrumented code and JS probes, not the stack-depth block. */
  edgeCount(): number {
    return Math.max(0, this.numEdges - 1 - (this.words[STAT.depthEdge]! > 0 ? DEPTH_EDGES : 0));
  }

  /** Counter regions of instrumented code (the stack-depth block is not a module). */
  moduleCount(): number {
    return this.numModules - (this.words[STAT.depthEdge]! > 0 ? 1 : 0);
  }

  /** Whether an edge id is one of the stack-depth block's pseudo-edges. */
  isDepthEdge(edge: number): boolean {
    const d = this.words[STAT.depthEdge]!;
    return d > 0 && edge >= d && edge < d + DEPTH_EDGES;
  }
}
