/**
 * How a worker gets its configuration: the JSON of its WorkerConfig in the BUNFUZZ_WORKER
 * environment variable, or, when that would be too long for one environment string, in an
 * unlinked file it inherits, the variable then naming the descriptor (`fd:N`). Linux refuses a
 * single environment string over 128 KiB (MAX_ARG_STRLEN) with E2BIG, and a run over the files of a
 * grown corpus (`bunfuzz fuzz target corpus/*`, thousands of paths) passes every path in the config.
 */
import { closeSync, writeSync } from "node:fs";
import { createUnlinkedFile, readWhole } from "../util/unlinkedFile.ts";
import { WORKER_ENV, type WorkerConfig } from "./protocol.ts";

/** Longest JSON, in UTF-8 bytes (a path may be non-ASCII), passed in the environment itself: well under MAX_ARG_STRLEN. */
const ENV_MAX_BYTES = 64 * 1024;

/**
 * The environment entry that carries `cfg` to a worker started with `stdio` (extended in place with
 * the file's descriptor when the JSON is long), and what to call once the spawn has returned or thrown (closes the file here).
 */
export function passWorkerConfig(cfg: WorkerConfig, stdio: unknown[]): { env: Record<string, string>; release: () => void } {
  const json = JSON.stringify(cfg);
  const bytes = new TextEncoder().encode(json);
  if (bytes.length <= ENV_MAX_BYTES) return { env: { [WORKER_ENV]: json }, release: () => {} };
  const fd = createUnlinkedFile("-config");
  for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off, off);
  stdio.push(fd);
  return { env: { [WORKER_ENV]: `fd:${stdio.length - 1}` }, release: () => closeSync(fd) };
}

/** The configuration a worker was started with, or undefined outside a worker. */
export function readWorkerConfig(): WorkerConfig | undefined {
  const raw = process.env[WORKER_ENV];
  if (!raw) return undefined;
  const fd = /^fd:(\d+)$/.exec(raw);
  return JSON.parse(fd ? new TextDecoder().decode(readWhole(Number(fd[1]))) : raw) as WorkerConfig;
}
