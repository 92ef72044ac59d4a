/**
 * bunfuzz beside AFL++ on one sync directory (-sync_dir): AFL++'s main instance (-M) and a bunfuzz
 * campaign fuzz the same harness for -time seconds, one core each; then it counts what each took
 * from the other: the entries of AFL++'s queue named `sync:bunfuzz` (AFL++ names an input it
 * imported after the instance it came from), and the RELOAD lines of bunfuzz (an input another
 * instance queued reached features new to it).
 *
 * Needs AFL++ (Debian: `apt-get install afl++`; afl-clang-fast builds the libFuzzer harness with
 * AFL++'s driver). Targets: the bundled real native ones (targets/c).
 *
 *   bun bench/aflSync.ts -time=90 -targets=cjson,libyaml
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { readTargetSpec } from "../targets/build/sources.ts";
import { buildTargetDir, targetSources } from "../targets/build/targetDir.ts";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { CLI, flag, freshCorpus, table } from "./lib.ts";

const argv = process.argv.slice(2);
const T = flag(argv, "time", 90), SEED = flag(argv, "seed", 1);
const TARGETS = (argv.find((a) => a.startsWith("-targets="))?.split("=")[1] ?? "cjson,libyaml,libpng").split(",");
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

if (!Bun.which("afl-fuzz") || !Bun.which("afl-clang-fast")) {
  process.stderr.write("bench/aflSync.ts: AFL++ is not installed; install it (Debian: apt-get install afl++) and run again\n");
  process.exit(2);
}

/** The harness built by AFL++'s compiler with its libFuzzer driver. */
function aflBuild(dir: string, out: string): string {
  const { spec, src } = targetSources(dir);
  const bin = join(out, `${spec.name}_afl`);
  const r = Bun.spawnSync(["afl-clang-fast", "-g", "-O2", "-fsanitize=fuzzer", ...src.includeDirs.map((d) => `-I${d}`), ...src.defines.map((d) => `-D${d}`), spec.harness, ...src.files, "-o", bin], { stderr: "pipe", stdout: "pipe" });
  if (r.exitCode !== 0) throw new Error(`afl-clang-fast failed for ${spec.name}: ${r.stderr.toString().slice(-400)}`);
  return bin;
}

const rows: (string | number)[][] = [];
for (const name of TARGETS) {
  const dir = join(PROJECT_ROOT, "targets/c", name);
  const spec = readTargetSpec(dir);
  const so = buildTargetDir(dir).so;
  const corpus = freshCorpus(spec.seeds), work = join(corpus, "..");
  const afl = aflBuild(dir, work), sync = join(work, "sync"), seeds = join(work, "afl-seeds");
  mkdirSync(seeds);
  if (spec.seeds && existsSync(spec.seeds)) cpSync(spec.seeds, seeds, { recursive: true });
  else Bun.write(join(seeds, "empty"), "\n");
  log(`${name}: AFL++ -M main and bunfuzz -sync_dir, ${T} s`);
  const env = { ...process.env, AFL_SKIP_CPUFREQ: "1", AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES: "1", AFL_NO_UI: "1", AFL_NO_AFFINITY: "1", AFL_SYNC_TIME: "1" };
  const aflProc = Bun.spawn(["taskset", "-c", "0", "afl-fuzz", "-i", seeds, "-o", sync, "-M", "main", "-V", String(T), "-s", String(SEED), "--", afl], { env, cwd: work, stdout: "ignore", stderr: "ignore" });
  const bf = Bun.spawn(["taskset", "-c", "1", process.execPath, CLI, "fuzz", so, corpus, `-sync_dir=${sync}`, `-max_total_time=${T}`, `-seed=${SEED}`, `-max_len=${spec.maxLen ?? 4096}`, `-artifact_prefix=${work}/`], { cwd: work, stdout: "ignore", stderr: "pipe" });
  const out = await new Response(bf.stderr).text();
  await Promise.all([aflProc.exited, bf.exited]);
  const aflQueue = readdirSync(join(sync, "main", "queue")).filter((n) => n.startsWith("id:"));
  const ours = readdirSync(join(sync, "bunfuzz", "queue")).filter((n) => n.startsWith("id:"));
  rows.push([spec.name, aflQueue.length, aflQueue.filter((n) => n.includes("sync:bunfuzz")).length, ours.length, (out.match(/\tRELOAD /g) ?? []).length]);
}

console.log(`# bunfuzz and AFL++ on one sync directory (${new Date().toISOString().slice(0, 10)})\n\ncommand: bun bench/aflSync.ts ${argv.join(" ")}\n`);
console.log(table(["target", "AFL++ main: queue entries", "of them imported from bunfuzz", "bunfuzz: queued", "bunfuzz: RELOAD lines (AFL++ inputs new to it)"], rows));
