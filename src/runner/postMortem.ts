import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { BF_HEADER_SIZE } from "../coverage/abi.ts";
import { inputOf, SharedHeader } from "../coverage/header.ts";
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

/** Reads the header cheaply (the backstop polls this every second). */
export function peekHeader(path: string): { execCount: number; inTarget: boolean } | undefined {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const b = new Uint8Array(BF_HEADER_SIZE);
    if (readSync(fd, b, 0, BF_HEADER_SIZE, 0) < BF_HEADER_SIZE) return undefined;
    const h = new SharedHeader(b);
    return h.valid ? { execCount: h.execCount, inTarget: h.inTarget } : undefined;
  } finally {
    closeSync(fd);
  }
}

/** Reads the whole record after the worker has exited; undefined if the worker never created it. */
export function readPostMortem(path: string): PostMortem | undefined {
  let b: Uint8Array;
  try {
    b = new Uint8Array(readFileSync(path));
  } catch {
    return undefined;
  }
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
  };
}
