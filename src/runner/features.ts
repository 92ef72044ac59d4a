/**
 * A campaign's global feature set, kept by the supervisor of several workers: a byte per feature
 * and per edge, grown as features arrive. Features are `edge * 8 + bucket` (native/shim.h); every
 * worker of a campaign loads the same target the same way, so their edge numbering agrees.
 */
export class FeatureSet {
  private features: Uint8Array = new Uint8Array(1 << 16);
  private edges: Uint8Array = new Uint8Array(1 << 13);
  /** Distinct features (libFuzzer's ft:). */
  count = 0;
  /** Distinct edges outside the stack-depth block (libFuzzer's cov:). */
  edgeCount = 0;
  /** The stack-depth block's first pseudo-edge and size (its features are not edges). */
  depthEdge = 0;
  depthEdges = 0;

  /** Whether any of `fs` is not in the set yet. */
  anyNew(fs: ArrayLike<number>): boolean {
    for (let i = 0; i < fs.length; i++) {
      const f = fs[i]!;
      if (f >= this.features.length || this.features[f] === 0) return true;
    }
    return false;
  }

  /** Adds `fs`; returns how many were new. */
  addAll(fs: ArrayLike<number>): number {
    let fresh = 0;
    for (let i = 0; i < fs.length; i++) {
      const f = fs[i]!;
      if (f >= this.features.length) this.features = grow(this.features, f);
      if (this.features[f]) continue;
      this.features[f] = 1;
      this.count++;
      fresh++;
      const e = f >>> 3;
      if (e >= this.edges.length) this.edges = grow(this.edges, e);
      if (this.edges[e]) continue;
      this.edges[e] = 1;
      if (!(e >= this.depthEdge && e < this.depthEdge + this.depthEdges)) this.edgeCount++;
    }
    return fresh;
  }
}

function grow(a: Uint8Array, index: number): Uint8Array {
  let n = a.length;
  while (n <= index) n *= 2;
  const b = new Uint8Array(n);
  b.set(a);
  return b;
}
