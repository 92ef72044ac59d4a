import { closeSync, fstatSync, readSync, writeSync } from "node:fs";
import { BF_HEADER_SIZE } from "../coverage/abi.ts";
import { inputOf, SharedHeader, stackTextOf, STOP_REQUEST } from "../coverage/header.ts";
import { sequenceName } from "../mutators/table.ts";
import { createUnlinkedFile, readWhole } from "../util/unlinkedFile.ts";

/** What the supervisor reads from a worker's shared region. */
export interface PostMortem {
  execCount: number;
  inTarget: boolean;
  crashKind: number;
  crashSignal: number;
  input: Uint8Array;
  mutations: string;
  mutationCount: number;
  baseUnit: string;
  peakRssMb: number;
  /** BF_FLAG_* bits (ASan present, JS target). */
  flags: number;
  /** The worker was asked to stop (SIGINT/SIGTERM to it, or the supervisor's request). */
  stopRequested: boolean;
  /** The target's stack as the shim recorded it when it ended the worker (stackTextOf), or "". */
  stack: string;
  /** The header itself, for final stats (slowest input, new units). */
  header: SharedHeader;
}

/**
 * The supervisor's handle on a worker's shared region: a file created in /dev/shm and unlinked at
 * once, so it disappears with the last process holding it (a `kill -9` of both leaves nothing
 * behind). The worker gets it as fd 3 and maps /dev/fd/3; the supervisor reads it through
 * its own descriptor.
 */
export class SharedRegion {
  /** What the worker opens: its fd 3. */
  static readonly WORKER_PATH = "/dev/fd/3";

  private constructor(readonly fd: number) {}

  static create(): SharedRegion {
    return new SharedRegion(createUnlinkedFile());
  }

  /** Reads the header cheaply (the backstop polls this every second). */
  peek(): { execCount: number; inTarget: boolean; peakRssMb: number } | undefined {
    const b = new Uint8Array(BF_HEADER_SIZE);
    if (readSync(this.fd, b, 0, BF_HEADER_SIZE, 0) < BF_HEADER_SIZE) return undefined;
    const h = new SharedHeader(b);
    return h.valid ? { execCount: h.execCount, inTarget: h.inTarget, peakRssMb: h.peakRssMb } : undefined;
  }

  /** Asks the worker's engine to stop after its current input (the flag its own SIGINT handler sets). */
  requestStop(): void {
    if (fstatSync(this.fd).size < BF_HEADER_SIZE) return; // the worker has not created it yet
    writeSync(this.fd, STOP_REQUEST.bytes, 0, STOP_REQUEST.bytes.length, STOP_REQUEST.offset);
  }

  /** Reads the whole record after the worker has exited; undefined if the worker never created it. */
  readPostMortem(): PostMortem | undefined {
    const b = readWhole(this.fd);
    if (b.length < BF_HEADER_SIZE) return undefined;
    const h = new SharedHeader(b);
    if (!h.valid) return undefined;
    const log = h.mutationLog();
    return {
      execCount: h.execCount,
      inTarget: h.inTarget,
      crashKind: h.crashKind,
      crashSignal: h.crashSignal,
      input: inputOf(b, h).slice(),
      mutations: sequenceName(log, log.length),
      mutationCount: log.length,
      baseUnit: h.baseUnit(),
      peakRssMb: h.peakRssMb,
      flags: h.flags,
      stopRequested: h.stopRequested,
      stack: stackTextOf(b, h),
      header: h,
    };
  }

  close(): void {
    closeSync(this.fd);
  }
}
