/**
 * What the string compare interceptors cost (native/intercept.c): the shim is preloaded into every
 * worker, so Bun's own memcmp/strcmp calls pass through its functions too. Each target runs the same
 * campaign (its seeds, dictionary, -seed, -runs) with the shim preloaded and with BUNFUZZ_INTERCEPT=0,
 * alternating, pinned to one CPU; the targets are `bunfuzz build` objects, whose own compares go
 * through --wrap either way, so both runs take the same path (the table checks ft:) and the
 * difference is the interceptors' alone. Time is CPU seconds of the worker and supervisor.
 *
 *   bun bench/intercept.ts [-targets=cjson:600000,libyaml:300000,libpng:200000] [-reps=4]
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { readTargetSpec } from "../targets/build/sources.ts";
import { buildTargetDir } from "../targets/build/targetDir.ts";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { CLI, CPU, freshCorpus, table } from "./lib.ts";

const argv = process.argv.slice(2);
const opt = (name: string, def: string) => argv.find((a) => a.startsWith(`-${name}=`))?.slice(name.length + 2) ?? def;
const TARGETS = opt("targets", "cjson:600000,libyaml:300000,libpng:200000").split(",").map((t) => t.split(":") as [string, string]);
const REPS = Number(opt("reps", "4"));

/** One campaign; CPU seconds (user + system of the supervisor and its worker) and the final ft:. */
function campaign(so: string, dir: string, runs: string, intercept: boolean): { cpu: number; ft: number } {
  const spec = readTargetSpec(dir);
  const corpus = freshCorpus(spec.seeds);
  const args = [CLI, "fuzz", so, corpus, "-seed=1", `-runs=${runs}`, ...(spec.dict ? [`-dict=${spec.dict}`] : [])];
  const script = `${process.execPath} ${args.map((a) => `'${a}'`).join(" ")} 2>&1 | grep DONE; times`;
  const r = Bun.spawnSync(["taskset", "-c", CPU, "bash", "-c", script], {
    env: { ...process.env, BUNFUZZ_INTERCEPT: intercept ? "1" : "0" }, stdout: "pipe", stderr: "pipe",
  });
  rmSync(join(corpus, ".."), { recursive: true, force: true });
  const out = r.stdout.toString();
  // `times` prints the shell's own times, then its children's: "0m1.234s 0m0.123s".
  const child = out.trim().split("\n").at(-1)!.match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
  const cpu = child ? Number(child[1]) * 60 + Number(child[2]) + Number(child[3]) * 60 + Number(child[4]) : NaN;
  return { cpu, ft: Number(/ft: (\d+)/.exec(out)?.[1] ?? NaN) };
}

const rows: (string | number)[][] = [];
for (const [name, runs] of TARGETS) {
  const dir = join(PROJECT_ROOT, "targets/c", name);
  const so = buildTargetDir(dir, { quiet: true, asan: false }).so;
  const on: number[] = [], off: number[] = [];
  const fts = new Set<number>();
  for (let i = 0; i < REPS; i++) {
    const a = campaign(so, dir, runs, true), b = campaign(so, dir, runs, false);
    on.push(a.cpu);
    off.push(b.cpu);
    fts.add(a.ft).add(b.ft);
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  rows.push([name, runs, on.map((x) => x.toFixed(2)).join(" "), off.map((x) => x.toFixed(2)).join(" "), (mean(on) / mean(off)).toFixed(3), [...fts].join("/")]);
  process.stderr.write(`bench: ${name} done\n`);
}
console.log(table(["target", "runs", "CPU s, interceptors preloaded", "CPU s, BUNFUZZ_INTERCEPT=0", "ratio (means)", "ft: (same path)"], rows));
