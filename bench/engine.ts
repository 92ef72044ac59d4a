/**
 * The mutation engine against libFuzzer, side by side on one core (taskset -c 0), alternating:
 *  A. real targets: features reached at -snap seconds and at -time seconds, counted
 *     engine-neutrally by replaying each engine's corpus through the libFuzzer build (-runs=0),
 *     and at -time seconds also through bunfuzz's build (the compilers' share of a difference);
 *  B. bunfuzz variants on real targets (each reference technique toggled from the defaults);
 *  C. planted bugs: seconds and executions to the first crash (median and range over seeds; ">T" when
 *     not found within T seconds). Executions are the search alone; seconds include start-up and the
 *     crash report, and depend on the load.
 *
 *   bun bench/engine.ts [-time=300] [-snap=60] [-seeds=2] [-variantTime=60] [-plantedSeeds=5] [-plantedTime=60]
 *                       [-targets=cjson,libyaml,libpng] [-sections=A,B,C] [-variants=-schedule=rare,...] [-seed0=1]
 *                       [-engines=libfuzzer,bunfuzz] [-bfcc=clang-14] [-paired=1] [-also=-input_to_state=0]
 *
 * -bfcc=clang-14 builds bunfuzz's side of section A with clang-14 (libFuzzer's compiler, so the
 * same control-flow graph as the build the corpora are replayed through) instead of zig cc: it
 * separates the engine from the compiler. -engines=bunfuzz runs one side only (the other's
 * columns read n/a).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../src/build/compile.ts";
import { readTargetSpec } from "../targets/build/sources.ts";
import { buildLibFuzzerBinary, buildTargetDir } from "../targets/build/targetDir.ts";
import { runBuild } from "../src/build/toolchain.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { campaign, engineCmd, flag, freshCorpus, median, ratio, replayCoverage, replayThroughBunfuzz, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
if (argv.length === 0) {
  // A bare run would take about an hour and a half: say what it would do and how to choose.
  process.stderr.write("usage: bun bench/engine.ts -sections=A,B,C [-time=300] [-seeds=2] [-targets=cjson,libyaml,libpng] ...\n" +
    "with the defaults: A 60 min, B 36 min, C up to 50 min; `bun bench/run.ts` lists every benchmark and a quick run of each\n");
  process.exit(2);
}
const T = flag(argv, "time", 300), SNAP = flag(argv, "snap", 60), SEEDS = flag(argv, "seeds", 2), SEED0 = flag(argv, "seed0", 1);
const VT = flag(argv, "variantTime", 60), PSEEDS = flag(argv, "plantedSeeds", 5), PT = flag(argv, "plantedTime", 60);
const list = (name: string, def: string) => (argv.find((a) => a.startsWith(`-${name}=`))?.split("=")[1] ?? def).split(",");
const TARGETS = list("targets", "cjson,libyaml,libpng");
const SECTIONS = list("sections", "A,B,C");
const ENGINES = list("engines", "libfuzzer,bunfuzz") as ("libfuzzer" | "bunfuzz")[];
const BFCC = argv.find((a) => a.startsWith("-bfcc="))?.slice("-bfcc=".length) as "zig" | "clang-14" | undefined;
/** -paired=1 (section A): libFuzzer and bunfuzz run at the same time on CPUs 0 and 1 instead of alternating on BENCH_CPU. */
const PAIRED = flag(argv, "paired", 0) === 1;
/** -also=FLAGS (section A; comma-separated bunfuzz flags): a third campaign with them, all three at once on CPUs 0 and 1. */
const ALSO = argv.find((a) => a.startsWith("-also="))?.slice("-also=".length).split(",") ?? [];
const PLANTED = list("planted", "magic_len,int_compare,keyword_memcmp,checksum,custom_hooks");
/** Section B: each reference technique or schedule toggled from the defaults (-variants= picks some). */
const ALL_VARIANTS = ["-schedule=vanilla", "-schedule=rare", "-weighted_mutations=1", "-chain_limit=0", "-reduce_inputs=0"];
const picked = argv.find((a) => a.startsWith("-variants="))?.slice("-variants=".length).split(",");
const VARIANTS: [string, string[]][] = [["defaults", []], ...(picked ?? ALL_VARIANTS).map((v): [string, string[]] => [v, [v]])];
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

const sections: string[] = [`# bunfuzz engine vs libFuzzer (${new Date().toISOString().slice(0, 10)})`, `command: bun bench/engine.ts ${argv.join(" ")}`.trim(), ""];

if (SECTIONS.includes("A")) {
  const rows: (string | number)[][] = [];
  for (const seed of Array.from({ length: SEEDS }, (_, i) => i + SEED0)) {
    for (const name of TARGETS) {
      const dir = join(PROJECT_ROOT, "targets/c", name);
      const spec = readTargetSpec(dir), maxLen = spec.maxLen ?? 4096;
      const lf = buildLibFuzzerBinary(dir), bf = buildTargetDir(dir, BFCC ? { instrument: { ...DEFAULT_INSTRUMENT, cc: BFCC } } : {}).so;
      const none = { cov: NaN, ft: NaN };
      const res: Record<string, { snap: { cov: number; ft: number }; end: { cov: number; ft: number }; own: { cov: number; ft: number }; eps: number; note: string }> = {
        libfuzzer: { snap: none, end: none, own: none, eps: NaN, note: "" }, bunfuzz: { snap: none, end: none, own: none, eps: NaN, note: "" },
        also: { snap: none, end: none, own: none, eps: NaN, note: "" },
      };
      const one = async (engine: "libfuzzer" | "bunfuzz", cpu?: string, key: string = engine, extra: string[] = []) => {
        log(`A ${name} seed ${seed} ${engine} ${extra.join(" ")} ${T}s${cpu ? ` on CPU ${cpu}` : ""}`);
        const corpus = freshCorpus(spec.seeds);
        const r = await campaign(engineCmd(engine, engine === "libfuzzer" ? lf : bf, corpus, T, seed, maxLen, extra), corpus, SNAP, cpu);
        res[key] = {
          snap: r.snap ? replayCoverage(lf, r.snap, maxLen) : none,
          end: replayCoverage(lf, corpus, maxLen),
          own: replayThroughBunfuzz(bf, corpus, maxLen),
          eps: stat(r.out, "average_exec_per_sec"),
          note: r.code !== 0 ? ` (stopped: exit ${r.code} at ${r.seconds.toFixed(0)}s)` : "",
        };
      };
      // -paired=1: both engines at once, one per CPU (0 and 1, swapped every seed), so both see the same load.
      // -also=FLAGS: a third campaign, bunfuzz with FLAGS, at the same time; the three share CPUs 0 and 1 (each about 2/3 of a core).
      if (ALSO.length) await Promise.all([...ENGINES.map((e) => one(e, "0,1")), one("bunfuzz", "0,1", "also", ALSO)]);
      else if (PAIRED) await Promise.all(ENGINES.map((e, i) => one(e, String((i + seed) % 2))));
      else for (const engine of ENGINES) await one(engine);
      const a = res.libfuzzer!, b = res.bunfuzz!;
      // cov: (edges) and ft: (features) as the libFuzzer build reports them at INITED.
      const pair = (x: { cov: number; ft: number }, note = "") => `${x.cov} / ${x.ft}${note}`;
      const ratios = (x: { cov: number; ft: number }, y: { cov: number; ft: number }) => `${ratio(x.cov, y.cov)} / ${ratio(x.ft, y.ft)}`;
      const c = res.also!;
      rows.push([name, seed, pair(a.snap), pair(b.snap), ratios(b.snap, a.snap), pair(a.end, a.note), pair(b.end, b.note), ratios(b.end, a.end), a.eps, b.eps, ratio(b.eps, a.eps), `${a.own.ft} / ${b.own.ft}`,
        ...(ALSO.length ? [pair(c.end, c.note), c.eps, ratio(b.end.ft, c.end.ft)] : [])]);
    }
  }
  sections.push(`## A. Edges / features reached (cov / ft, replayed through the libFuzzer build), ${SNAP}s and ${T}s, ${ALSO.length ? `libFuzzer, bunfuzz and bunfuzz ${ALSO.join(" ")} at once on CPUs 0-1` : PAIRED ? "both engines at once, one core each" : "one core"}${BFCC ? `; bunfuzz's build by ${BFCC}` : ""}`, "",
    table(["target", "seed", `libFuzzer cov/ft@${SNAP}s`, `bunfuzz cov/ft@${SNAP}s`, "ratios", `libFuzzer cov/ft@${T}s`, `bunfuzz cov/ft@${T}s`, "ratios", "libFuzzer exec/s", "bunfuzz exec/s", "ratio", `ft@${T}s via bunfuzz's build (libFuzzer / bunfuzz)`,
      ...(ALSO.length ? [`bunfuzz ${ALSO.join(" ")} cov/ft@${T}s`, "its exec/s", "ft bunfuzz / this"] : [])], rows), "");
}

if (SECTIONS.includes("B")) {
  const rows: (string | number)[][] = [];
  for (const name of TARGETS) {
    const dir = join(PROJECT_ROOT, "targets/c", name);
    const spec = readTargetSpec(dir), maxLen = spec.maxLen ?? 4096;
    const lf = buildLibFuzzerBinary(dir), bf = buildTargetDir(dir).so;
    const base: number[] = [];
    for (const [label, extra] of VARIANTS) {
      const fts: number[] = [];
      for (const seed of Array.from({ length: SEEDS }, (_, i) => i + 1)) {
        log(`B ${name} ${label} seed ${seed} ${VT}s`);
        const corpus = freshCorpus(spec.seeds);
        await campaign(engineCmd("bunfuzz", bf, corpus, VT, seed, maxLen, extra), corpus, 0);
        fts.push(replayCoverage(lf, corpus, maxLen).ft);
      }
      if (label === "defaults") base.push(...fts);
      rows.push([name, label, fts.join(" / "), median(fts), ratio(median(fts), median(base))]);
    }
  }
  sections.push(`## B. bunfuzz variants, ${VT}s, features replayed through the libFuzzer build (per seed, median, vs defaults)`, "",
    table(["target", "variant", "ft per seed", "median", "vs defaults"], rows), "");
}

if (SECTIONS.includes("C")) {
  const rows: (string | number)[][] = [], execRows: (string | number)[][] = [], seedRows: (string | number)[][] = [];
  const outDir = join(CACHE_DIR, "bench-planted");
  for (const name of PLANTED) {
    const src = join(PROJECT_ROOT, "targets/planted", `${name}.c`);
    const bf = compileCached(name, [src], outDir, DEFAULT_INSTRUMENT, { quiet: true });
    // The same engine on clang-14's instrumentation (libFuzzer's compiler): separates engine from compiler.
    const bfClang = compileCached(`${name}-clang`, [src], outDir, { ...DEFAULT_INSTRUMENT, cc: "clang-14" }, { quiet: true });
    const lf = join(outDir, `${name}-libfuzzer`);
    runBuild(["clang-14", "-g", "-O1", "-fsanitize=fuzzer", src, "-o", lf], { quiet: true, what: `${name} (libFuzzer)` });
    const runs: [string, "libfuzzer" | "bunfuzz", string][] = [["libFuzzer", "libfuzzer", lf], ["bunfuzz", "bunfuzz", bf], ["bunfuzz (clang-14)", "bunfuzz", bfClang]];
    const times = runs.map(() => [] as number[]), execs = runs.map(() => [] as number[]);
    for (let seed = 1; seed <= PSEEDS; seed++) {
      for (const [i, [, engine, bin]] of runs.entries()) {
        const corpus = freshCorpus();
        const r = await campaign(engineCmd(engine, bin, corpus, PT, seed, 4096), corpus, 0);
        // Both engines print stat::number_of_executed_units after a finding: the search alone, whatever the load.
        times[i]!.push(r.code !== 0 ? r.seconds : Infinity);
        execs[i]!.push(r.code !== 0 ? stat(r.out, "number_of_executed_units") : Infinity);
      }
      log(`C ${name} seed ${seed}: ${runs.map(([label], i) => `${label} ${times[i]![seed - 1]!.toFixed(2)}s ${execs[i]![seed - 1]} execs`).join(", ")}`);
    }
    const secs = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : `>${PT}`), count = (x: number) => (Number.isFinite(x) ? String(x) : "-");
    const spread = (xs: number[], show: (x: number) => string) => `${show(median(xs))} (${show(Math.min(...xs))}-${show(Math.max(...xs))})`;
    const ratios = (xs: number[][]) => xs.slice(1).map((x) => (Number.isFinite(median(x)) && Number.isFinite(median(xs[0]!)) ? ratio(median(x), median(xs[0]!)) : "n/a"));
    rows.push([name, ...times.map((x) => spread(x, secs)), ...ratios(times)]);
    execRows.push([name, ...execs.map((x) => spread(x, count)), ...ratios(execs)]);
    for (const [i, [label]] of runs.entries()) seedRows.push([name, label, times[i]!.map(secs).join(" "), execs[i]!.map(count).join(" ")]);
  }
  const head = (what: string) => ["target", `libFuzzer ${what}`, `bunfuzz ${what}`, `bunfuzz clang-14 ${what}`, "ratio", "ratio (clang-14)"];
  sections.push(`## C. Planted bugs: time to the first crash, seeds 1..${PSEEDS}, cap ${PT}s`, "",
    "bunfuzz builds with `zig cc` by default; the clang-14 column is the same engine on libFuzzer's compiler and instrumentation. Median (range) over the seeds; ratio: bunfuzz's median / libFuzzer's.", "",
    "Seconds, wall clock from process start to exit (start-up and the crash report included):", "", table(head("s"), rows), "",
    "Executions (stat::number_of_executed_units; the search alone, whatever the load):", "", table(head("executions"), execRows), "",
    `Per seed, seeds 1..${PSEEDS} in order:`, "", table(["target", "engine", "seconds", "executions"], seedRows), "");
}

const text = sections.join("\n");
process.stdout.write(`${text}\n`);
writeFileSync(join(import.meta.dir, "results", `engine-latest.md`), `${text}\n`);

