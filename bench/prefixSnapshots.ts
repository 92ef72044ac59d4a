/**
 * The prefix-snapshot stage (-prefix_snapshots=1) on and off on a real stateful target: Immutable.js
 * (pinned in package.json) driven by operations on persistent collections
 * (targets/js/immutable/fuzz.ts, a stateful() Smith harness whose snapshot costs nothing to restore).
 * One core (taskset, BENCH_CPU); per seed, the two campaigns run one after the other. Coverage is
 * counted engine-neutrally: the corpus at 60 s (a copy taken then) and at the end is replayed by
 * a plain run (`-runs=0`, stage off), whose INITED line gives edges (cov) and features (ft); the
 * stage's suffix runs count as executions in exec/s.
 *
 *   bun bench/prefixSnapshots.ts [-seeds=3] [-seed0=1] [-time=300] [-snapAt=60]
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { campaign, CLI, flag, freshCorpus, initedCoverage, median, ratio, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const SEEDS = flag(argv, "seeds", 3), SEED0 = flag(argv, "seed0", 1), T = flag(argv, "time", 300), SNAP = flag(argv, "snapAt", 60);
const TARGET = join(PROJECT_ROOT, "targets/js/immutable/fuzz.ts");
const seeds = Array.from({ length: SEEDS }, (_, i) => i + SEED0);
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** Edges and features a plain run of the corpus reaches (its seed phase). */
function replay(corpus: string): { cov: number; ft: number } {
  const r = Bun.spawnSync([process.execPath, CLI, "fuzz", TARGET, "-runs=0", "-prefix_snapshots=0", corpus], { cwd: join(corpus, ".."), stdout: "pipe", stderr: "pipe" });
  return initedCoverage(r.stderr.toString());
}

interface Cell { execPerSec: number; at60: { cov: number; ft: number }; atEnd: { cov: number; ft: number }; snaps: string; code: number }
const cells: Record<"off" | "on", Cell[]> = { off: [], on: [] };
const rows: (string | number)[][] = [];
for (const seed of seeds) {
  for (const mode of ["off", "on"] as const) {
    log(`seed ${seed} stage ${mode} ${T}s`);
    const corpus = freshCorpus();
    const cmd = [process.execPath, CLI, "fuzz", TARGET, corpus, `-max_total_time=${T}`, `-seed=${seed}`, "-print_final_stats=1",
      `-artifact_prefix=${corpus}/../`, `-prefix_snapshots=${mode === "on" ? 1 : 0}`];
    const r = await campaign(cmd, corpus, SNAP);
    const m = /INFO: prefix snapshots: (\d+) taken, (\d+) suffix runs/.exec(r.out);
    const c: Cell = {
      execPerSec: stat(r.out, "average_exec_per_sec"), at60: r.snap ? replay(r.snap) : { cov: NaN, ft: NaN }, atEnd: replay(corpus),
      snaps: m ? `${m[1]} / ${m[2]}` : "-", code: r.code,
    };
    cells[mode].push(c);
    rows.push([seed, mode, c.execPerSec, `${c.at60.cov} / ${c.at60.ft}`, `${c.atEnd.cov} / ${c.atEnd.ft}`, c.snaps, c.code === 0 ? "" : `exit ${c.code}`]);
    rmSync(join(corpus, ".."), { recursive: true, force: true });
  }
}
const med = (mode: "off" | "on", f: (c: Cell) => number) => median(cells[mode].map(f));
const summary = (["off", "on"] as const).map((mode) => [mode, med(mode, (c) => c.execPerSec), med(mode, (c) => c.at60.cov), med(mode, (c) => c.at60.ft), med(mode, (c) => c.atEnd.cov), med(mode, (c) => c.atEnd.ft)]);
const on = summary[1]!, off = summary[0]!;
const out = [
  `# Prefix snapshots on Immutable.js (${new Date().toISOString().slice(0, 10)})`,
  `command: bun bench/prefixSnapshots.ts ${argv.join(" ")}`.trim(), "",
  `## Per seed: exec/s, edges / features of the corpus replayed plainly at ${SNAP} s and at ${T} s, snapshots taken / suffix runs`, "",
  table(["seed", "stage", "exec/s", `cov / ft at ${SNAP} s`, `cov / ft at ${T} s`, "snapshots / suffix runs", "note"], rows), "",
  `## Medians over seeds ${seeds.join(",")}`, "",
  table(["stage", "exec/s", `cov at ${SNAP} s`, `ft at ${SNAP} s`, `cov at ${T} s`, `ft at ${T} s`], summary), "",
  `on/off: exec/s ${ratio(Number(on[1]), Number(off[1]))}, cov at ${SNAP} s ${ratio(Number(on[2]), Number(off[2]))}, cov at ${T} s ${ratio(Number(on[4]), Number(off[4]))}, ft at ${T} s ${ratio(Number(on[5]), Number(off[5]))}`, "",
].join("\n");
process.stdout.write(out);
writeFileSync(join(import.meta.dir, "results/prefix-snapshots-latest.md"), out);
