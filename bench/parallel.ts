/**
 * Every core: bunfuzz's parallel modes, on both cores of the machine (taskset -c 0,1).
 *  S. scaling: -workers=1 and -workers=2 for -time seconds, and -workers=1 for twice as long, same
 *     seed: exec/s of two workers over one, at T and at 2T (the physical limit is the core count;
 *     two workers' inputs at T are as long as one worker's at 2T: -len_control follows the
 *     campaign's runs), and the
 *     features two workers reach in T seconds against one worker's in 2T (sharing must not waste
 *     the second core on duplicate work). Native targets' corpora are counted by replaying them
 *     through libFuzzer's build; the JS target's by replaying them through bunfuzz. The CPU the
 *     workers and the supervisor used (read from /proc half a second before the campaign's end,
 *     in cores: CPU seconds over the seconds elapsed) separates how much of the machine a campaign
 *     turns into fuzzing from how fast its inputs run: exec/s = cores x executions per CPU second,
 *     and the second factor moves with the inputs a campaign happens to keep. With
 *     -engines=bunfuzz,libfuzzer, libFuzzer's own two-process mode (-jobs=2 -workers=2: two
 *     processes on one corpus directory) is measured the same way on native targets.
 *  G. scaling from a grown corpus: one worker grows a corpus for -time seconds; then one worker and
 *     two fuzz for -time seconds each from copies of it, same seed. Both start from the same
 *     inputs, and new ones are rarer than in a fresh campaign, so their exec/s compare the
 *     machinery at a like input mix; section S's fresh campaigns diverge (two workers' corpus
 *     grows faster, and its inputs grow longer with -len_control). Beside them, two independent
 *     one-worker campaigns at once from copies of the same corpus (the seeds -workers=2 gives its
 *     workers): what the machine itself gives two processes at that input mix.
 *  P. scaling at equal progress: -workers=2 for -time seconds, -workers=1 for 2.5 times that, -workers=2
 *     again; two workers' executions over their second half against one worker's rate over the
 *     same range of total executions (the same stage of the campaign: a corpus grows costlier).
 *  C. the machine's two-process ceiling alone: section A's fixed replay, -rounds=N times, by
 *     bunfuzz's regression mode and by libFuzzer's build (no fuzzer decisions at all).
 *  M. what the machine gives two processes: one one-worker campaign alone, two independent ones at
 *     once (the seeds -workers=2 gives its two workers), and one -workers=2 campaign, for -time
 *     seconds each; the same two ways for libFuzzer (native targets): executions against one alone.
 *     Two independent processes are the machine's own ceiling for two workers (caches, memory
 *     bandwidth and the hypervisor's share of two vCPUs), below the core count's 2.0.
 *  A. drift-cancelled scaling: -workers=1, -workers=2, -workers=2, -workers=1 for -time seconds each,
 *     same seed, fresh corpora (ABBA order: a machine whose speed drifts linearly over the four
 *     runs slows both kinds alike), and the machine's own ceiling in the same window: the first
 *     one-worker corpus replayed (-runs=R FILE...: the same executions every time) by one process
 *     alone and by two at once, ABBA too, by libFuzzer's build (native targets: one thread, the
 *     machine alone) and by bunfuzz (a Bun process, whose JIT and GC threads use an idle core). On this VM the same replay alone took 9.2-12.4 s within
 *     one quiet window, so a ratio of two runs minutes apart moves by up to 30% with the host.
 *  F. libFuzzer's own parallel flags, side by side with libFuzzer on the same harness: -fork=2 and
 *     -jobs=2 -workers=2 for -time seconds: executions, exec/s and features (replayed through
 *     libFuzzer's build).
 *
 *   bun bench/parallel.ts [-time=60] [-seed=1] [-targets=cjson,libyaml,libpng,toml] [-sections=S,G,P,A,C,M,F] [-rounds=3]
 *                         [-engines=bunfuzz,libfuzzer]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTargetSpec } from "../targets/build/sources.ts";
import { buildLibFuzzerBinary, buildTargetDir } from "../targets/build/targetDir.ts";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { workerSeed } from "../src/runner/peers.ts";
import { CLI, flag, freshCorpus, initedCoverage, median, ratio, replayCoverage, stat, table } from "./lib.ts";

const argv = process.argv.slice(2);
const T = flag(argv, "time", 60), SEED = flag(argv, "seed", 1);
const list = (name: string, def: string) => (argv.find((a) => a.startsWith(`-${name}=`))?.split("=")[1] ?? def).split(",");
const TARGETS = list("targets", "cjson,libyaml,libpng,toml");
const SECTIONS = list("sections", "S,F");
/** Section S's engines: bunfuzz's -workers=2, libFuzzer's -jobs=2 -workers=2 (native targets). */
const ENGINES = list("engines", "bunfuzz");
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
const CORES = "0,1";

interface Target {
  name: string;
  /** bunfuzz's target (.so or JS module) and the flags it needs. */
  bunfuzz: string;
  extra: string[];
  seeds?: string;
  maxLen: number;
  /** libFuzzer's build (native targets only). */
  libfuzzer?: string;
}

function target(name: string): Target {
  if (name === "toml") {
    const dir = join(PROJECT_ROOT, "targets/js/toml");
    // -keep_going=1, as bench/js.ts runs it: smol-toml has round-trip bugs a campaign finds within
    // seconds at some seeds, which would end it before the time compared.
    return { name, bunfuzz: join(dir, "fuzz.cjs"), extra: [`-instrument=smol-toml,${dir}/`, "-keep_going=1"], seeds: join(dir, "seeds"), maxLen: 4096 };
  }
  const dir = join(PROJECT_ROOT, "targets/c", name);
  const spec = readTargetSpec(dir);
  return { name, bunfuzz: buildTargetDir(dir).so, extra: [], seeds: spec.seeds, maxLen: spec.maxLen ?? 4096, libfuzzer: buildLibFuzzerBinary(dir) };
}

/** CPU seconds (user + system) of a process, from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  const f = `/proc/${pid}/stat`;
  if (!existsSync(f)) return 0;
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const rest = readFileSync(f, "utf8").split(") ").at(-1)!.split(" ");
  return (Number(rest[11]) + Number(rest[12])) / 100;
}

/** The live descendants of a process (a campaign's workers; libFuzzer -jobs' shells and their jobs). */
function descendants(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return []; // gone
  }
  // Children are listed per thread (libFuzzer starts its -jobs from threads of its own).
  const kids = tasks.flatMap((task) => {
    try {
      return readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
  return kids.flatMap((k) => [k, ...descendants(k)]);
}

/** Cores a campaign's supervisor and its workers used: CPU seconds over the seconds elapsed. */
interface Cores { supervisor: number; workers: number }

/**
 * Runs one campaign on both cores; returns its output (stderr). With `sampleAt` (seconds), also
 * the cores its supervisor and workers had used by then (taskset execs the command: same pid).
 * `alone`: the process fuzzes itself (libFuzzer without -jobs): its CPU is the workers'.
 */
async function run(cmd: string[], corpus: string, sampleAt = 0, alone = false): Promise<{ out: string; cores: Cores }> {
  const t0 = performance.now();
  const p = Bun.spawn(["taskset", "-c", CORES, ...cmd], { cwd: join(corpus, ".."), stdout: "pipe", stderr: "pipe" });
  const cores: Cores = { supervisor: NaN, workers: NaN };
  const timer = sampleAt > 0 ? setTimeout(() => {
    const secs = (performance.now() - t0) / 1000;
    const own = cpuSeconds(p.pid) / secs, below = descendants(p.pid).reduce((n, c) => n + cpuSeconds(c), 0) / secs;
    cores.supervisor = alone ? 0 : own;
    cores.workers = alone ? own + below : below;
  }, sampleAt * 1000) : undefined;
  const [out, err] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text()]);
  await p.exited;
  clearTimeout(timer);
  return { out: err + out, cores };
}

function bunfuzzCmd(t: Target, corpus: string, secs: number, extra: string[], seed = SEED): string[] {
  return [process.execPath, CLI, "fuzz", t.bunfuzz, corpus, `-max_total_time=${secs}`, `-seed=${seed}`, `-max_len=${t.maxLen}`, "-timeout=25", "-print_final_stats=1", `-artifact_prefix=${corpus}/../`, ...t.extra, ...extra];
}

function libfuzzerCmd(t: Target, corpus: string, secs: number, seed: number): string[] {
  return [t.libfuzzer!, corpus, `-max_total_time=${secs}`, `-seed=${seed}`, `-max_len=${t.maxLen}`, "-timeout=25", "-print_final_stats=1", `-artifact_prefix=${corpus}/../`];
}

/** A corpus one worker grew from the target's seeds in T seconds, and how many inputs it holds. */
async function growCorpus(t: Target, section: string): Promise<{ grown: string; size: number }> {
  log(`${section} ${t.name}: growing a corpus for ${T}s`);
  const grown = freshCorpus(t.seeds);
  await run(bunfuzzCmd(t, grown, T, []), grown);
  return { grown, size: readdirSync(grown).filter((f) => !f.startsWith(".")).length };
}

/** Features of a corpus, engine-neutrally where a libFuzzer build exists. */
function features(t: Target, corpus: string): number {
  if (t.libfuzzer) return replayCoverage(t.libfuzzer, corpus, t.maxLen).ft;
  const r = Bun.spawnSync([process.execPath, CLI, "fuzz", t.bunfuzz, corpus, "-runs=0", `-max_len=${t.maxLen}`, ...t.extra], { cwd: join(corpus, ".."), stderr: "pipe" });
  return initedCoverage(r.stderr.toString()).ft;
}

/** A campaign's executions over time: (seconds since start, the `#N` of each status line). */
type Progress = [seconds: number, execs: number][];

/** Runs one campaign on both cores, recording when each status line of its stderr arrived. */
async function runTimed(cmd: string[], corpus: string): Promise<Progress> {
  const t0 = performance.now();
  const p = Bun.spawn(["taskset", "-c", CORES, ...cmd], { cwd: join(corpus, ".."), stdout: "ignore", stderr: "pipe" });
  const progress: Progress = [];
  const dec = new TextDecoder();
  let tail = "";
  for await (const chunk of p.stderr) {
    const secs = (performance.now() - t0) / 1000, text = tail + dec.decode(chunk, { stream: true });
    const lines = text.split("\n");
    tail = lines.pop()!;
    for (const line of lines) {
      const m = /^#(\d+)\s/.exec(line);
      if (m) progress.push([secs, Number(m[1])]);
    }
  }
  await p.exited;
  return progress;
}

/** Executions by `secs` into a campaign (linear between status lines). */
function execsAt(p: Progress, secs: number): number {
  let prev: [number, number] = [0, 0];
  for (const x of p) {
    if (x[0] >= secs) return prev[1] + ((x[1] - prev[1]) * (secs - prev[0])) / Math.max(1e-9, x[0] - prev[0]);
    prev = x;
  }
  return prev[1];
}

/** When a campaign had made `execs` executions (NaN if it never did). */
function secondsAt(p: Progress, execs: number): number {
  let prev: [number, number] = [0, 0];
  for (const x of p) {
    if (x[1] >= execs) return prev[0] + ((x[0] - prev[0]) * (execs - prev[1])) / Math.max(1, x[1] - prev[1]);
    prev = x;
  }
  return NaN;
}

/** Executions of a -jobs campaign: the sum of its jobs' "Done N runs" lines (fuzz-<i>.log beside the corpus). */
function jobExecs(corpus: string): number {
  const dir = join(corpus, "..");
  let n = 0;
  for (const f of readdirSync(dir).filter((x) => /^fuzz-\d+\.log$/.test(x))) {
    const m = /Done (\d+) runs/.exec(readFileSync(join(dir, f), "utf8"));
    if (m) n += Number(m[1]);
  }
  return n;
}

/** Executions of a fork-mode campaign: the last `#N: cov:` line (libFuzzer's format, bunfuzz's too). */
function forkExecs(out: string): number {
  const all = [...out.matchAll(/^#(\d+): cov:/gm)];
  return all.length ? Number(all.at(-1)![1]) : NaN;
}

/** One campaign of section S: exec/s, features reached, and the cores it used. */
interface Scaling { eps: number; ft: number; cores: Cores }

/** Section S's row: one worker (a) and two (b) for T seconds, one worker for 2T (c). */
function scalingRow(name: string, engine: string, a: Scaling, b: Scaling, c: Scaling): (string | number)[] {
  const cores = (x: Cores) => `${x.workers.toFixed(2)} + ${x.supervisor.toFixed(2)}`;
  return [name, engine, a.eps, b.eps, ratio(b.eps, a.eps), c.eps, ratio(b.eps, c.eps), cores(a.cores), cores(b.cores), ratio(b.cores.workers, a.cores.workers),
    ratio(b.eps / b.cores.workers, a.eps / a.cores.workers), a.ft, b.ft, c.ft, ratio(b.ft, c.ft)];
}

/**
 * Wall seconds of one replay process: each file `runs` times, by bunfuzz's regression mode or by
 * libFuzzer's build (native targets), so the same executions every time.
 */
async function replay(t: Target, files: string[], runs: number, cwd: string, engine: "bunfuzz" | "libfuzzer"): Promise<number> {
  const cmd = engine === "libfuzzer" ? [t.libfuzzer!, `-runs=${runs}`, ...files]
    : [process.execPath, CLI, "fuzz", t.bunfuzz, `-runs=${runs}`, `-max_len=${t.maxLen}`, ...t.extra, ...files];
  const t0 = performance.now();
  const p = Bun.spawn(["taskset", "-c", CORES, ...cmd], { cwd, stdout: "ignore", stderr: "ignore" });
  await p.exited;
  return (performance.now() - t0) / 1000;
}

/** Seconds one replay of section A's and C's ceiling takes alone, about. */
const REPLAY_S = 5;

/**
 * What the machine gives two processes on a fixed workload: a corpus replayed (about REPLAY_S) alone
 * and by two processes at once, in ABBA order, `rounds` times. Returns each round's two processes'
 * throughput over one's (2.0 on two idle cores).
 */
async function replayCeiling(t: Target, corpus: string, engine: "bunfuzz" | "libfuzzer" = "bunfuzz", rounds = 1): Promise<number[]> {
  const files = readdirSync(corpus).filter((f) => !f.startsWith(".")).map((f) => join(corpus, f));
  const cwd = join(corpus, "..");
  const runs = Math.max(1, Math.round(REPLAY_S / (await replay(t, files, 1, cwd, engine))));
  const out: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const alone: number[] = [], pair: number[] = [];
    for (const kind of ["alone", "pair", "pair", "alone"]) {
      if (kind === "alone") alone.push(1 / (await replay(t, files, runs, cwd, engine)));
      else pair.push((await Promise.all([0, 1].map(() => replay(t, files, runs, cwd, engine)))).reduce((n, s) => n + 1 / s, 0));
    }
    out.push((pair[0]! + pair[1]!) / (alone[0]! + alone[1]!));
  }
  return out;
}

const sections: string[] = [`# bunfuzz's parallel modes (${new Date().toISOString().slice(0, 10)})`, `command: bun bench/parallel.ts ${argv.join(" ")}`.trim(), ""];

if (SECTIONS.includes("S")) {
  const rows: (string | number)[][] = [];
  for (const name of TARGETS) {
    const t = target(name);
    if (ENGINES.includes("bunfuzz")) {
      const one: Record<string, Scaling> = {};
      for (const [label, workers, secs] of [["1w", 1, T], ["2w", 2, T], ["1w-2T", 1, 2 * T]] as const) {
        log(`S ${name} ${label} ${secs}s`);
        const corpus = freshCorpus(t.seeds);
        const { out, cores } = await run(bunfuzzCmd(t, corpus, secs, [`-workers=${workers}`]), corpus, secs - 0.5);
        one[label] = { eps: stat(out, "average_exec_per_sec"), ft: features(t, corpus), cores };
      }
      rows.push(scalingRow(name, "bunfuzz -workers", one["1w"]!, one["2w"]!, one["1w-2T"]!));
    }
    if (!t.libfuzzer || !ENGINES.includes("libfuzzer")) continue;
    // libFuzzer's own way to use two cores, on the same harness: -jobs=2 -workers=2 (two processes
    // on one corpus directory, each re-reading it every second) against one process.
    const lf: Record<string, Scaling> = {};
    for (const [label, jobs, secs] of [["1w", 0, T], ["2w", 2, T], ["1w-2T", 0, 2 * T]] as const) {
      log(`S ${name} libFuzzer ${label} ${secs}s`);
      const corpus = freshCorpus(t.seeds);
      const cmd = [...libfuzzerCmd(t, corpus, secs, SEED), ...(jobs ? [`-jobs=${jobs}`, `-workers=${jobs}`] : [])];
      const { out, cores } = await run(cmd, corpus, secs - 0.5, !jobs);
      lf[label] = { eps: jobs ? Math.round(jobExecs(corpus) / secs) : stat(out, "average_exec_per_sec"), ft: features(t, corpus), cores };
    }
    rows.push(scalingRow(name, "libFuzzer -jobs", lf["1w"]!, lf["2w"]!, lf["1w-2T"]!));
  }
  // Two workers' length limit follows the campaign's runs, so at T seconds their inputs are as long
  // as one worker's at 2T: exec/s is compared with both.
  sections.push(`## S. Scaling: one worker and two, ${T} s (and one worker for ${2 * T} s), seed ${SEED}, both cores`, "",
    table(["target", "engine", `exec/s 1w ${T}s`, `exec/s 2w ${T}s`, "2w/1w", `exec/s 1w ${2 * T}s`, `2w/1w ${2 * T}s`, "cores 1w (workers + supervisor)", "cores 2w",
      "workers' cores 2w/1w", "exec per worker CPU-s 2w/1w", `ft 1w ${T}s`, `ft 2w ${T}s`, `ft 1w ${2 * T}s`, `ft 2w ${T}s / 1w ${2 * T}s`], rows), "");
}

if (SECTIONS.includes("P")) {
  // A campaign slows as its corpus grows (longer inputs, more of them reaching expensive code), and
  // two workers get further in T seconds than one: exec/s over the same T seconds compares a later
  // stage of the campaign with an earlier one. Here two workers' second half (T/2 to T) is set
  // against one worker's executions over the same range of total executions, the same stage.
  const rows: (string | number)[][] = [];
  const fixed = (x: number) => (Number.isNaN(x) ? "—" : x.toFixed(2));
  for (const name of TARGETS) {
    const t = target(name);
    const got: Record<string, Progress[]> = { "1w": [], "2w": [] };
    // One worker for 2.5T: two workers may make more than twice its executions by T.
    for (const [workers, secs] of [[2, T], [1, 2.5 * T], [2, T]] as const) {
      log(`P ${name} ${workers}w ${secs}s`);
      const corpus = freshCorpus(t.seeds);
      const progress = await runTimed(bunfuzzCmd(t, corpus, secs, [`-workers=${workers}`]), corpus);
      got[`${workers}w`]!.push(progress);
    }
    const one = got["1w"]![0]!, end = T - 1, half = T / 2;
    for (const [i, two] of got["2w"]!.entries()) {
      const a = execsAt(two, half), b = execsAt(two, end);
      const rate2 = (b - a) / (end - half), rate1 = (b - a) / (secondsAt(one, b) - secondsAt(one, a));
      rows.push([name, i + 1, Math.round(execsAt(one, end) / end), Math.round(b / end), fixed(execsAt(two, end) / execsAt(one, end)),
        `${(a / 1e6).toFixed(2)}-${(b / 1e6).toFixed(2)} M`, Math.round(rate1), Math.round(rate2), fixed(rate2 / rate1)]);
    }
  }
  sections.push(`## P. Scaling at equal progress: two workers for ${T} s (twice) and one for ${2.5 * T} s, seed ${SEED}, both cores`, "",
    table(["target", "2w run", `exec/s 1w 0-${T}s`, `exec/s 2w 0-${T}s`, "2w/1w same seconds", `2w's executions ${T / 2}-${T}s`, "exec/s 1w over those executions", "exec/s 2w over them",
      "2w/1w same executions"], rows), "");
}

if (SECTIONS.includes("G")) {
  const rows: (string | number)[][] = [];
  for (const name of TARGETS) {
    const t = target(name);
    const { grown, size } = await growCorpus(t, "G");
    const one: Record<string, Scaling> = {};
    for (const [label, workers] of [["1w", 1], ["2w", 2]] as const) {
      log(`G ${name} ${label} ${T}s from ${size} inputs`);
      const corpus = freshCorpus(grown);
      const { out, cores } = await run(bunfuzzCmd(t, corpus, T, [`-workers=${workers}`]), corpus, T - 0.5);
      one[label] = { eps: stat(out, "average_exec_per_sec"), ft: features(t, corpus), cores };
    }
    // The machine's own share: two independent one-worker campaigns at once, from the same corpus,
    // with the seeds -workers=2 gives its workers.
    log(`G ${name}: two independent campaigns at once, ${T}s`);
    const pair = [SEED, workerSeed(SEED, 1)].map((seed) => ({ seed, corpus: freshCorpus(grown) }));
    const both = await Promise.all(pair.map((x) => run(bunfuzzCmd(t, x.corpus, T, [], x.seed), x.corpus)));
    const pairEps = both.reduce((n, r) => n + stat(r.out, "average_exec_per_sec"), 0);
    const a = one["1w"]!, b = one["2w"]!;
    const cores = (x: Cores) => `${x.workers.toFixed(2)} + ${x.supervisor.toFixed(2)}`;
    rows.push([name, size, a.eps, b.eps, ratio(b.eps, a.eps), pairEps, ratio(pairEps, a.eps), cores(a.cores), cores(b.cores), ratio(b.cores.workers, a.cores.workers),
      ratio(b.eps / b.cores.workers, a.eps / a.cores.workers), a.ft, b.ft, ratio(b.ft, a.ft)]);
  }
  sections.push(`## G. Scaling from a grown corpus (one worker's after ${T} s): one worker and two, ${T} s more, seed ${SEED}, both cores`, "",
    table(["target", "inputs grown", `exec/s 1w`, `exec/s 2w`, "2w/1w", "exec/s two 1w at once", "two at once / 1w", "cores 1w (workers + supervisor)", "cores 2w", "workers' cores 2w/1w",
      "exec per worker CPU-s 2w/1w", "ft 1w", "ft 2w", "ft 2w/1w"], rows), "");
}

if (SECTIONS.includes("A")) {
  const rows: (string | number)[][] = [];
  for (const name of TARGETS) {
    const t = target(name);
    const eps: Record<string, number[]> = { "1w": [], "2w": [] };
    let firstCorpus = "";
    for (const workers of [1, 2, 2, 1]) {
      log(`A ${name} ${workers}w ${T}s`);
      const corpus = freshCorpus(t.seeds);
      firstCorpus ||= corpus;
      const { out } = await run(bunfuzzCmd(t, corpus, T, [`-workers=${workers}`]), corpus);
      eps[`${workers}w`]!.push(stat(out, "average_exec_per_sec"));
    }
    log(`A ${name}: replay ceilings`);
    const [byLibFuzzer] = t.libfuzzer ? await replayCeiling(t, firstCorpus, "libfuzzer") : [NaN];
    const [byBunfuzz] = await replayCeiling(t, firstCorpus, "bunfuzz");
    const [a1, a2] = eps["1w"]!, [b1, b2] = eps["2w"]!;
    const r = (b1! + b2!) / (a1! + a2!);
    const fixed = (x: number) => (Number.isNaN(x) ? "—" : x.toFixed(2));
    rows.push([name, `${a1}, ${a2}`, `${b1}, ${b2}`, ratio(b1!, a1!), ratio(b2!, a2!), r.toFixed(2), fixed(byLibFuzzer!), fixed(byBunfuzz!), fixed(r / byBunfuzz!)]);
  }
  sections.push(`## A. Scaling, drift-cancelled: one worker, two, two, one (${T} s each), seed ${SEED}, both cores; the machine's two-process ceiling in the same window`, "",
    table(["target", "exec/s 1w (first, last)", "exec/s 2w (2nd, 3rd)", "2w/1w runs 1-2", "2w/1w runs 3-4", "2w/1w (sums)", "replay two / one: libFuzzer's build", "replay two / one: bunfuzz", "2w/1w over bunfuzz's replay"], rows), "");
}

if (SECTIONS.includes("C")) {
  const rows: (string | number)[][] = [];
  const rounds = flag(argv, "rounds", 3);
  for (const name of TARGETS) {
    const t = target(name);
    const { grown, size } = await growCorpus(t, "C");
    for (const engine of t.libfuzzer ? ["libfuzzer", "bunfuzz"] as const : ["bunfuzz"] as const) {
      log(`C ${name} ${engine}: ${rounds} rounds`);
      const r = await replayCeiling(t, grown, engine, rounds);
      rows.push([name, size, engine === "libfuzzer" ? "libFuzzer's build" : "bunfuzz", r.map((x) => x.toFixed(2)).join(", "), median(r).toFixed(2)]);
    }
  }
  sections.push(`## C. The machine's two-process ceiling: a grown corpus (one worker, ${T} s, seed ${SEED}) replayed alone and by two processes at once, ABBA, ${rounds} rounds`, "",
    table(["target", "inputs", "replayed by", "two at once / alone, each round", "median"], rows), "");
}

if (SECTIONS.includes("M")) {
  const rows: (string | number)[][] = [];
  const seeds = [SEED, workerSeed(SEED, 1)];
  const execs = (out: string) => stat(out, "number_of_executed_units");
  for (const name of TARGETS) {
    const t = target(name);
    const engines: [string, (corpus: string, seed: number, extra: string[]) => string[]][] = [["bunfuzz", (c, seed, extra) => bunfuzzCmd(t, c, T, extra, seed)]];
    if (t.libfuzzer) engines.push(["libFuzzer", (c, seed) => libfuzzerCmd(t, c, T, seed)]);
    for (const [engine, cmd] of engines) {
      log(`M ${name} ${engine} ${T}s: alone, two at once${engine === "bunfuzz" ? ", -workers=2" : ""}`);
      let corpus = freshCorpus(t.seeds);
      const alone = execs((await run(cmd(corpus, SEED, []), corpus)).out);
      const pair = seeds.map(() => freshCorpus(t.seeds));
      const both = (await Promise.all(pair.map((c, i) => run(cmd(c, seeds[i]!, []), c)))).map((r) => execs(r.out));
      let pooled = NaN;
      if (engine === "bunfuzz") {
        corpus = freshCorpus(t.seeds);
        pooled = execs((await run(cmd(corpus, SEED, ["-workers=2"]), corpus)).out);
      }
      rows.push([name, engine, alone, `${both[0]} + ${both[1]}`, ratio(both[0]! + both[1]!, alone), Number.isNaN(pooled) ? "" : pooled, Number.isNaN(pooled) ? "" : ratio(pooled, alone)]);
    }
  }
  sections.push(`## M. What the machine gives two processes: ${T} s, seeds ${seeds.join(" and ")}, both cores`, "",
    table(["target", "engine", "execs alone", "execs two at once", "two at once / alone", "execs -workers=2", "-workers=2 / alone"], rows), "");
}

if (SECTIONS.includes("F")) {
  const rows: (string | number)[][] = [];
  for (const name of TARGETS.filter((n) => n !== "toml")) {
    const t = target(name);
    for (const mode of [["-fork=2"], ["-jobs=2", "-workers=2"]]) {
      const res: Record<string, { execs: number; ft: number }> = {};
      for (const engine of ["libfuzzer", "bunfuzz"] as const) {
        log(`F ${name} ${mode.join(" ")} ${engine} ${T}s`);
        const corpus = freshCorpus(t.seeds);
        const flags = [`-max_total_time=${T}`, `-seed=${SEED}`, `-max_len=${t.maxLen}`, "-timeout=25", `-artifact_prefix=${corpus}/../`, ...mode];
        const cmd = engine === "libfuzzer" ? [t.libfuzzer!, ...flags, corpus] : [process.execPath, CLI, "fuzz", t.bunfuzz, corpus, ...flags];
        const { out } = await run(cmd, corpus);
        res[engine] = { execs: mode[0] === "-fork=2" ? forkExecs(out) : jobExecs(corpus), ft: features(t, corpus) };
      }
      const lf = res.libfuzzer!, bf = res.bunfuzz!;
      rows.push([name, mode.join(" "), lf.execs, bf.execs, ratio(bf.execs, lf.execs), lf.ft, bf.ft, ratio(bf.ft, lf.ft)]);
    }
  }
  sections.push(`## F. libFuzzer's -fork=2 and -jobs=2 -workers=2, ${T} s, seed ${SEED}, both cores`, "",
    table(["target", "mode", "libFuzzer execs", "bunfuzz execs", "execs bf/lF", "libFuzzer ft", "bunfuzz ft", "ft bf/lF"], rows), "");
}

const text = sections.join("\n");
console.log(text);
writeFileSync(join(PROJECT_ROOT, "bench/results/parallel-latest.md"), `${text}\n`);
