/**
 * bunfuzz against Jazzer.js on the same JS targets (targets/js/<lib>/fuzz.cjs: Jazzer.js-style
 * CommonJS files both run unchanged), same seeds, same budget, one core, alternating. bunfuzz runs
 * on Bun with -keep_going (a finding does not end its campaign); Jazzer.js runs on Node with
 * --sync and stops at its first finding (noted in the table). Branches are counted
 * engine-neutrally: each final corpus is replayed through bunfuzz's instrumentation (-runs=0).
 * A second table gives what the inputs each engine kept cost per call: both final corpora replayed
 * through the plain (uninstrumented) package on Bun, timed (bench/jsInputCost.ts), with their sizes
 * and loop iterations (bunfuzz's unit of cost).
 *
 *   bun bench/js.ts [-time=60] [-seed=1] [-targets=toml,csv,png,jpeg]
 */
import { cpSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { runJazzer } from "./jazzer/run.ts";
import type { CorpusCost } from "./jsInputCost.ts";
import { CLI, CPU, flag, initedCoverage, median, pinned, ratio, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const T = flag(argv, "time", 60), SEED = flag(argv, "seed", 1);
const TARGETS = (argv.find((a) => a.startsWith("-targets="))?.split("=")[1] ?? "toml,csv,png,jpeg").split(",");
const PACKAGES: Record<string, string> = { toml: "smol-toml", csv: "papaparse", png: "pngjs", jpeg: "jpeg-js" };
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

function corpusWithSeeds(dir: string): string {
  const root = mkdtempSync(join(tmpdir(), "bunfuzz-jsbench-"));
  const corpus = join(root, "corpus");
  mkdirSync(corpus);
  cpSync(join(dir, "seeds"), corpus, { recursive: true });
  return corpus;
}

/** Branches a corpus reaches under bunfuzz's instrumentation. */
function replay(target: string, instrument: string, corpus: string): number {
  const r = pinned([process.execPath, CLI, "fuzz", target, corpus, "-runs=0", instrument, "-keep_going=1"], PROJECT_ROOT);
  return initedCoverage(r.out).cov;
}

/** Each corpus's inputs' cost (bench/jsInputCost.ts): microseconds per plain call, or with `work` loop iterations. */
function inputCost(target: string, corpora: string[], workPackage?: string): CorpusCost[] {
  const r = pinned([process.execPath, join(import.meta.dir, "jsInputCost.ts"), target, ...corpora, ...(workPackage ? [`-work=${workPackage}`] : [])], PROJECT_ROOT);
  if (r.code !== 0) throw new Error(`jsInputCost.ts failed (exit ${r.code}):\n${r.out}`);
  return JSON.parse(r.stdout) as CorpusCost[];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
/** "median / mean" of one measure over a corpus. */
const medMean = (xs: number[]) => `${fmt(median(xs))} / ${fmt(mean(xs))}`;

const rows: (string | number)[][] = [];
const costRows: (string | number)[][] = [];
for (const name of TARGETS) {
  const dir = join(PROJECT_ROOT, "targets/js", name);
  const target = join(dir, "fuzz.cjs");
  const pkg = PACKAGES[name]!;
  const instrument = `-instrument=${pkg},${dir}/`;
  log(`${name}: Jazzer.js ${T}s`);
  const jzCorpus = corpusWithSeeds(dir);
  // Node names modules by their real paths: through a symlinked node_modules (a git worktree) an
  // include that is not real matches nothing and Jazzer.js runs uninstrumented (measured: 3x its exec/s).
  const jz = await runJazzer({ target, include: [realpathSync(join(PROJECT_ROOT, "node_modules", pkg)) + "/", `${realpathSync(dir)}/`], seconds: T, seed: SEED, corpus: jzCorpus, cpu: Number(CPU) });
  log(`${name}: bunfuzz ${T}s`);
  const bfCorpus = corpusWithSeeds(dir);
  const bf = pinned([process.execPath, CLI, "fuzz", target, bfCorpus, instrument, `-max_total_time=${T}`, `-seed=${SEED}`, "-keep_going=1",
    "-print_final_stats=1", `-artifact_prefix=${bfCorpus}/../`], PROJECT_ROOT);
  const bfEps = stat(bf.out, "average_exec_per_sec");
  const jzStopped = jz.exitCode !== 0 ? ` (stopped by a finding at ${(jz.crashSeconds ?? jz.seconds).toFixed(0)}s)` : "";
  const bfFindings = /(\d+) distinct finding/.exec(bf.out)?.[1] ?? "0";
  const covJ = replay(target, instrument, jzCorpus), covB = replay(target, instrument, bfCorpus);
  rows.push([name, pkg, `${jz.execPerSec}${jzStopped}`, bfEps, ratio(bfEps, jz.execPerSec), covJ, covB, ratio(covB, covJ), bfFindings]);
  log(`${name}: the inputs' cost (Jazzer.js ${jzCorpus}, bunfuzz ${bfCorpus})`);
  const [usJ, usB] = inputCost(target, [jzCorpus, bfCorpus]).map((c) => c.inputs.map((i) => i.us!));
  const [workJ, workB] = inputCost(target, [jzCorpus, bfCorpus], pkg);
  for (const [engine, us, w] of [["Jazzer.js", usJ!, workJ!], ["bunfuzz", usB!, workB!]] as const) {
    costRows.push([name, engine, us.length, medMean(w.inputs.map((i) => i.size)), medMean(w.inputs.map((i) => i.work!)), medMean(us)]);
  }
  costRows.push([name, "bunfuzz / Jazzer.js", ratio(usB!.length, usJ!.length), "", "", `${ratio(median(usB!), median(usJ!))} / ${ratio(mean(usB!), mean(usJ!))}`]);
}

const text = [
  `# bunfuzz vs Jazzer.js (${new Date().toISOString().slice(0, 10)})`,
  `command: bun bench/js.ts -time=${T} -seed=${SEED} -targets=${TARGETS.join(",")}`,
  "",
  table(["target", "package", "Jazzer.js exec/s", "bunfuzz exec/s", "exec/s ratio", `Jazzer.js branches @${T}s`, `bunfuzz branches @${T}s`, "branch ratio", "bunfuzz distinct findings"], rows),
  "",
  "The inputs each engine kept, replayed through the plain package on Bun (median / mean over the corpus):",
  "",
  table(["target", "engine", "inputs", "bytes", "loop iterations", "us per call"], costRows),
  "",
].join("\n");
process.stdout.write(text);
writeFileSync(join(import.meta.dir, "results", "js-latest.md"), text);
