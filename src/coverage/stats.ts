import { DEPTH_EDGES, STAT, VP_EDGES } from "./abi.ts";

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
  /** Compare callbacks during the last execution, plus a JS target's work (addWork): its cost, counted without a clock. */
  get work(): number { return this.words[STAT.work]!; }
  /** Adds a JS execution's work (loop iterations of instrumented code, instrument/runtime.ts) to the shim's count. */
  addWork(n: number): void { this.words[STAT.work] = Math.min(0xffffffff, this.words[STAT.work]! + n); }
  /** First pseudo-edge of the stack-depth block (0 before bf_init). */
  get depthEdge(): number { return this.words[STAT.depthEdge]!; }
  /** Duration of the last native execution in ns (saturating at ~4.29 s). */
  get lastExecNs(): number { return this.words[STAT.lastExecNs]!; }

  /** First pseudo-edge of the value-profile block (0 while -use_value_profile is off). */
  get vpEdge(): number { return this.words[STAT.vpEdge]!; }

  /** Pseudo-edges registered: the stack-depth block's and, with value profile on, its block's. */
  private pseudoEdges(): number {
    return (this.words[STAT.depthEdge]! > 0 ? DEPTH_EDGES : 0) + (this.words[STAT.vpEdge]! > 0 ? VP_EDGES : 0);
  }

  /** Real edges: counters of instrumented code and JS probes, not the feature blocks. */
  edgeCount(): number {
    return Math.max(0, this.numEdges - 1 - this.pseudoEdges());
  }

  /** Counter regions of instrumented code (the stack-depth and value-profile blocks are not modules). */
  moduleCount(): number {
    return this.numModules - (this.words[STAT.depthEdge]! > 0 ? 1 : 0) - (this.words[STAT.vpEdge]! > 0 ? 1 : 0);
  }

  /**
   * The most features one execution can touch: one per edge, but up to 8 per pseudo-edge of the
   * value-profile block (its bytes are bit sets). The per-execution feature lists hold this many.
   */
  featureCapacity(): number {
    return Math.max(1, this.numEdges + (this.words[STAT.vpEdge]! > 0 ? 7 * VP_EDGES : 0));
  }

  /** Whether an edge id is a pseudo-edge of the stack-depth or value-profile block (features, never cov:). */
  isPseudoEdge(edge: number): boolean {
    const d = this.words[STAT.depthEdge]!, v = this.words[STAT.vpEdge]!;
    return (d > 0 && edge >= d && edge < d + DEPTH_EDGES) || (v > 0 && edge >= v && edge < v + VP_EDGES);
  }
}
