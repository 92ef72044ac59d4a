/**
 * Value profile (-use_value_profile=1) against libFuzzer's own, side by side on one core
 * (taskset, BENCH_CPU), engines alternating:
 *  P. planted targets that only value profile can solve (-use_cmp=0 -use_value_profile=1, as
 *     LLVM's libFuzzer tests run theirs): executions and seconds to the crash, per seed;
 *  R. the bundled real targets with value profile on in both engines, and bunfuzz with it off:
 *     features at -time seconds, replayed through the libFuzzer build without value profile (ft:
 *     coverage features) and with it (ft+vp: what each corpus holds of the value-profile space).
 *
 *   bun bench/valueProfile.ts [-sections=P,R] [-seeds=3] [-seed0=1] [-time=60] [-plantedRuns=20000000]
 *                             [-planted=vp_cmp32,...] [-targets=cjson,libyaml,libpng] [-runs=N: a budget of executions, not -time]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../src/build/compile.ts";
import { runBuild } from "../src/build/toolchain.ts";
import { readTargetSpec } from "../targets/build/sources.ts";
import { buildLibFuzzerBinary, buildTargetDir } from "../targets/build/targetDir.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { campaign, engineCmd, flag, freshCorpus, median, ratio, replayCoverage, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const SEEDS = flag(argv, "seeds", 3), SEED0 = flag(argv, "seed0", 1), T = flag(argv, "time", 60), PRUNS = flag(argv, "plantedRuns", 20_000_000);
/** -runs=N: real-target campaigns stop after N executions instead of -time seconds (load-independent). */
const RUNS = flag(argv, "runs", 0);
const budget = RUNS > 0 ? `${RUNS} executions` : `${T}s`;
const list = (name: string, def: string) => (argv.find((a) => a.startsWith(`-${name}=`))?.split("=")[1] ?? def).split(",");
const SECTIONS = list("sections", "P,R");
const PLANTED = list("planted", "vp_cmp32,vp_cmp64,vp_switch,vp_strcmp,vp_abs");
const TARGETS = list("targets", "cjson,libyaml,libpng");
const VP = ["-use_cmp=0", "-use_value_profile=1"];
const seeds = Array.from({ length: SEEDS }, (_, i) => i + SEED0);
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
const out: string[] = [`# Value profile, bunfuzz vs libFuzzer (${new Date().toISOString().slice(0, 10)})`, `command: bun bench/valueProfile.ts ${argv.join(" ")}`.trim(), ""];

if (SECTIONS.includes("P")) {
  const rows: (string | number)[][] = [];
  const dir = join(CACHE_DIR, "bench-planted");
  for (const name of PLANTED) {
    const src = join(PROJECT_ROOT, "targets/planted", `${name}.c`);
    const bf = compileCached(name, [src], dir, DEFAULT_INSTRUMENT, { quiet: true });
    const lf = join(dir, `${name}-libfuzzer`);
    runBuild(["clang-14", "-g", "-O1", "-fsanitize=fuzzer", src, "-o", lf], { quiet: true, what: `${name} (libFuzzer)` });
    const execs = { libfuzzer: [] as number[], bunfuzz: [] as number[] }, secs = { libfuzzer: [] as number[], bunfuzz: [] as number[] };
    for (const seed of seeds) {
      for (const engine of ["libfuzzer", "bunfuzz"] as const) {
        const corpus = freshCorpus();
        const r = await campaign(engineCmd(engine, engine === "libfuzzer" ? lf : bf, corpus, 0, seed, 64, [...VP, `-runs=${PRUNS}`]), corpus, 0);
        const found = r.code !== 0;
        execs[engine].push(found ? stat(r.out, "number_of_executed_units") : Infinity);
        secs[engine].push(found ? r.seconds : Infinity);
      }
      log(`P ${name} seed ${seed}: libFuzzer ${execs.libfuzzer.at(-1)} bunfuzz ${execs.bunfuzz.at(-1)} executions`);
    }
    const show = (x: number) => (Number.isFinite(x) ? String(x) : `>${PRUNS}`);
    const ml = median(execs.libfuzzer), mb = median(execs.bunfuzz);
    rows.push([name, execs.libfuzzer.map(show).join(" "), execs.bunfuzz.map(show).join(" "), show(ml), show(mb), Number.isFinite(ml) && Number.isFinite(mb) ? ratio(mb, ml) : "n/a",
      median(secs.libfuzzer).toFixed(2), median(secs.bunfuzz).toFixed(2)]);
  }
  out.push(`## P. Planted targets with -use_cmp=0 -use_value_profile=1: executions to the crash, seeds ${seeds.join(",")} (cap ${PRUNS} runs)`, "",
    table(["target", "libFuzzer", "bunfuzz", "libFuzzer median", "bunfuzz median", "ratio", "libFuzzer median s", "bunfuzz median s"], rows), "");
}

if (SECTIONS.includes("R")) {
  const rows: (string | number)[][] = [];
  for (const seed of seeds) {
    for (const name of TARGETS) {
      const dir = join(PROJECT_ROOT, "targets/c", name);
      const spec = readTargetSpec(dir), maxLen = spec.maxLen ?? 4096;
      const lf = buildLibFuzzerBinary(dir), bf = buildTargetDir(dir).so;
      const runs: [string, "libfuzzer" | "bunfuzz", string[]][] = [["libFuzzer vp", "libfuzzer", ["-use_value_profile=1"]], ["bunfuzz vp", "bunfuzz", ["-use_value_profile=1"]], ["bunfuzz", "bunfuzz", []]];
      const res: string[] = [];
      const ft: number[] = [];
      for (const [label, engine, extra] of runs) {
        log(`R ${name} seed ${seed} ${label} ${budget}`);
        const corpus = freshCorpus(spec.seeds);
        const r = await campaign(engineCmd(engine, engine === "libfuzzer" ? lf : bf, corpus, RUNS > 0 ? 0 : T, seed, maxLen, RUNS > 0 ? [...extra, `-runs=${RUNS}`] : extra), corpus, 0);
        const plain = replayCoverage(lf, corpus, maxLen), withVp = replayCoverage(lf, corpus, maxLen, ["-use_value_profile=1"]);
        ft.push(plain.ft);
        res.push(`${plain.cov} / ${plain.ft} / ${withVp.ft} (${stat(r.out, "average_exec_per_sec")}/s)${r.code !== 0 ? ` exit ${r.code}` : ""}`);
      }
      rows.push([name, seed, ...res, ratio(ft[1]!, ft[0]!), ratio(ft[1]!, ft[2]!)]);
    }
  }
  out.push(`## R. Real targets, ${budget}, one core: cov / ft / ft+vp replayed through the libFuzzer build (exec/s)`, "",
    table(["target", "seed", "libFuzzer -use_value_profile=1", "bunfuzz -use_value_profile=1", "bunfuzz (value profile off)", "ft: bunfuzz vp / libFuzzer vp", "ft: bunfuzz vp / off"], rows), "");
}

const text = out.join("\n");
process.stdout.write(`${text}\n`);
writeFileSync(join(import.meta.dir, "results", "value-profile-latest.md"), `${text}\n`);
