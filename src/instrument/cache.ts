import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { atomicWrite } from "../util/atomicWrite.ts";
import { sha1Hex } from "../util/sha1.ts";
import { INSTRUMENT_VERSION } from "./hooks.ts";
import { instrumentSource } from "./transform.ts";
import type { InstrumentOptions, InstrumentResult } from "./types.ts";

/**
 * Instruments through an on-disk cache keyed by a hash of everything the output depends on: the
 * instrumenter version, the options, the filename (it is the default file key, written into the
 * output) and the content. Entries are JSON files written atomically, so concurrent workers and
 * killed processes never leave a torn entry; an unreadable entry is recomputed. `dir` false
 * disables the cache. `hit` tells the caller whether the cache answered.
 */
export function instrumentCached(code: string, filename: string, opts: InstrumentOptions, dir: string | false): { result: InstrumentResult; hit: boolean } {
  if (dir === false) return { result: instrumentSource(code, filename, opts), hit: false };
  const keyText = JSON.stringify([INSTRUMENT_VERSION, opts.fileKey ?? filename, opts.counterMode ?? "set", opts.compareHooks ?? true, opts.byteCompares ?? false, opts.countWork ?? true, opts.moduleKind ?? "", filename]);
  const key = sha1Hex(new TextEncoder().encode(`${keyText}\0${code}`));
  const path = join(dir, `${key}.json`);
  try {
    const cached = JSON.parse(readFileSync(path, "utf8")) as InstrumentResult;
    if (typeof cached.code === "string" && typeof cached.probes === "number" && Array.isArray(cached.regions)) return { result: cached, hit: true };
  } catch {
    // missing or torn: recompute
  }
  const result = instrumentSource(code, filename, opts);
  try {
    mkdirSync(dir, { recursive: true });
    atomicWrite(path, JSON.stringify(result));
  } catch {
    // a cache that cannot be written only costs time
  }
  return { result, hit: false };
}
