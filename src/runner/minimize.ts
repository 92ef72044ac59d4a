import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tryWriteArtifact } from "../findings/artifact.ts";
import { INTERRUPT_EXIT } from "../findings/exitCodes.ts";
import { ENGINE_EXIT, EngineError } from "../findings/errors.ts";
import type { Finding } from "../findings/finding.ts";
import { sha1Hex } from "../util/sha1.ts";
import { runWorker, type Campaign } from "./supervisor.ts";
import { writeStderr } from "../util/stderr.ts";

/** Executions per minimization step when -runs is not given. A guess, as libFuzzer's own is. */
const DEFAULT_STEP_RUNS = 100_000;

function sameWay(a: Finding, b: Finding): boolean {
  return a.kind === b.kind && (a.kind !== "crash" || a.signal === b.signal);
}

/**
 * `-minimize_crash=1 FILE`, after libFuzzer: each step fuzzes the crashing input (without
 * rerunning it) with -max_len one byte shorter than it, so only shrinking mutations apply; a crash
 * of the same kind (and signal) is smaller and becomes the next step's input. It stops when a step finds none, or at -max_total_time, and writes
 * `<artifact_prefix>minimized-from-<sha1>` (or -exact_artifact_path).
 */
export async function superviseMinimize(c: Campaign, file: string): Promise<number> {
  const log = (s: string) => writeStderr(`${s}\n`);
  const o = c.config.options;
  let cur: Uint8Array = readFileSync(file);
  log(`CRASH_MIN: minimizing crash input: '${file}' (${cur.length} bytes)`);
  const first = await runWorker({ ...c, config: { ...c.config, mode: "run", files: [file] } });
  if (first.kind === "engine") return first.code;
  if (first.kind === "interrupted") return INTERRUPT_EXIT;
  if (first.kind !== "finding") throw new EngineError("input", `${file} does not crash the target: -minimize_crash needs a crashing input`);
  const want = first.finding;
  const t0 = Date.now();
  let interrupted = false;
  const dir = mkdtempSync(join(tmpdir(), "bunfuzz-min-"));
  try {
    for (let step = 1; cur.length > 1; step++) {
      const left = o.max_total_time ? o.max_total_time - Math.floor((Date.now() - t0) / 1000) : 0;
      if (o.max_total_time && left <= 0) break;
      const corpus = join(dir, `step-${step}`);
      const seed = join(dir, `seed-${step}`);
      mkdirSync(corpus);
      writeFileSync(seed, cur);
      const out = await runWorker({
        ...c,
        config: {
          ...c.config,
          mode: "fuzz",
          corpusDirs: [corpus],
          seedDirs: [],
          minimizeFrom: seed,
          files: [],
          maxLen: cur.length - 1,
          seed: c.config.seed + step,
          options: { ...o, runs: o.runs > 0 ? o.runs : DEFAULT_STEP_RUNS, len_control: 0, max_total_time: left, minimize_crash: 0 },
        },
      });
      if (out.kind === "engine") return out.code;
      if (out.kind === "interrupted") { interrupted = true; break; } // keep the smallest crash found so far
      if (out.kind !== "finding" || !sameWay(out.finding, want) || out.finding.input.length >= cur.length) break;
      cur = out.finding.input;
      log(`CRASH_MIN: '${file}' (${cur.length} bytes) caused a crash. Will try to minimize it further`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const path = o.exact_artifact_path || `${o.artifact_prefix || "./"}minimized-from-${sha1Hex(cur)}`;
  const failed = tryWriteArtifact(path, cur);
  if (failed) {
    log(`bunfuzz: error: could not write ${path}: ${failed}; the minimized input (${cur.length} bytes) as Base64: ${Buffer.from(cur).toString("base64")}`);
    return ENGINE_EXIT.io;
  }
  log(`CRASH_MIN: failed to minimize beyond ${path} (${cur.length} bytes), exiting`);
  return interrupted ? INTERRUPT_EXIT : 0;
}
