/**
 * What the inputs of JS corpora cost per call: each file of each corpus folder replayed through the
 * target's fuzz function, uninstrumented (the plain package as npm ships it), timed; or, with
 * `-work=PACKAGE`, through bunfuzz's instrumentation of PACKAGE, counting each input's loop
 * iterations (the unit of bunfuzz's cost scaling, src/instrument/README.md "Work"). Prints JSON:
 * one `{ dir, inputs: [{ file, size, us | work }] }` per folder, in the order given.
 *
 * Timing: 3 untimed rounds, then 7 timed ones; a round runs every input of every corpus
 * (interleaved, so the JIT warms on all alike) in a batch of calls lasting about 1 ms (sized from
 * the round before); an input's cost is the median of its timed rounds' time per call. A thrown exception is part of the call (the fuzz
 * function's own handling decides what escapes).
 *
 *   bun bench/jsInputCost.ts TARGET.cjs DIR... [-work=PACKAGE]
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { executionWork, nextExecution, registerInstrumentation } from "../src/instrument/index.ts";
import { MemorySink } from "../src/instrument/memorySink.ts";
import { median } from "./lib.ts";

/** One corpus input's measurement: `us` (median microseconds per call) or `work` (loop iterations). */
export interface InputCost {
  readonly file: string;
  /** Bytes. */
  readonly size: number;
  us?: number;
  work?: number;
}

/** The measurements of one corpus folder. */
export interface CorpusCost {
  readonly dir: string;
  readonly inputs: InputCost[];
}

const ROUNDS = 7;
/** Untimed rounds first, so that every input runs jitted code when timed. */
const WARM_ROUNDS = 3;
/** Nanoseconds a timed batch aims at: long enough for the clock, short enough for 7 rounds of a few hundred inputs. */
const BATCH_NS = 1_000_000;

function call(fuzz: (d: Buffer) => unknown, data: Buffer): void {
  try {
    fuzz(data);
  } catch {
    // a finding of the harness: the call's cost is measured all the same
  }
}

function loadCorpora(dirs: string[]): { cost: CorpusCost; data: Buffer[] }[] {
  return dirs.map((dir) => {
    const files = readdirSync(dir).filter((f) => !f.startsWith(".") && statSync(join(dir, f)).isFile()).sort();
    const data = files.map((f) => readFileSync(join(dir, f)));
    return { cost: { dir, inputs: files.map((file, i) => ({ file, size: data[i]!.length })) }, data };
  });
}

function timeAll(fuzz: (d: Buffer) => unknown, corpora: { cost: CorpusCost; data: Buffer[] }[]): void {
  const all = corpora.flatMap((c) => c.data.map((d, i) => ({ d, input: c.cost.inputs[i]!, ns: [] as number[], batch: 1 })));
  // Interleave the corpora so that neither is timed while the JIT or the GC is in another state.
  all.sort((a, b) => a.input.file.localeCompare(b.input.file));
  for (let r = 0; r < WARM_ROUNDS + ROUNDS; r++) {
    for (const x of all) {
      const t0 = Bun.nanoseconds();
      for (let i = 0; i < x.batch; i++) call(fuzz, x.d);
      const perCall = (Bun.nanoseconds() - t0) / x.batch;
      if (r >= WARM_ROUNDS) x.ns.push(perCall);
      x.batch = Math.max(1, Math.round(BATCH_NS / Math.max(1, perCall)));
    }
  }
  for (const x of all) x.input.us = median(x.ns) / 1000;
}

function countWork(fuzz: (d: Buffer) => unknown, corpora: { cost: CorpusCost; data: Buffer[] }[]): void {
  for (const c of corpora) {
    c.data.forEach((d, i) => {
      nextExecution();
      call(fuzz, d);
      c.cost.inputs[i]!.work = executionWork();
    });
  }
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const workPackage = args.find((a) => a.startsWith("-work="))?.slice("-work=".length);
  const [target, ...dirs] = args.filter((a) => !a.startsWith("-"));
  if (!target || dirs.length === 0) {
    console.error("usage: bun bench/jsInputCost.ts TARGET.cjs DIR... [-work=PACKAGE]");
    process.exit(2);
  }
  if (workPackage) registerInstrumentation({ packages: [workPackage], sink: new MemorySink(), cacheDir: false });
  const fuzz = (require(resolve(target)) as { fuzz: (d: Buffer) => unknown }).fuzz;
  const corpora = loadCorpora(dirs.map((d) => resolve(d)));
  if (workPackage) countWork(fuzz, corpora);
  else timeAll(fuzz, corpora);
  console.log(JSON.stringify(corpora.map((c) => c.cost)));
}
