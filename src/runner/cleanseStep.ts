import { readFileSync } from "node:fs";
import { EngineError } from "../findings/errors.ts";
import type { WorkerConfig } from "./protocol.ts";

/** The bytes libFuzzer's -cleanse_crash tries in place of each original byte, in this order. */
export const CLEANSE_BYTES = [0x20, 0xff] as const;

/**
 * One pass of -cleanse_crash in a worker (libFuzzer's CleanseCrashInput, in one process): from
 * byte `start` on, each byte that is not already ' ' or 0xff is replaced by ' ', then by 0xff, and
 * the input run. A replacement after which the target still fails kills this worker, with the
 * replaced input in the shared slot: the supervisor (cleanse.ts) keeps it and starts the next
 * worker after that byte. A replacement the target survives is undone. libFuzzer runs each
 * candidate in a fresh process; here the candidates of one pass share one, as fuzzing's inputs do.
 */
export async function cleanseStep(cfg: WorkerConfig, log: (s: string) => void, run: (data: Uint8Array) => unknown): Promise<void> {
  const c = cfg.cleanse;
  if (!c || cfg.files.length !== 1) throw new EngineError("internal", "cleanse worker started without its input");
  const data = new Uint8Array(readFileSync(cfg.files[0]!));
  for (let i = c.start; i < data.length; i++) {
    log(`CLEANSE[${c.attempt}]: Trying to replace byte ${i} of ${data.length}`);
    const orig = data[i]!;
    if ((CLEANSE_BYTES as readonly number[]).includes(orig)) continue;
    for (const b of CLEANSE_BYTES) {
      data[i] = b;
      await run(data);
    }
    data[i] = orig;
  }
}
