/**
 * The input-to-state stage (-input_to_state=1) on and off, side by side with libFuzzer, one core
 * (taskset, BENCH_CPU), campaigns alternating:
 *  P. the planted tag behind a CRC-32 (targets/planted/checksum_tag.c): seconds and executions to
 *     the crash per seed, capped at -plantedTime, for libFuzzer (value profile off and on) and
 *     bunfuzz with the stage off and on;
 *  R. the bundled real targets at -time seconds, bunfuzz with the stage off and on: features
 *     replayed through the libFuzzer build (no loss is the goal); with -against=REF, the default
 *     (stage on) of this checkout and of git revision REF instead, at the same time on CPUs 0 and 1
 *     (a change to the stage against the code before it);
 *  K. libpng with its checksums kept (built with -DBUNFUZZ_CHECK_SUMS: chunk CRCs and zlib's
 *     Adler-32 checked, as libpng does by default), libFuzzer and bunfuzz off and on, -time seconds.
 *
 *   bun bench/inputToState.ts [-sections=P,R,K] [-seeds=3] [-seed0=1] [-time=300 | -runs=N] [-plantedTime=300] [-targets=cjson,libyaml,libpng] [-paired=1] [-against=REF]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../src/build/compile.ts";
import { runBuild } from "../src/build/toolchain.ts";
import { readTargetSpec } from "../targets/build/sources.ts";
import { buildLibFuzzerBinary, buildTargetDir } from "../targets/build/targetDir.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { campaign, checkoutOf, engineCmd, inCheckout, flag, freshCorpus, median, ratio, replayCoverage, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const SEEDS = flag(argv, "seeds", 3), SEED0 = flag(argv, "seed0", 1), T = flag(argv, "time", 300), PT = flag(argv, "plantedTime", 300);
/** -runs=N: real-target campaigns stop after N executions instead of -time seconds (load-independent). */
const RUNS = flag(argv, "runs", 0);
/** -against=REF (section R): this checkout against revision REF, both with their defaults, paired. */
const AGAINST = argv.find((a) => a.startsWith("-against="))?.slice("-against=".length);
/** -paired=1 (section R): the stage's off and on campaigns run at the same time on CPUs 0 and 1 instead of alternating on BENCH_CPU. */
const PAIRED = flag(argv, "paired", 0) === 1 || AGAINST !== undefined;
const budget = RUNS > 0 ? `${RUNS} executions` : `${T}s`;
const list = (name: string, def: string) => (argv.find((a) => a.startsWith(`-${name}=`))?.split("=")[1] ?? def).split(",");
const SECTIONS = list("sections", "P,R,K");
const TARGETS = list("targets", "cjson,libyaml,libpng");
const seeds = Array.from({ length: SEEDS }, (_, i) => i + SEED0);
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
const out: string[] = [`# Input-to-state stage (${new Date().toISOString().slice(0, 10)})`, `command: bun bench/inputToState.ts ${argv.join(" ")}`.trim(), ""];
const show = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : `>${PT}`);

if (SECTIONS.includes("P")) {
  const dir = join(CACHE_DIR, "bench-planted"), src = join(PROJECT_ROOT, "targets/planted/checksum_tag.c");
  const bf = compileCached("checksum_tag", [src], dir, DEFAULT_INSTRUMENT, { quiet: true });
  const lf = join(dir, "checksum_tag-libfuzzer");
  runBuild(["clang-14", "-g", "-O1", "-fsanitize=fuzzer", src, "-o", lf], { quiet: true, what: "checksum_tag (libFuzzer)" });
  const runs: [string, "libfuzzer" | "bunfuzz", string, string[]][] = [
    ["libFuzzer", "libfuzzer", lf, []], ["libFuzzer -use_value_profile=1", "libfuzzer", lf, ["-use_value_profile=1"]],
    ["bunfuzz", "bunfuzz", bf, ["-input_to_state=0"]], ["bunfuzz -input_to_state=1", "bunfuzz", bf, ["-input_to_state=1"]],
  ];
  const secs = runs.map(() => [] as number[]), execs = runs.map(() => [] as number[]);
  for (const seed of seeds) {
    for (const [i, [, engine, bin, extra]] of runs.entries()) {
      const corpus = freshCorpus();
      const r = await campaign(engineCmd(engine, bin, corpus, PT, seed, 4096, extra), corpus, 0);
      const found = r.code !== 0;
      secs[i]!.push(found ? r.seconds : Infinity);
      execs[i]!.push(found ? stat(r.out, "number_of_executed_units") : stat(r.out, "number_of_executed_units"));
    }
    log(`P seed ${seed}: ${runs.map(([label], i) => `${label} ${show(secs[i]!.at(-1)!)}s`).join(", ")}`);
  }
  const rows = runs.map(([label], i) => [label, secs[i]!.map(show).join(" "), `${secs[i]!.filter(Number.isFinite).length}/${seeds.length}`, show(median(secs[i]!)),
    execs[i]!.map((x, k) => (Number.isFinite(secs[i]![k]!) ? String(x) : `(${x})`)).join(" ")]);
  out.push(`## P. checksum_tag: seconds to the crash, seeds ${seeds.join(",")}, cap ${PT}s (executions; in parentheses: executions of a run that did not find it)`, "",
    table(["engine", "seconds per seed", "found", "median s", "executions"], rows), "");
}

/** A labelled campaign: engine, extra flags, and for bunfuzz the checkout whose CLI runs (this one when absent). */
type Run = [string, "libfuzzer" | "bunfuzz", string[], string?];

/** Features at T seconds of each labelled run, replayed through `lf`, per seed. */
async function real(name: string, lf: string, bf: string, runs: Run[], rows: (string | number)[][]): Promise<void> {
  const spec = readTargetSpec(join(PROJECT_ROOT, "targets/c", name)), maxLen = spec.maxLen ?? 4096;
  for (const seed of seeds) {
    const cells: string[] = [], ft: number[] = [];
    const one = async ([label, engine, extra, root]: Run, i: number, cpu?: string) => {
      log(`${name} seed ${seed} ${label} ${budget}${cpu ? ` on CPU ${cpu}` : ""}`);
      const corpus = freshCorpus(spec.seeds);
      const cmd = engineCmd(engine, engine === "libfuzzer" ? lf : bf, corpus, RUNS > 0 ? 0 : T, seed, maxLen, RUNS > 0 ? [...extra, `-runs=${RUNS}`] : extra);
      const r = await campaign(root ? inCheckout(cmd, root) : cmd, corpus, 0, cpu);
      const c = replayCoverage(lf, corpus, maxLen);
      ft[i] = c.ft;
      cells[i] = `${c.cov} / ${c.ft} (${stat(r.out, "average_exec_per_sec")}/s)${r.code !== 0 ? ` exit ${r.code}` : ""}`;
    };
    // -paired=1 with two runs: both at once on CPUs 0 and 1 (swapped every seed), so both see the same load.
    if (PAIRED && runs.length === 2) await Promise.all(runs.map((run, i) => one(run, i, String((i + seed) % 2))));
    else for (const [i, run] of runs.entries()) await one(run, i);
    rows.push([name, seed, ...cells, ratio(ft.at(-1)!, ft.at(-2)!)]);
  }
}

if (SECTIONS.includes("R")) {
  const rows: (string | number)[][] = [];
  const runs: Run[] = AGAINST ? [[`@${AGAINST}`, "bunfuzz", [], checkoutOf(AGAINST)], ["this checkout", "bunfuzz", []]]
    : [["off", "bunfuzz", ["-input_to_state=0"]], ["on", "bunfuzz", ["-input_to_state=1"]]];
  for (const name of TARGETS) {
    const dir = join(PROJECT_ROOT, "targets/c", name);
    await real(name, buildLibFuzzerBinary(dir), buildTargetDir(dir).so, runs, rows);
  }
  const head = AGAINST ? [`bunfuzz @${AGAINST}`, "bunfuzz (this checkout)", `ft this / ${AGAINST}`] : ["bunfuzz", "bunfuzz -input_to_state=1", "ft on / off"];
  const what = AGAINST ? `this checkout and ${AGAINST} at once` : PAIRED ? "off and on at once" : "";
  out.push(`## R. Real targets, ${budget}, ${what ? `${what}, one core each` : "one core"}: cov / ft replayed through the libFuzzer build (exec/s)`, "",
    table(["target", "seed", ...head], rows), "");
}

if (SECTIONS.includes("K")) {
  const rows: (string | number)[][] = [];
  const dir = join(PROJECT_ROOT, "targets/c/libpng"), defines = ["-DBUNFUZZ_CHECK_SUMS"];
  const lf = buildLibFuzzerBinary(dir, DEFAULT_INSTRUMENT.opt, defines), bf = buildTargetDir(dir, { defines }).so;
  await real("libpng", lf, bf, [["libFuzzer", "libfuzzer", []], ["off", "bunfuzz", ["-input_to_state=0"]], ["on", "bunfuzz", ["-input_to_state=1"]]], rows);
  out.push(`## K. libpng with chunk CRCs and Adler-32 checked (-DBUNFUZZ_CHECK_SUMS), ${budget}, one core: cov / ft replayed through that libFuzzer build`, "",
    table(["target", "seed", "libFuzzer", "bunfuzz", "bunfuzz -input_to_state=1", "ft on / off"], rows), "");
}

const text = out.join("\n");
process.stdout.write(`${text}\n`);
writeFileSync(join(import.meta.dir, "results", "input-to-state-latest.md"), `${text}\n`);
