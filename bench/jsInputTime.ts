/**
 * What the inputs of JS corpora cost per call: each file of each corpus folder replayed through the
 * target's fuzz function, uninstrumented (the package as npm ships it), timed. Prints JSON: one
 * `{ dir, inputs: [{ file, size, us }] }` per folder, in the order given.
 *
 * Timing: 3 untimed rounds, then 7 timed ones; a round runs every input of every corpus
 * (interleaved by file name, so the JIT warms on all alike) in a batch of calls lasting about 1 ms
 * (sized from the round before); an input's cost is the median of its timed rounds' time per call.
 * A thrown exception is part of the call (the fuzz function's own handling decides what escapes).
 *
 * Runs on Bun and on Node (no Bun API, no import of the project): js.ts runs it on both, on Node
 * as Bun's transpiler's output (timeIn).
 *
 *   bun bench/jsInputTime.ts TARGET.cjs DIR...
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

/** One corpus input: its size, and what one call of the fuzz function with it costs. */
export interface InputCost {
  readonly file: string;
  /** Bytes. */
  readonly size: number;
  /** Median microseconds per call, uninstrumented (jsInputTime.ts). */
  us?: number;
  /** Loop iterations under bunfuzz's instrumentation (jsInputWork.ts). */
  work?: number;
}

/** The measurements of one corpus folder. */
export interface CorpusCost {
  readonly dir: string;
  readonly inputs: InputCost[];
}

export type FuzzFn = (data: Buffer) => unknown;

/** Untimed rounds first, so that every input runs jitted code when timed. */
const WARM_ROUNDS = 3;
const ROUNDS = 7;
/** Nanoseconds a timed batch aims at: long enough for the clock, short enough for 10 rounds of a few hundred inputs. */
const BATCH_NS = 1_000_000;

/** One call; an exception (a finding of the harness) is part of it. */
export function call(fuzz: FuzzFn, data: Buffer): void {
  try {
    fuzz(data);
  } catch {
    // measured all the same
  }
}

/** Every regular file of each folder (sorted by name) with its contents. */
export function loadCorpora(dirs: string[]): { cost: CorpusCost; data: Buffer[] }[] {
  return dirs.map((dir) => {
    const files = readdirSync(dir).filter((f) => !f.startsWith(".") && statSync(join(dir, f)).isFile()).sort();
    const data = files.map((f) => readFileSync(join(dir, f)));
    return { cost: { dir, inputs: files.map((file, i) => ({ file, size: data[i]!.length })) }, data };
  });
}

/** The target module's `fuzz` export (a CommonJS file, as Jazzer.js takes it). */
export function loadFuzz(target: string): FuzzFn {
  return (createRequire(import.meta.url)(resolve(target)) as { fuzz: FuzzFn }).fuzz;
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
}

function timeAll(fuzz: FuzzFn, corpora: { cost: CorpusCost; data: Buffer[] }[]): void {
  const all = corpora.flatMap((c) => c.data.map((d, i) => ({ d, input: c.cost.inputs[i]!, ns: [] as number[], batch: 1 })));
  all.sort((a, b) => a.input.file.localeCompare(b.input.file));
  for (let r = 0; r < WARM_ROUNDS + ROUNDS; r++) {
    for (const x of all) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < x.batch; i++) call(fuzz, x.d);
      const perCall = Number(process.hrtime.bigint() - t0) / x.batch;
      if (r >= WARM_ROUNDS) x.ns.push(perCall);
      x.batch = Math.max(1, Math.round(BATCH_NS / Math.max(1, perCall)));
    }
  }
  for (const x of all) x.input.us = medianOf(x.ns) / 1000;
}

// Node 20 has no import.meta.main: the script is the entry when its path is argv[1]'s.
const main = process.argv[1] !== undefined && resolve(process.argv[1]).replace(/\.[mc]?[jt]s$/, "") === new URL(import.meta.url).pathname.replace(/\.[mc]?[jt]s$/, "");
if (main) {
  const [target, ...dirs] = process.argv.slice(2);
  if (!target || dirs.length === 0) {
    console.error("usage: bun bench/jsInputTime.ts TARGET.cjs DIR...");
    process.exit(2);
  }
  const corpora = loadCorpora(dirs.map((d) => resolve(d)));
  timeAll(loadFuzz(target), corpora);
  console.log(JSON.stringify(corpora.map((c) => c.cost)));
}
