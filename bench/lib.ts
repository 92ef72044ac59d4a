/** Shared pieces of the benchmarks: running engines, parsing libFuzzer-format output, tables. */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";

export const CLI = join(PROJECT_ROOT, "src/cli/main.ts");

/** The CPU benchmarks pin to (BENCH_CPU, default 0), so two benchmarks can run on two cores. */
export const CPU = process.env.BENCH_CPU ?? "0";

export interface RunResult {
  execPerSec: number;
  execs: number;
  seconds: number;
  /** Exit code: 0 for a clean stop; a finding ends a campaign early. */
  code: number;
  corpusDir: string;
  /** Seconds until the first crash/timeout artifact, if any. */
  crashAfter?: number;
  output: string;
}

/**
 * The sources of revision `ref` under the cache (`git archive` of src/, native/ and package.json;
 * no worktree to clean up), sharing this checkout's node_modules: its CLI is
 * `<dir>/src/cli/main.ts` (run it with BUNFUZZ_CACHE set to this checkout's cache, so it finds the
 * Zig and the content-keyed builds there).
 */
export function checkoutOf(ref: string): string {
  const sha = Bun.spawnSync(["git", "rev-parse", "--short", ref], { cwd: PROJECT_ROOT }).stdout.toString().trim();
  if (!sha) throw new Error(`-against=${ref}: not a git revision of ${PROJECT_ROOT}`);
  const dir = join(CACHE_DIR, `bench-against-${sha}`);
  if (!existsSync(join(dir, "native"))) {
    mkdirSync(dir, { recursive: true });
    const r = Bun.spawnSync(["sh", "-c", `git archive ${sha} src native package.json | tar -x -C '${dir}'`], { cwd: PROJECT_ROOT, stderr: "pipe" });
    if (r.exitCode !== 0) throw new Error(`git archive ${sha}: ${r.stderr.toString()}`);
  }
  if (!existsSync(join(dir, "node_modules"))) symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** The command of a bunfuzz campaign run by the checkout at `root` (checkoutOf) instead of this one. */
export function inCheckout(cmd: string[], root: string): string[] {
  return ["env", `BUNFUZZ_CACHE=${CACHE_DIR}`, ...cmd.map((a) => (a === CLI ? join(root, "src/cli/main.ts") : a))];
}

export function freshCorpus(seedDir?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bunfuzz-bench-"));
  const corpus = join(dir, "corpus");
  mkdirSync(corpus);
  if (seedDir) for (const f of readdirSync(seedDir)) cpSync(join(seedDir, f), join(corpus, f));
  return corpus;
}

/** Runs a command pinned to CPU BENCH_CPU; `out` is its stderr then its stdout, `stdout` the latter alone. */
export function pinned(argv: string[], cwd: string): { code: number; out: string; stdout: string; seconds: number } {
  const t0 = performance.now();
  const r = Bun.spawnSync(["taskset", "-c", CPU, ...argv], { cwd, stdout: "pipe", stderr: "pipe" });
  const stdout = r.stdout.toString();
  return { code: r.exitCode ?? -1, out: r.stderr.toString() + stdout, stdout, seconds: (performance.now() - t0) / 1000 };
}

export function stat(out: string, name: string): number {
  const m = new RegExp(`stat::${name}:\\s+(\\d+)`).exec(out);
  return m ? Number(m[1]) : NaN;
}

/** cov: and ft: of the INITED line: what replaying a corpus reaches. */
export function initedCoverage(out: string): { cov: number; ft: number } {
  const m = /INITED cov: (\d+) ft: (\d+)/.exec(out);
  return m ? { cov: Number(m[1]), ft: Number(m[2]) } : { cov: NaN, ft: NaN };
}

/**
 * Engine-neutral coverage: replays a corpus through the same libFuzzer build with -runs=0 and
 * reads the INITED line, so both engines' corpora are counted by one instrumentation.
 */
export function replayCoverage(libfuzzerBin: string, corpus: string, maxLen: number, extra: string[] = []): { cov: number; ft: number } {
  const r = Bun.spawnSync([libfuzzerBin, "-runs=0", `-max_len=${maxLen}`, ...extra, corpus], { stdout: "pipe", stderr: "pipe" });
  return initedCoverage(r.stderr.toString());
}

/**
 * The other direction of the same check: replays a corpus through bunfuzz's build of the harness
 * (`-runs=0`, on a copy: the replay may write files). Each engine's instrumentation differs a
 * little (zig's clang folds some switches clang-14 keeps), so counting through both builds shows
 * which differences are the engines' and which the compilers'.
 */
export function replayThroughBunfuzz(so: string, corpus: string, maxLen: number): { cov: number; ft: number } {
  const copy = freshCorpus(corpus);
  const r = Bun.spawnSync([process.execPath, CLI, "fuzz", so, copy, "-runs=0", `-max_len=${maxLen}`], { cwd: join(copy, ".."), stdout: "pipe", stderr: "pipe" });
  rmSync(join(copy, ".."), { recursive: true, force: true });
  return initedCoverage(r.stderr.toString());
}

export function ratio(a: number, b: number): string {
  return b > 0 && Number.isFinite(a) ? (a / b).toFixed(2) : "n/a";
}

export function table(header: string[], rows: (string | number)[][]): string {
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  for (const r of rows) lines.push(`| ${r.join(" | ")} |`);
  return lines.join("\n");
}

export function flag(argv: string[], name: string, def: number): number {
  const a = argv.find((x) => x.startsWith(`-${name}=`));
  return a ? Number(a.split("=")[1]) : def;
}

/** The median (lower of the middle two for an even count); NaN for none. Infinity sorts last. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

/**
 * Runs one campaign pinned to `cpu` (default BENCH_CPU); copies the corpus at `snapAt` seconds (to
 * `<corpus>-snap`), or at each of several times (to `<corpus>-snap-<seconds>`, all in `snaps`).
 * Two campaigns started at once on the two CPUs see the same load from everything else.
 */
export async function campaign(cmd: string[], corpus: string, snapAt: number | readonly number[], cpu = CPU): Promise<{ out: string; code: number; seconds: number; snap?: string; snaps: Record<number, string> }> {
  const t0 = performance.now();
  const p = Bun.spawn(["taskset", "-c", cpu, ...cmd], { cwd: join(corpus, ".."), stdout: "pipe", stderr: "pipe" });
  const snaps: Record<number, string> = {};
  const times = typeof snapAt === "number" ? [snapAt] : snapAt;
  const timers = times.filter((t) => t > 0).map((t) => setTimeout(() => {
    snaps[t] = snapshot(corpus, typeof snapAt === "number" ? `${corpus}-snap` : `${corpus}-snap-${t}`);
  }, t * 1000));
  const [out, err] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text()]);
  const code = await p.exited;
  for (const t of timers) clearTimeout(t);
  return { out: err + out, code, seconds: (performance.now() - t0) / 1000, snap: snaps[times[0] ?? 0], snaps };
}

/** Copies a live corpus file by file to `snap`: an engine may delete a file (REDUCE) while we copy. */
function snapshot(corpus: string, snap: string): string {
  mkdirSync(snap, { recursive: true });
  for (const f of readdirSync(corpus)) {
    try { copyFileSync(join(corpus, f), join(snap, f)); } catch { /* replaced meanwhile: its successor is copied */ }
  }
  return snap;
}

/** The command line of one campaign of either engine, with the flags both take. */
export function engineCmd(engine: "libfuzzer" | "bunfuzz", bin: string, corpus: string, secs: number, seed: number, maxLen: number, extra: string[] = []): string[] {
  // -timeout=25 (ClusterFuzz's): a slow input then ends a campaign in seconds, not libFuzzer's default 20 minutes.
  const flags = [`-max_total_time=${secs}`, `-seed=${seed}`, `-max_len=${maxLen}`, "-timeout=25", "-print_final_stats=1", `-artifact_prefix=${corpus}/../`, ...extra];
  return engine === "libfuzzer" ? [bin, ...flags, corpus] : [process.execPath, CLI, "fuzz", bin, corpus, ...flags];
}
