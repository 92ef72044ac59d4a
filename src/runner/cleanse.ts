import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeArtifact } from "../findings/artifact.ts";
import { EngineError } from "../findings/errors.ts";
import { INTERRUPT_EXIT } from "../findings/exitCodes.ts";
import { writeStderr } from "../util/stderr.ts";
import { runWorker, type Campaign } from "./supervisor.ts";

/** Passes over the input (libFuzzer's NumAttempts): a pass that replaces nothing ends it earlier. */
const PASSES = 5;

/**
 * `-cleanse_crash=1 -exact_artifact_path=OUT FILE`, as libFuzzer's CleanseCrashInput: the crashing
 * input's bytes are replaced by ' ' or 0xff wherever the target still fails with the replacement,
 * so what is left of the original are the bytes the crash needs. Each replacement that keeps the
 * failure is written to OUT at once (atomically), as libFuzzer writes it; an input none of whose
 * replacements fails leaves OUT unwritten, as in libFuzzer. Workers run with their output silenced
 * (libFuzzer sends its children's to /dev/null): the failures are the expected outcome here.
 */
export async function superviseCleanse(c: Campaign, file: string): Promise<number> {
  const out = c.config.options.exact_artifact_path;
  if (!out) throw new EngineError("usage", "-cleanse_crash=1 needs one input file and -exact_artifact_path=OUT (where the cleansed input goes)");
  const log = (s: string) => writeStderr(`${s}\n`);
  let cur = new Uint8Array(readFileSync(file));
  const dir = mkdtempSync(join(tmpdir(), "bunfuzz-cleanse-"));
  const current = join(dir, "input");
  try {
    for (let attempt = 0; attempt < PASSES; attempt++) {
      let changed = false;
      for (let start = 0; start < cur.length;) {
        writeFileSync(current, cur);
        const end = await runWorker({
          ...c,
          config: {
            ...c.config, mode: "cleanse", files: [current], cleanse: { start, attempt },
            options: { ...c.config.options, close_fd_mask: 3, verbosity: 0 },
          },
        });
        if (end.kind === "engine") return end.code;
        if (end.kind === "interrupted") return INTERRUPT_EXIT;
        if (end.kind === "ok") break;
        const next = end.finding.input;
        const at = next.length === cur.length ? next.findIndex((b, i) => b !== cur[i]) : -1;
        if (at < start) break; // failed on something other than a replacement (its own state): no byte to keep
        cur = new Uint8Array(next);
        changed = true;
        log(`CLEANSE: Replaced byte ${at} with 0x${cur[at]!.toString(16)}`);
        writeArtifact(out, cur);
        start = at + 1;
      }
      if (!changed) break;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}
