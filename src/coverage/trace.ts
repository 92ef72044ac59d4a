import { CMP_MEM_BYTES, TRACE, TRACE_ENTRY, TRACE_ENTRY_SIZE, TRACE_MEM, TRACE_STR } from "./abi.ts";
import { copyBytes } from "../util/copyBytes.ts";

/**
 * The shim's compare trace (struct bf_trace) for the input-to-state stage: the failed compares of
 * the last execution run with tracing on, in the order they ran, each as two operand byte strings
 * (integers little-endian, `width` bytes). Reads the shared view in place; nothing is copied until
 * an operand is asked for.
 */
export class CompareTrace {
  private readonly view: DataView;

  /** `bytes` views struct bf_trace; `toggle` turns tracing on and off in the shim. */
  constructor(private readonly bytes: Uint8Array, private readonly toggle: (on: boolean) => void) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Tracing on: every execution from now on lists its failed compares. */
  start(): void { this.toggle(true); }
  stop(): void { this.toggle(false); }

  /** Entries the last execution listed. */
  get count(): number { return this.view.getUint32(TRACE.count, true); }

  /** The entry's call site (low 32 bits of its PC: the same compare within this process). */
  site(i: number): number { return this.view.getUint32(TRACE.e + i * TRACE_ENTRY_SIZE + TRACE_ENTRY.site, true); }

  /** Integer width in bytes (1, 2, 4, 8), or 0 for a memory compare. */
  width(i: number): number {
    const size = this.view.getUint32(TRACE.e + i * TRACE_ENTRY_SIZE + TRACE_ENTRY.size, true);
    return size & TRACE_MEM ? 0 : size;
  }

  /** Whether entry i compared strings (its operands are NUL-padded to a common length). */
  isString(i: number): boolean {
    return (this.view.getUint32(TRACE.e + i * TRACE_ENTRY_SIZE + TRACE_ENTRY.size, true) & TRACE_STR) !== 0;
  }

  /**
   * Copies operand `which` (0: first, 1: second) into `out` and returns its length: an integer's
   * `width` bytes little-endian, a memory compare's bytes (at most CMP_MEM_BYTES).
   */
  operand(i: number, which: 0 | 1, out: Uint8Array): number {
    const o = TRACE.e + i * TRACE_ENTRY_SIZE;
    const size = this.view.getUint32(o + TRACE_ENTRY.size, true);
    const field = which === 0 ? TRACE_ENTRY.a : TRACE_ENTRY.b;
    if (!(size & TRACE_MEM)) {
      copyBytes(out, 0, this.bytes, o + field, size);
      return size;
    }
    const n = Math.min(size & ~(TRACE_MEM | TRACE_STR), CMP_MEM_BYTES);
    copyBytes(out, 0, this.bytes, TRACE.pool + this.view.getUint32(o + field, true), n);
    return n;
  }
}
