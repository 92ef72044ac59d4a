import { copyBytes } from "../util/copyBytes.ts";
import type { Rng } from "../rng/rng.ts";
import type { CompareSource, ComparePair } from "../mutators/types.ts";
import { CMP_INT, CMP_INTS_OFFSET, CMP_INT_SIZE, CMP_INT_SLOTS, CMP_MEM, CMP_MEMS_OFFSET, CMP_MEM_SIZE, CMP_MEM_SLOTS } from "./abi.ts";

/** The compare log's 64-bit write counter (struct bf_cmp_log.writes), exact below 2^53. */
export function cmpWrites(view: DataView): number {
  return view.getUint32(0, true) + view.getUint32(4, true) * 0x100000000;
}

/** Adds one to the write counter (JS compare hooks write records too). */
export function bumpCmpWrites(view: DataView): void {
  const lo = (view.getUint32(0, true) + 1) >>> 0;
  view.setUint32(0, lo, true);
  if (lo === 0) view.setUint32(4, (view.getUint32(4, true) + 1) >>> 0, true);
}

/**
 * Reads the shim's compare log (struct bf_cmp_log) for the CMP mutator. The list of filled slots is
 * rebuilt only when the log's write counter has moved, and at most every `refreshEvery` picks, so a
 * pick is O(1) and allocation-free. Integer and memory compares are picked half of the time each
 * (when both exist), as libFuzzer picks a table before an entry: a loop's `i < n` compares would
 * otherwise drown the few memcmp/strcmp operands that matter most.
 */
export class CompareLog implements CompareSource {
  private readonly filled = new Uint16Array(CMP_INT_SLOTS + CMP_MEM_SLOTS);
  private nInts = 0;
  private nMems = 0;
  private lastWrites = -1;
  private picks = 0;

  constructor(
    private readonly view: DataView,
    private readonly bytes: Uint8Array,
    private readonly refreshEvery = 64,
  ) {}

  private refresh(): void {
    const writes = cmpWrites(this.view);
    if (writes === this.lastWrites) return;
    this.lastWrites = writes;
    let n = 0;
    for (let i = 0; i < CMP_INT_SLOTS; i++) {
      if (this.view.getUint32(CMP_INTS_OFFSET + i * CMP_INT_SIZE + CMP_INT.size, true) !== 0) this.filled[n++] = i;
    }
    this.nInts = n;
    for (let i = 0; i < CMP_MEM_SLOTS; i++) {
      const o = CMP_MEMS_OFFSET + i * CMP_MEM_SIZE;
      if (this.view.getUint32(o + CMP_MEM.lenA, true) !== 0 || this.view.getUint32(o + CMP_MEM.lenB, true) !== 0) this.filled[n++] = CMP_INT_SLOTS + i;
    }
    this.nMems = n - this.nInts;
  }

  pickPair(rng: Rng, pair: ComparePair): boolean {
    if (this.picks++ % this.refreshEvery === 0) this.refresh();
    const ni = this.nInts, nm = this.nMems;
    if (ni + nm === 0) return false;
    const useMem = nm > 0 && (ni === 0 || rng.bool());
    const slot = this.filled[useMem ? ni + rng.below(nm) : rng.below(ni)]!;
    if (slot < CMP_INT_SLOTS) {
      const o = CMP_INTS_OFFSET + slot * CMP_INT_SIZE;
      const width = this.view.getUint32(o + CMP_INT.size, true);
      pair.width = width;
      pair.aLen = pair.bLen = width;
      copyBytes(pair.a, 0, this.bytes, o + CMP_INT.a, width);
      copyBytes(pair.b, 0, this.bytes, o + CMP_INT.b, width);
    } else {
      const o = CMP_MEMS_OFFSET + (slot - CMP_INT_SLOTS) * CMP_MEM_SIZE;
      pair.width = 0;
      pair.aLen = this.view.getUint32(o + CMP_MEM.lenA, true);
      pair.bLen = this.view.getUint32(o + CMP_MEM.lenB, true);
      copyBytes(pair.a, 0, this.bytes, o + CMP_MEM.a, pair.aLen);
      copyBytes(pair.b, 0, this.bytes, o + CMP_MEM.b, pair.bLen);
    }
    return true;
  }
}
