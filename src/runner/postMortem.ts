import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { BF_HEADER_SIZE, BF_MAGIC, HDR } from "../coverage/abi.ts";
import { sequenceName } from "../mutators/table.ts";

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
}

/** Reads the first bytes of the header cheaply (the backstop polls this every second). */
export function peekHeader(path: string): { execCount: number; inTarget: boolean } | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const b = Buffer.alloc(40);
    if (readSync(fd, b, 0, 40, 0) < 40 || b.readBigUInt64LE(HDR.magic) !== BF_MAGIC) return undefined;
    return { execCount: Number(b.readBigUInt64LE(HDR.execCount)), inTarget: b.readUInt32LE(HDR.inTarget) !== 0 };
  } finally {
    closeSync(fd);
  }
}

/** Reads the whole record after the worker has exited; undefined if the worker never created it. */
export function readPostMortem(path: string): PostMortem | undefined {
  let b: Buffer;
  try {
    b = readFileSync(path);
  } catch {
    return undefined;
  }
  if (b.length < BF_HEADER_SIZE || b.readBigUInt64LE(HDR.magic) !== BF_MAGIC) return undefined;
  const len = Math.min(b.readUInt32LE(HDR.inputLen), b.length - BF_HEADER_SIZE);
  const count = Math.min(b.readUInt32LE(HDR.mutationCount), 64);
  return {
    execCount: Number(b.readBigUInt64LE(HDR.execCount)),
    inTarget: b.readUInt32LE(HDR.inTarget) !== 0,
    crashKind: b.readUInt32LE(HDR.crashKind),
    crashSignal: b.readInt32LE(HDR.crashSignal),
    input: Uint8Array.from(b.subarray(BF_HEADER_SIZE, BF_HEADER_SIZE + len)),
    mutations: sequenceName(b.subarray(HDR.mutationIds, HDR.mutationIds + count), count),
    mutationCount: count,
    baseUnit: b.subarray(HDR.baseSha1, HDR.baseSha1 + 20).toString("hex"),
    peakRssMb: b.readUInt32LE(HDR.peakRssMb),
    flags: b.readUInt32LE(HDR.flags),
  };
}
