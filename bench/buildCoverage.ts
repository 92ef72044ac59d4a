/**
 * What the build costs in coverage (issue 18, item 6): the same engine (bunfuzz, defaults) fuzzes
 * the same harness built four ways, zig cc or clang-14, at -O1 or -O2 (bunfuzz build's flags
 * otherwise: inline 8-bit counters, pc-table, stack depth, trace-cmp, optforfuzzing), for a fixed
 * budget of executions (-runs: seeded runs repeat whatever the load, so the comparison is of how
 * well each build's counters guide, not of its speed). Each corpus is counted engine-neutrally:
 * features replayed through clang-14's libFuzzer builds at -O1 and -O2, and source lines, branches
 * and regions with llvm-cov over a clang-14 -fprofile-instr-generate -fcoverage-mapping build of
 * the same sources, so no compiler's control-flow graph flatters its own corpora.
 *
 *   bun bench/buildCoverage.ts [-targets=cjson,libyaml,libpng] [-runs=1000000] [-seeds=2] [-seed0=1]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT, type InstrumentOptions } from "../src/build/compile.ts";
import { runBuild } from "../src/build/toolchain.ts";
import { buildLibFuzzerBinary, targetSources } from "../targets/build/targetDir.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { campaign, engineCmd, flag, freshCorpus, median, replayCoverage, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const RUNS = flag(argv, "runs", 1_000_000), SEEDS = flag(argv, "seeds", 2), SEED0 = flag(argv, "seed0", 1);
const TARGETS = (argv.find((a) => a.startsWith("-targets="))?.slice(9) ?? "cjson,libyaml,libpng").split(",");
const OUT = join(CACHE_DIR, "bench-build-coverage");
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
mkdirSync(OUT, { recursive: true });

const BUILDS: [string, Partial<InstrumentOptions>][] = [
  ["zig cc -O1 (default)", {}], ["zig cc -O2", { opt: "-O2" }], ["clang-14 -O1", { cc: "clang-14" }], ["clang-14 -O2", { cc: "clang-14", opt: "-O2" }],
];

/** Lines, branches, regions covered by a corpus, through llvm-cov on a clang-14 source-coverage build. */
function sourceCoverage(bin: string, corpus: string, maxLen: number): { lines: number; branches: number; regions: number } {
  const raw = join(OUT, `cov-${process.pid}.profraw`), data = join(OUT, `cov-${process.pid}.profdata`);
  Bun.spawnSync([bin, "-runs=0", `-max_len=${maxLen}`, corpus], { env: { ...process.env, LLVM_PROFILE_FILE: raw }, stdout: "ignore", stderr: "ignore" });
  Bun.spawnSync(["llvm-profdata-14", "merge", "-sparse", raw, "-o", data]);
  const r = Bun.spawnSync(["llvm-cov-14", "export", "-summary-only", `-instr-profile=${data}`, bin], { stdout: "pipe", stderr: "pipe" });
  rmSync(raw, { force: true });
  rmSync(data, { force: true });
  const totals = (JSON.parse(r.stdout.toString()) as { data: { totals: Record<string, { covered: number }> }[] }).data[0]!.totals;
  return { lines: totals.lines!.covered, branches: totals.branches!.covered, regions: totals.regions!.covered };
}

const rows: (string | number)[][] = [];
for (const name of TARGETS) {
  const dir = join(PROJECT_ROOT, "targets/c", name);
  const { spec, src } = targetSources(dir);
  const maxLen = spec.maxLen ?? 4096, sources = [spec.harness, ...src.files];
  const defines = src.defines.map((d) => (d.startsWith("-D") ? d : `-D${d}`));
  const lf1 = buildLibFuzzerBinary(dir, "-O1"), lf2 = buildLibFuzzerBinary(dir, "-O2");
  const covBin = join(OUT, `${name}-llvm-cov`);
  runBuild(["clang-14", "-O0", "-g", "-fsanitize=fuzzer", "-fprofile-instr-generate", "-fcoverage-mapping", ...src.includeDirs.map((d) => `-I${d}`), ...defines, ...sources, "-o", covBin],
    { quiet: true, what: `${name} (llvm-cov build)` });
  const per: Record<string, { ft1: number[]; ft2: number[]; lines: number[]; branches: number[]; regions: number[]; eps: number[] }> = {};
  for (const seed of Array.from({ length: SEEDS }, (_, i) => i + SEED0)) {
    for (const [label, o] of BUILDS) {
      const so = compileCached(`${name}-${label.replace(/[^a-z0-9]+/gi, "_")}`, sources, OUT, { ...DEFAULT_INSTRUMENT, ...o }, { includeDirs: src.includeDirs, defines, quiet: true });
      log(`${name} seed ${seed} ${label}: ${RUNS} runs`);
      const corpus = freshCorpus(spec.seeds);
      const r = await campaign(engineCmd("bunfuzz", so, corpus, 0, seed, maxLen, [`-runs=${RUNS}`]), corpus, 0);
      const p = (per[label] ??= { ft1: [], ft2: [], lines: [], branches: [], regions: [], eps: [] });
      p.ft1.push(replayCoverage(lf1, corpus, maxLen).ft);
      p.ft2.push(replayCoverage(lf2, corpus, maxLen).ft);
      const c = sourceCoverage(covBin, corpus, maxLen);
      p.lines.push(c.lines); p.branches.push(c.branches); p.regions.push(c.regions);
      p.eps.push(stat(r.out, "average_exec_per_sec"));
    }
  }
  const base = per[BUILDS[0]![0]]!;
  for (const [label] of BUILDS) {
    const p = per[label]!;
    const cell = (xs: number[], b: number[]) => `${xs.join(" / ")} (${(median(xs) / median(b)).toFixed(3)})`;
    rows.push([name, label, cell(p.ft1, base.ft1), cell(p.ft2, base.ft2), cell(p.lines, base.lines), cell(p.branches, base.branches), cell(p.regions, base.regions), p.eps.join(" / ")]);
  }
}

const text = [`# Build choices and coverage (${new Date().toISOString().slice(0, 10)})`, `command: bun bench/buildCoverage.ts ${argv.join(" ")}`.trim(), "",
  `bunfuzz with its defaults, ${RUNS} executions per campaign, seeds ${SEED0}..${SEED0 + SEEDS - 1}; per seed, and (in parentheses) the median relative to the default build.`, "",
  table(["target", "build", "ft via libFuzzer -O1", "ft via libFuzzer -O2", "source lines (llvm-cov)", "branches", "regions", "exec/s (load-dependent)"], rows), ""].join("\n");
process.stdout.write(`${text}\n`);
writeFileSync(join(import.meta.dir, "results", "build-coverage-latest.md"), `${text}\n`);
