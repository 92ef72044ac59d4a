import type { CoverageSink } from "../instrument/runtime.ts";
import { CMP_INT, CMP_INTS_OFFSET, CMP_INT_SIZE, CMP_INT_SLOTS, CMP_MEM, CMP_MEMS_OFFSET, CMP_MEM_BYTES, CMP_MEM_SIZE, CMP_MEM_SLOTS } from "./abi.ts";
import { bumpCmpWrites } from "./cmpLog.ts";
import type { Shim } from "./ffi.ts";
import { copyBytes } from "../util/copyBytes.ts";
import { profileCompare } from "./valueProfile.ts";

const encoder = new TextEncoder();

/**
 * The instrumentation runtime's sink over the shim: JS probe counters are blocks of the shim's
 * counter map (so JS and native edges share one numbering and one feature map), and JS compare
 * records go into the same compare log the native hooks write, in the same slot layout, so the CMP
 * mutator serves both. Like the shim, slots are chosen from the operands, never the call site.
 * With value profile on, failed compares also set bits of the shim's value-profile map
 * (valueProfile.ts), by call site as native compares do by PC.
 */
export class ShimSink implements CoverageSink {
  private readonly view: DataView;
  /**
   * Each memory slot's two operand areas, as views made once: a record encodes straight into
   * them. Making a view per record (`subarray`) was 11% of a Papa Parse worker's time.
   */
  private readonly slotA: Uint8Array[] = [];
  private readonly slotB: Uint8Array[] = [];

  /** Value-profile bits for a failed compare; present when the shim's value profile is on. */
  readonly profile?: (site: number, a: unknown, b: unknown) => void;

  constructor(private readonly shim: Shim) {
    const vp = shim.vpMap;
    if (vp) this.profile = (site, a, b) => profileCompare(vp, site, a, b);
    this.view = shim.cmpLog;
    const bytes = shim.cmpLogBytes;
    for (let i = 0; i < CMP_MEM_SLOTS; i++) {
      const o = CMP_MEMS_OFFSET + i * CMP_MEM_SIZE;
      this.slotA.push(bytes.subarray(o + CMP_MEM.a, o + CMP_MEM.a + CMP_MEM_BYTES));
      this.slotB.push(bytes.subarray(o + CMP_MEM.b, o + CMP_MEM.b + CMP_MEM_BYTES));
    }
  }

  /** Per file key: the global edge id of its probe 0 (coverage reports map probes to edges with it). */
  readonly firstEdges = new Map<string, number>();

  allocCounters(fileKey: string, n: number): Uint8Array {
    const block = this.shim.allocCounters(Math.max(1, n));
    this.firstEdges.set(fileKey, block.firstEdge);
    return block.counters;
  }

  recordInts(_site: number, a: number, b: number): void {
    const wide = a > 0xffffffff || b > 0xffffffff || a < -0x80000000 || b < -0x80000000;
    const h = (Math.imul(a | 0, 0x9e3779b1) ^ (b | 0) ^ (wide ? 8 : 4)) >>> 0;
    const o = CMP_INTS_OFFSET + (Math.imul(h, 0x85ebca6b) >>> 23) % CMP_INT_SLOTS * CMP_INT_SIZE;
    this.view.setBigInt64(o + CMP_INT.a, BigInt(Math.trunc(a)), true);
    this.view.setBigInt64(o + CMP_INT.b, BigInt(Math.trunc(b)), true);
    this.view.setUint32(o + CMP_INT.size, wide ? 8 : 4, true);
    this.view.setUint32(o + CMP_INT.flags, 0, true);
    bumpCmpWrites(this.view);
  }

  recordBytes(_site: number, a: Uint8Array | string, b: Uint8Array | string): void {
    // The slot comes from b's first 8 units (chars or bytes) and length, so one operand pair
    // keeps one slot while its other records spread.
    let h = b.length;
    const n = Math.min(b.length, 8);
    if (typeof b === "string") for (let i = 0; i < n; i++) h = Math.imul(h ^ b.charCodeAt(i), 0x01000193);
    else for (let i = 0; i < n; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const slot = (h >>> 0) % CMP_MEM_SLOTS;
    const o = CMP_MEMS_OFFSET + slot * CMP_MEM_SIZE;
    this.view.setUint32(o + CMP_MEM.lenA, fill(a, this.slotA[slot]!), true);
    this.view.setUint32(o + CMP_MEM.lenB, fill(b, this.slotB[slot]!), true);
    bumpCmpWrites(this.view);
  }
}

/** Writes v (UTF-8 if a string) into out, truncated to its length; returns the bytes written. */
function fill(v: Uint8Array | string, out: Uint8Array): number {
  if (typeof v === "string") return encoder.encodeInto(v, out).written;
  const n = Math.min(v.length, out.length);
  copyBytes(out, 0, v, 0, n);
  return n;
}
