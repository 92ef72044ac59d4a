/**
 * The entropic schedule's cost scaling on a JS target (-entropic_scale_per_exec_time=1, the
 * default, against =0): a JS execution's cost is its loop iterations (src/instrument/README.md,
 * "Work"), so an input that makes a decoder loop over a large image gets less energy than one that
 * stops at its header. Both campaigns of a seed run at once, one per CPU (swapped between seeds), from the target's seeds,
 * for the same time; the table gives exec/s and the features and edges of each final corpus
 * (bunfuzz's own count at the end of the campaign). With -against=DIR the second campaign is
 * instead another checkout's bunfuzz (DIR/src/cli/main.ts, scaling on, the same target file): this
 * revision against another.
 *
 *   bun bench/jsCostScaling.ts [-time=60] [-seeds=2] [-seed0=1] [-targets=png,jpeg,toml] [-against=DIR]
 */
import { cpSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { campaign, CLI, flag, ratio, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const T = flag(argv, "time", 60), SEEDS = flag(argv, "seeds", 2), SEED0 = flag(argv, "seed0", 1);
const TARGETS = (argv.find((a) => a.startsWith("-targets="))?.split("=")[1] ?? "png").split(",");
const PACKAGES: Record<string, string> = { toml: "smol-toml", csv: "papaparse", png: "pngjs", jpeg: "jpeg-js" };
const AGAINST = argv.find((a) => a.startsWith("-against="))?.slice("-against=".length);
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** The last status line's cov: and ft:. */
function finalCoverage(out: string): { cov: number; ft: number } {
  const all = [...out.matchAll(/cov: (\d+) ft: (\d+)/g)];
  const m = all[all.length - 1];
  return m ? { cov: Number(m[1]), ft: Number(m[2]) } : { cov: NaN, ft: NaN };
}

async function run(name: string, seed: number, scale: 0 | 1, cpu: string, cli = CLI) {
  const dir = join(PROJECT_ROOT, "targets/js", name);
  const corpus = join(mkdtempSync(join(tmpdir(), "bunfuzz-costscale-")), "corpus");
  mkdirSync(corpus);
  cpSync(join(dir, "seeds"), corpus, { recursive: true });
  const cmd = [process.execPath, cli, "fuzz", join(dir, "fuzz.cjs"), corpus, `-instrument=${PACKAGES[name]},${dir}/`, `-max_total_time=${T}`,
    `-seed=${seed}`, "-keep_going=1", "-print_final_stats=1", `-entropic_scale_per_exec_time=${scale}`, `-artifact_prefix=${corpus}/../`];
  const r = await campaign(cmd, corpus, 0, cpu);
  log(`${cli === CLI ? "this" : cli}, scaling ${scale}: corpus ${corpus}`);
  return { eps: stat(r.out, "average_exec_per_sec"), runs: stat(r.out, "number_of_executed_units"), ...finalCoverage(r.out) };
}

const rows: (string | number)[][] = [];
for (const name of TARGETS) {
  for (let seed = SEED0; seed < SEED0 + SEEDS; seed++) {
    // The CPUs swap from one seed to the next, so neither setting always gets the same core.
    const [cpuOn, cpuOff] = seed % 2 ? ["0", "1"] : ["1", "0"];
    log(`${name} seed ${seed}: scaling on (CPU ${cpuOn}) and ${AGAINST ? `${AGAINST}'s` : "off"} (CPU ${cpuOff}), ${T} s`);
    const [a, b] = await Promise.all([run(name, seed, 1, cpuOn), AGAINST ? run(name, seed, 1, cpuOff, join(AGAINST, "src/cli/main.ts")) : run(name, seed, 0, cpuOff)]);
    rows.push([name, seed, a.eps, b.eps, ratio(a.eps, b.eps), `${a.cov} / ${a.ft}`, `${b.cov} / ${b.ft}`, ratio(a.ft, b.ft)]);
  }
}

console.log(`# Entropic cost scaling on JS targets (${T} s per campaign, seeds ${SEED0}-${SEED0 + SEEDS - 1})\n`);
console.log(`command: \`bun bench/jsCostScaling.ts ${argv.join(" ")}\`\n`);
const other = AGAINST ? "other" : "off";
console.log(table(["target", "seed", "exec/s on", `exec/s ${other}`, `on/${other}`, "cov / ft on", `cov / ft ${other}`, `ft on/${other}`], rows));
