import type { CoverageSink } from "../instrument/runtime.ts";
import { CMP_INTS_OFFSET, CMP_INT_SIZE, CMP_INT_SLOTS, CMP_MEMS_OFFSET, CMP_MEM_BYTES, CMP_MEM_SIZE, CMP_MEM_SLOTS } from "./abi.ts";
import type { Shim } from "./ffi.ts";

const encoder = new TextEncoder();

/**
 * The instrumentation runtime's sink over the shim: JS probe counters are blocks of the shim's
 * counter map (so JS and native edges share one numbering and one feature map), and JS compare
 * records go into the same compare log the native hooks write, in the same slot layout, so the CMP
 * mutator serves both. Like the shim, slots are chosen from the operands, never the call site.
 */
export class ShimSink implements CoverageSink {
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  private readonly scratchA = new Uint8Array(CMP_MEM_BYTES);
  private readonly scratchB = new Uint8Array(CMP_MEM_BYTES);

  constructor(private readonly shim: Shim) {
    this.view = shim.cmpLog;
    this.bytes = shim.cmpLogBytes;
  }

  allocCounters(_fileKey: string, n: number): Uint8Array {
    return this.shim.allocCounters(Math.max(1, n)).counters;
  }

  private bump(): void {
    this.view.setUint32(0, (this.view.getUint32(0, true) + 1) >>> 0, true);
  }

  recordInts(_site: number, a: number, b: number): void {
    const wide = a > 0xffffffff || b > 0xffffffff || a < -0x80000000 || b < -0x80000000;
    const h = (Math.imul(a | 0, 0x9e3779b1) ^ (b | 0) ^ (wide ? 8 : 4)) >>> 0;
    const o = CMP_INTS_OFFSET + (Math.imul(h, 0x85ebca6b) >>> 23) % CMP_INT_SLOTS * CMP_INT_SIZE;
    this.view.setBigInt64(o, BigInt(Math.trunc(a)), true);
    this.view.setBigInt64(o + 8, BigInt(Math.trunc(b)), true);
    this.view.setUint32(o + 16, wide ? 8 : 4, true);
    this.view.setUint32(o + 20, 0, true);
    this.bump();
  }

  recordBytes(_site: number, a: Uint8Array | string, b: Uint8Array | string): void {
    const la = this.fill(a, this.scratchA), lb = this.fill(b, this.scratchB);
    let h = lb;
    for (let i = 0; i < lb && i < 8; i++) h = Math.imul(h ^ this.scratchB[i]!, 0x01000193);
    const o = CMP_MEMS_OFFSET + ((h >>> 0) % CMP_MEM_SLOTS) * CMP_MEM_SIZE;
    this.view.setUint32(o, la, true);
    this.view.setUint32(o + 4, lb, true);
    this.bytes.set(this.scratchA.subarray(0, la), o + 8);
    this.bytes.set(this.scratchB.subarray(0, lb), o + 8 + CMP_MEM_BYTES);
    this.bump();
  }

  private fill(v: Uint8Array | string, out: Uint8Array): number {
    if (typeof v !== "string") {
      const n = Math.min(v.length, out.length);
      out.set(v.subarray(0, n));
      return n;
    }
    return encoder.encodeInto(v, out).written;
  }
}
