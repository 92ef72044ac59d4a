/**
 * bunfuzz against Jazzer.js on the same JS targets (targets/js/<lib>/fuzz.cjs: Jazzer.js-style
 * CommonJS files both run unchanged), same seeds, same budget, one core, alternating. bunfuzz runs
 * on Bun with -keep_going (a finding does not end its campaign); Jazzer.js runs on Node with
 * --sync and stops at its first finding (noted in the table). Branches are counted
 * engine-neutrally: each final corpus is replayed through bunfuzz's instrumentation (-runs=0).
 * A second table gives what the inputs each engine kept cost per call: both final corpora replayed
 * through the plain (uninstrumented) package, timed on Bun and on Node (bench/jsInputTime.ts), with
 * their sizes and loop iterations (bunfuzz's unit of cost; bench/jsInputWork.ts).
 *
 *   bun bench/js.ts [-time=60] [-seed=1] [-targets=toml,csv,png,jpeg]
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { jazzerNode, runJazzer } from "./jazzer/run.ts";
import type { CorpusCost } from "./jsInputTime.ts";
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

/** Bun's transpiler's output of jsInputTime.ts, which Node runs (Node 20 runs no TypeScript). */
function nodeScript(): string {
  const out = join(mkdtempSync(join(tmpdir(), "bunfuzz-jsbench-")), "jsInputTime.mjs");
  writeFileSync(out, new Bun.Transpiler({ loader: "ts" }).transformSync(readFileSync(join(import.meta.dir, "jsInputTime.ts"), "utf8")));
  return out;
}

/** Runs a jsInputTime.ts / jsInputWork.ts command pinned and parses its JSON. */
function inputCost(argv: string[]): CorpusCost[] {
  const r = pinned(argv, PROJECT_ROOT);
  if (r.code !== 0) throw new Error(`${argv.join(" ")} failed (exit ${r.code}):\n${r.out}`);
  return JSON.parse(r.stdout) as CorpusCost[];
}

/** Per corpus: microseconds per plain call on Bun and on Node, and bunfuzz's loop iterations per input. */
function costs(target: string, pkg: string, corpora: string[]): { bun: number[]; node: number[]; cost: CorpusCost }[] {
  const bun = inputCost([process.execPath, join(import.meta.dir, "jsInputTime.ts"), target, ...corpora]);
  const node = inputCost([jazzerNode(), nodeScript(), target, ...corpora]);
  const work = inputCost([process.execPath, join(import.meta.dir, "jsInputWork.ts"), target, pkg, ...corpora]);
  return work.map((cost, i) => ({ cost, bun: bun[i]!.inputs.map((x) => x.us!), node: node[i]!.inputs.map((x) => x.us!) }));
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
  const [cJ, cB] = costs(target, pkg, [jzCorpus, bfCorpus]);
  for (const [engine, c] of [["Jazzer.js", cJ!], ["bunfuzz", cB!]] as const) {
    costRows.push([name, engine, c.bun.length, medMean(c.cost.inputs.map((i) => i.size)), medMean(c.cost.inputs.map((i) => i.work!)), medMean(c.bun), medMean(c.node)]);
  }
  const ratios = (b: number[], j: number[]) => `${ratio(median(b), median(j))} / ${ratio(mean(b), mean(j))}`;
  costRows.push([name, "bunfuzz / Jazzer.js", ratio(cB!.bun.length, cJ!.bun.length), ratios(cB!.cost.inputs.map((i) => i.size), cJ!.cost.inputs.map((i) => i.size)),
    ratios(cB!.cost.inputs.map((i) => i.work!), cJ!.cost.inputs.map((i) => i.work!)), ratios(cB!.bun, cJ!.bun), ratios(cB!.node, cJ!.node)]);
}

const text = [
  `# bunfuzz vs Jazzer.js (${new Date().toISOString().slice(0, 10)})`,
  `command: bun bench/js.ts -time=${T} -seed=${SEED} -targets=${TARGETS.join(",")}`,
  "",
  table(["target", "package", "Jazzer.js exec/s", "bunfuzz exec/s", "exec/s ratio", `Jazzer.js branches @${T}s`, `bunfuzz branches @${T}s`, "branch ratio", "bunfuzz distinct findings"], rows),
  "",
  "The inputs each engine kept, replayed through the plain package (median / mean over the corpus; loop iterations counted by bunfuzz's instrumentation):",
  "",
  table(["target", "engine", "inputs", "bytes", "loop iterations", "us per call, Bun", "us per call, Node"], costRows),
  "",
].join("\n");
process.stdout.write(text);
writeFileSync(join(import.meta.dir, "results", "js-latest.md"), text);
