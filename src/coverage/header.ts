import { BF_HEADER_SIZE, BF_MAGIC, BF_MAX_MUTATIONS, FLAG, HDR, STACK_BYTES } from "./abi.ts";

/**
 * Typed access to the shared header (struct bf_header). The worker holds one over the live mapping;
 * the supervisor makes one over the bytes it reads from the region's file after the worker died.
 * Ownership: during an execution only the worker writes; the supervisor reads a dead worker's copy
 * (and polls execCount/inTarget of a live one), so no field needs a lock.
 */
export class SharedHeader {
  private readonly view: DataView;
  /** The mutator ids of the input in the slot (valid up to mutationCount, at most BF_MAX_MUTATIONS). */
  readonly mutationIds: Uint8Array;
  /** The engine RNG's state when the current input's first mutation was chosen (4 words). */
  readonly rngState: Uint32Array;
  /** SHA-1 of the corpus entry the input in the slot was mutated from (20 bytes). */
  readonly baseSha1: Uint8Array;

  /** `bytes` starts at the header; it holds at least BF_HEADER_SIZE bytes and is 4-byte aligned. */
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, BF_HEADER_SIZE);
    this.mutationIds = bytes.subarray(HDR.mutationIds, HDR.mutationIds + BF_MAX_MUTATIONS);
    this.rngState = new Uint32Array(bytes.buffer, bytes.byteOffset + HDR.rngState, 4);
    this.baseSha1 = bytes.subarray(HDR.baseSha1, HDR.baseSha1 + 20);
  }

  /** Whether the bytes carry the shim's magic (a region the worker created and initialised). */
  get valid(): boolean {
    return this.view.getBigUint64(HDR.magic, true) === BF_MAGIC;
  }
  get abiVersion(): number { return this.u32(HDR.abiVersion); }
  get headerSize(): number { return this.u32(HDR.headerSize); }
  get inputCapacity(): number { return this.u32(HDR.inputCapacity); }
  /** Length of the input being (or last) executed. */
  get inputLen(): number { return this.u32(HDR.inputLen); }
  set inputLen(n: number) { this.view.setUint32(HDR.inputLen, n, true); }
  /** Executions started (exact below 2^53). */
  get execCount(): number {
    return this.u32(HDR.execCount) + this.u32(HDR.execCount + 4) * 0x100000000;
  }
  /** Whether target code is running on the worker's main thread now. */
  get inTarget(): boolean { return this.u32(HDR.inTarget) !== 0; }
  /** enum bf_crash_kind (CRASH in abi.ts). */
  get crashKind(): number { return this.u32(HDR.crashKind); }
  set crashKind(k: number) { this.view.setUint32(HDR.crashKind, k, true); }
  get crashSignal(): number { return this.view.getInt32(HDR.crashSignal, true); }
  get timeoutMs(): number { return this.u32(HDR.timeoutMs); }
  get rssLimitMb(): number { return this.u32(HDR.rssLimitMb); }
  get workerPid(): number { return this.u32(HDR.workerPid); }
  get mutationCount(): number { return this.u32(HDR.mutationCount); }
  set mutationCount(n: number) { this.view.setUint32(HDR.mutationCount, n, true); }
  /** The watchdog's latest sample of the worker's peak RSS, in Mb. */
  get peakRssMb(): number { return this.u32(HDR.peakRssMb); }
  /** The slowest execution so far, in microseconds. */
  get slowestUs(): number { return this.u32(HDR.slowestUs); }
  get flags(): number { return this.u32(HDR.flags); }
  /** Sets FLAG bits (abi.ts) in the flags word. */
  setFlag(bit: number): void { this.view.setUint32(HDR.flags, this.flags | bit, true); }
  get asan(): boolean { return (this.flags & FLAG.asan) !== 0; }
  get jsTarget(): boolean { return (this.flags & FLAG.jsTarget) !== 0; }
  /** The worker saved and reported its findings itself (-keep_going). */
  get reported(): boolean { return (this.flags & FLAG.reported) !== 0; }
  /** Set by the shim's SIGINT/SIGTERM handler, or by the supervisor (STOP_REQUEST): the engine stops at its next clock check. */
  get stopRequested(): boolean { return this.u32(HDR.stopRequested) !== 0; }
  set stopRequested(on: boolean) { this.view.setUint32(HDR.stopRequested, on ? 1 : 0, true); }
  /** Inputs the engine added to the corpus by mutation (the supervisor's final stats for a worker it killed). */
  get newUnits(): number { return this.u32(HDR.newUnits); }
  set newUnits(n: number) { this.view.setUint32(HDR.newUnits, n, true); }

  /** Bytes of the crash stack area the shim wrote as the worker died (see stackText). */
  get stackLen(): number { return this.u32(HDR.stackLen); }

  /** The first min(mutationCount, BF_MAX_MUTATIONS) mutator ids. */
  mutationLog(): Uint8Array {
    return this.mutationIds.subarray(0, Math.min(this.mutationCount, BF_MAX_MUTATIONS));
  }

  /** Hex SHA-1 of the base unit. */
  baseUnit(): string {
    return Buffer.from(this.baseSha1).toString("hex");
  }

  private u32(off: number): number {
    return this.view.getUint32(off, true);
  }
}

/** The input slot that follows the header in the shared region: its first `inputLen` bytes. */
export function inputOf(region: Uint8Array, h: SharedHeader): Uint8Array {
  const len = Math.min(h.inputLen, region.length - BF_HEADER_SIZE);
  return region.subarray(BF_HEADER_SIZE, BF_HEADER_SIZE + Math.max(0, len));
}

/**
 * The crash stack area's text (BF_STACK_BYTES in shim.h): "PC MODULE_OFFSET MODULE\n" per frame of
 * the target's stack when the shim ended the worker, innermost first; "" when it wrote none.
 */
export function stackTextOf(region: Uint8Array, h: SharedHeader): string {
  const at = BF_HEADER_SIZE + h.inputCapacity;
  const len = Math.min(h.stackLen, STACK_BYTES, Math.max(0, region.length - at));
  return new TextDecoder().decode(region.subarray(at, at + len));
}

/**
 * What a supervisor writes into a live worker's region, through its file, to ask the engine to stop
 * (the word the worker's own SIGINT handler sets): these bytes at this offset.
 */
export const STOP_REQUEST = { offset: HDR.stopRequested, bytes: new Uint8Array(Uint32Array.of(1).buffer) } as const;
