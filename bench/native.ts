/**
 * bunfuzz against libFuzzer on the real C targets: the same harness and library sources, built
 * by `zig cc` for bunfuzz and by `clang-14 -fsanitize=fuzzer` for libFuzzer, run alternately on
 * one core (taskset -c 0) for the same time from the same seeds. Coverage is counted
 * engine-neutrally by replaying each final corpus through the libFuzzer build (-runs=0).
 *
 *   bun bench/native.ts [-time=60] [-seed=1] [-targets=cjson,libyaml,libpng]
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildLibFuzzerBinary, buildTargetDir } from "../src/build/targetDir.ts";
import { readTargetSpec } from "../src/build/sources.ts";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { CLI, flag, freshCorpus, pinned, ratio, replayCoverage, stat, table, type RunResult } from "./lib.ts";

const argv = process.argv.slice(2);
const seconds = flag(argv, "time", 60);
const seed = flag(argv, "seed", 1);
const targets = (argv.find((a) => a.startsWith("-targets="))?.split("=")[1] ?? "cjson,libyaml,libpng").split(",");

function runEngine(kind: "libfuzzer" | "bunfuzz", bin: string, seeds: string | undefined, maxLen: number): RunResult {
  const corpus = freshCorpus(seeds);
  const flags = [`-max_total_time=${seconds}`, `-seed=${seed}`, `-max_len=${maxLen}`, "-print_final_stats=1", `-artifact_prefix=${corpus}/../`];
  const cmd = kind === "libfuzzer" ? [bin, ...flags, corpus] : [process.execPath, CLI, "fuzz", bin, corpus, ...flags];
  const r = pinned(cmd, join(corpus, ".."));
  const crashed = r.code !== 0;
  return {
    execPerSec: stat(r.out, "average_exec_per_sec"),
    execs: stat(r.out, "number_of_executed_units"),
    seconds: r.seconds,
    code: r.code,
    corpusDir: corpus,
    crashAfter: crashed ? r.seconds : undefined,
    output: r.out,
  };
}

const rows: (string | number)[][] = [];
for (const name of targets) {
  const dir = join(PROJECT_ROOT, "targets/c", name);
  const spec = readTargetSpec(dir);
  const maxLen = spec.maxLen ?? 4096;
  const lf = buildLibFuzzerBinary(dir);
  const bf = buildTargetDir(dir).so;
  process.stderr.write(`bench: ${name}: libFuzzer ${seconds}s ...\n`);
  const a = runEngine("libfuzzer", lf, spec.seeds, maxLen);
  process.stderr.write(`bench: ${name}: bunfuzz ${seconds}s ...\n`);
  const b = runEngine("bunfuzz", bf, spec.seeds, maxLen);
  const ca = replayCoverage(lf, a.corpusDir, maxLen);
  const cb = replayCoverage(lf, b.corpusDir, maxLen);
  const note = (r: RunResult) => (r.crashAfter !== undefined ? ` (stopped: exit ${r.code} at ${r.crashAfter.toFixed(1)}s)` : "");
  rows.push([
    name,
    `${a.execPerSec}${note(a)}`,
    `${b.execPerSec}${note(b)}`,
    ratio(b.execPerSec, a.execPerSec),
    `${ca.cov} / ${ca.ft}`,
    `${cb.cov} / ${cb.ft}`,
    ratio(cb.ft, ca.ft),
  ]);
}

const out = [
  `bunfuzz vs libFuzzer, ${seconds}s per engine per target, one core, seed ${seed}, ${new Date().toISOString().slice(0, 10)}`,
  `command: bun bench/native.ts -time=${seconds} -seed=${seed} -targets=${targets.join(",")}`,
  "",
  table(
    ["target", "libFuzzer exec/s", "bunfuzz exec/s", "exec/s ratio", "libFuzzer cov / ft (replayed)", "bunfuzz cov / ft (replayed)", "ft ratio"],
    rows,
  ),
  "",
].join("\n");
process.stdout.write(out);
writeFileSync(join(import.meta.dir, "results", "native-latest.md"), out);
