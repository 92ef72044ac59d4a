/**
 * The prefix-snapshot stage (-prefix_snapshots=1) on and off on a real stateful target:
 * - alasql: AlaSQL (pinned in package.json), an SQL engine in pure JS, driven by SQL statements
 *   (targets/js/alasql/fuzz.ts): schema and inserts make an expensive prefix (each statement parsed
 *   and compiled), and a snapshot restores for a fraction of it.
 * - immutable: Immutable.js (pinned) driven by operations on persistent collections
 *   (targets/js/immutable/fuzz.ts), whose snapshot costs nothing to restore.
 * Per seed, the two campaigns run at once on CPUs 0 and 1 (swapped every seed), so both see the
 * same load; -paired=0 runs them one after the other on BENCH_CPU. With -against=REF the two are
 * this checkout and git revision REF, both with the stage on (a change to the stage's constants).
 * Coverage is counted engine-neutrally: the corpus at each -snapAt time (a copy taken then) and at the
 * end is replayed by a plain run of this checkout (`-runs=0`, stage off), whose INITED line gives
 * edges (cov) and features (ft); the stage's suffix runs count as executions in exec/s.
 *
 * The campaigns need the cores, the replays do not: -keep=DIR runs the campaigns only and keeps
 * their corpora and output in DIR (run that in a quiet window), -from=DIR replays and tabulates.
 *
 *   bun bench/prefixSnapshots.ts [-target=alasql] [-seeds=3] [-seed0=1] [-time=300] [-snapAt=60[,S...]] [-paired=1] [-against=REF] [-keep=DIR | -from=DIR]
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { campaign, checkoutOf, CLI, flag, freshCorpus, inCheckout, initedCoverage, median, ratio, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const text = (name: string): string | undefined => argv.find((a) => a.startsWith(`-${name}=`))?.slice(name.length + 2);
const SEEDS = flag(argv, "seeds", 3), SEED0 = flag(argv, "seed0", 1), T = flag(argv, "time", 300);
/** Seconds at which each campaign's corpus is copied for a replay (-snapAt=60, or a list: -snapAt=10,20,30). */
const SNAPS = (text("snapAt") ?? "60").split(",").map(Number);
const PAIRED = flag(argv, "paired", 1) === 1, AGAINST = text("against"), KEEP = text("keep"), FROM = text("from");
/**
 * Each target and the flags its campaigns take. AlaSQL compiles every statement into a JavaScript
 * function (new Function) with the statement's literals in it, so a string literal holding the
 * remote-code-execution detector's canary reads as code execution to it: that detector stays off.
 */
const TARGETS: Record<string, { path: string; flags: string[] }> = {
  alasql: { path: "targets/js/alasql/fuzz.ts", flags: ["-disable_bug_detectors=remote-code-execution"] },
  immutable: { path: "targets/js/immutable/fuzz.ts", flags: [] },
};
const NAME = text("target") ?? "alasql";
if (!TARGETS[NAME]) throw new Error(`-target=${NAME}: one of ${Object.keys(TARGETS).join(", ")}`);
const TARGET = join(PROJECT_ROOT, TARGETS[NAME]!.path), TARGET_FLAGS = TARGETS[NAME]!.flags;
const seeds = Array.from({ length: SEEDS }, (_, i) => i + SEED0);
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** A labelled configuration: extra flags, and the checkout whose CLI runs (this one when absent). */
type Config = [label: string, flags: string[], root?: string];
const configs: Config[] = AGAINST
  ? [[`on @${AGAINST}`, ["-prefix_snapshots=1"], checkoutOf(AGAINST)], ["on (this checkout)", ["-prefix_snapshots=1"]]]
  : [["off", ["-prefix_snapshots=0"]], ["on", ["-prefix_snapshots=1"]]];

/** Edges and features a plain run of the corpus reaches (its seed phase). */
function replay(corpus: string): { cov: number; ft: number } {
  if (!existsSync(corpus)) return { cov: NaN, ft: NaN };
  const r = Bun.spawnSync([process.execPath, CLI, "fuzz", TARGET, "-runs=0", "-prefix_snapshots=0", ...TARGET_FLAGS, corpus], { cwd: join(corpus, ".."), stdout: "pipe", stderr: "pipe" });
  return initedCoverage(r.stderr.toString());
}

/** Where one campaign's corpus, its copy at SNAP s and its output are kept (-keep, -from). */
const keptDir = (root: string, seed: number, i: number) => join(root, `seed${seed}-${i}`);

/** Runs one campaign; returns the directory holding corpus/, corpus-snap/ and out.txt. */
async function run(seed: number, [label, flags, root]: Config, i: number, cpu?: string): Promise<string> {
  log(`${NAME} seed ${seed} ${label} ${T}s${cpu ? ` on CPU ${cpu}` : ""}`);
  const corpus = freshCorpus(), dir = join(corpus, "..");
  const cmd = [process.execPath, CLI, "fuzz", TARGET, corpus, `-max_total_time=${T}`, `-seed=${seed}`, "-print_final_stats=1",
    `-artifact_prefix=${dir}/`, ...TARGET_FLAGS, ...flags];
  const r = await campaign(root ? inCheckout(cmd, root) : cmd, corpus, SNAPS, cpu);
  writeFileSync(join(dir, "out.txt"), `${r.out}\nexit ${r.code}\n`);
  if (!KEEP) return dir;
  const kept = keptDir(KEEP, seed, i);
  rmSync(kept, { recursive: true, force: true });
  mkdirSync(KEEP, { recursive: true });
  renameSync(dir, kept);
  return kept;
}

interface Cell { execPerSec: number; at: { cov: number; ft: number }[]; atEnd: { cov: number; ft: number }; snaps: string; code: number }
function measure(dir: string): Cell {
  const out = readFileSync(join(dir, "out.txt"), "utf8");
  const m = /INFO: prefix snapshots: (\d+) taken, (\d+) suffix runs/.exec(out);
  // A campaign kept with one -snapAt before lists were taken has its copy in corpus-snap.
  const copy = (t: number) => existsSync(join(dir, `corpus-snap-${t}`)) ? join(dir, `corpus-snap-${t}`) : join(dir, "corpus-snap");
  return {
    execPerSec: stat(out, "average_exec_per_sec"), at: SNAPS.map((t) => replay(copy(t))), atEnd: replay(join(dir, "corpus")),
    snaps: m ? `${m[1]} / ${m[2]}` : "-", code: Number(/exit (-?\d+)\s*$/.exec(out)?.[1] ?? NaN),
  };
}

const cells: Cell[][] = configs.map(() => []);
const rows: (string | number)[][] = [];
for (const seed of seeds) {
  let dirs: string[];
  if (FROM) dirs = configs.map((_, i) => keptDir(FROM, seed, i));
  else if (PAIRED) dirs = await Promise.all(configs.map((c, i) => run(seed, c, i, String((i + seed) % 2))));
  else {
    dirs = [];
    for (const [i, c] of configs.entries()) dirs.push(await run(seed, c, i));
  }
  if (KEEP) continue;
  for (const [i, dir] of dirs.entries()) {
    const c = measure(dir);
    cells[i]!.push(c);
    rows.push([seed, configs[i]![0], c.execPerSec, ...c.at.map((x) => `${x.cov} / ${x.ft}`), `${c.atEnd.cov} / ${c.atEnd.ft}`, c.snaps, c.code === 0 ? "" : `exit ${c.code}`]);
    if (!FROM) rmSync(dir, { recursive: true, force: true });
  }
}
if (KEEP) {
  log(`kept in ${KEEP}; tabulate with: bun bench/prefixSnapshots.ts ${argv.filter((a) => !a.startsWith("-keep=")).join(" ")} -from=${KEEP}`);
  process.exit(0);
}
const med = (i: number, f: (c: Cell) => number) => median(cells[i]!.map(f));
const summary = configs.map(([label], i) => [label, med(i, (c) => c.execPerSec), ...SNAPS.map((_, k) => med(i, (c) => c.at[k]!.cov)), med(i, (c) => c.atEnd.cov), med(i, (c) => c.atEnd.ft)]);
const per = (f: (c: Cell) => number) => seeds.map((_, k) => ratio(f(cells[1]![k]!), f(cells[0]![k]!))).join(" / ");
const b = configs[1]![0], a = configs[0]![0];
const out = [
  `# Prefix snapshots on ${NAME} (${new Date().toISOString().slice(0, 10)})`,
  `command: bun bench/prefixSnapshots.ts ${argv.join(" ")}`.trim(), "",
  `## Per seed: exec/s, edges / features of the corpus replayed plainly at ${SNAPS.join(", ")} s and at ${T} s, snapshots taken / suffix runs`, "",
  table(["seed", "config", "exec/s", ...SNAPS.map((t) => `cov / ft at ${t} s`), `cov / ft at ${T} s`, "snapshots / suffix runs", "note"], rows), "",
  `## Medians over seeds ${seeds.join(",")}${PAIRED ? ", both configurations at once, one core each" : ", one core"}`, "",
  table(["config", "exec/s", ...SNAPS.map((t) => `cov at ${t} s`), `cov at ${T} s`, `ft at ${T} s`], summary), "",
  `${b} / ${a} per seed: exec/s ${per((c) => c.execPerSec)}; ${SNAPS.map((t, k) => `cov at ${t} s ${per((c) => c.at[k]!.cov)}`).join("; ")}; cov at ${T} s ${per((c) => c.atEnd.cov)}`, "",
].join("\n");
process.stdout.write(out);
writeFileSync(join(import.meta.dir, "results/prefix-snapshots-latest.md"), out);
