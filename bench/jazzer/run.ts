/**
 * Jazzer.js 4.0.0 as a comparison anchor: runs one fuzzing campaign on Node, pinned
 * to one CPU with taskset, and parses libFuzzer's final stats.
 *
 * Needs `bash bench/jazzer/setup.sh` once (runJazzer runs it itself when Jazzer.js is
 * not installed yet). See README.md beside this file.
 *
 *   bun bench/jazzer/run.ts --target bench/jazzer/example/fuzz.js --seconds 10 --seed 1 \
 *       [--corpus DIR] [--include node_modules/json5/ ...] [--cpu 0] [--json] [-- libFuzzer flags]
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { parseArgs } from "node:util";

export const JAZZER_DIR: string = import.meta.dir;
export const JAZZER_CLI: string = join(JAZZER_DIR, "node_modules/@jazzer.js/core/dist/cli.js");
const ADDON_ORIG = join(JAZZER_DIR, "node_modules/@jazzer.js/fuzzer/prebuilds/fuzzer-linux-x64.node.orig");

export interface JazzerOptions {
  /** Absolute path of a JS fuzz target file exporting `fuzz(data: Buffer)`. */
  target: string;
  /**
   * Substrings of file paths to instrument (Jazzer.js `-i`), e.g. `node_modules/json5/`.
   * Empty: Jazzer.js's default (everything except node_modules). Non-empty: only matching
   * files, so include the target's own folder too if its code should count.
   */
  include: string[];
  /** libFuzzer -max_total_time (fuzzing time, start-up not included). */
  seconds: number;
  seed: number;
  /** Corpus directory (created if missing; Jazzer.js reads seeds from it and writes new inputs). */
  corpus: string;
  /** CPU to pin Node to with taskset (default 0). */
  cpu?: number;
  /** Folder for crash artifacts (default: a fresh temporary folder). */
  artifactDir?: string;
  /** Extra libFuzzer flags, e.g. ["-max_len=4096", "-use_value_profile=1"]. */
  libfuzzerArgs?: string[];
  /** Node binary (default: $JAZZER_NODE, else `node` on PATH). */
  node?: string;
}

export interface JazzerResult {
  /** libFuzzer's stat::average_exec_per_sec (executions / whole seconds of fuzzing). */
  execPerSec: number;
  /** libFuzzer's stat::number_of_executed_units. */
  execs: number;
  /** Wall-clock seconds of the whole process, start-up included. */
  seconds: number;
  exitCode: number;
  /** stdout and stderr of the run, interleaved as they arrived. */
  output: string;
  /** Seconds from spawn to libFuzzer's INITED line (Node + Jazzer.js start-up + seed corpus run). */
  startupSeconds?: number;
  /** Seconds from spawn to the crash report, when the run found a crash. */
  crashSeconds?: number;
  /** Path of the crashing input libFuzzer wrote, when the run found a crash. */
  crashArtifact?: string;
  /** cov / ft of the last libFuzzer status line. */
  cov?: number;
  ft?: number;
  /** Full command line that was run. */
  command: string[];
}

/** The Node binary Jazzer.js runs on: $JAZZER_NODE, else `node` on PATH. */
export function jazzerNode(): string {
  return process.env.JAZZER_NODE ?? Bun.which("node") ?? "/usr/bin/node";
}

/** Installs and patches Jazzer.js with setup.sh when it is not installed yet. */
export function ensureJazzer(): void {
  if (existsSync(JAZZER_CLI) && existsSync(ADDON_ORIG)) return;
  const r = Bun.spawnSync(["bash", join(JAZZER_DIR, "setup.sh")], { stdout: "inherit", stderr: "inherit" });
  if (r.exitCode !== 0) throw new Error(`bench/jazzer/setup.sh failed (exit ${r.exitCode})`);
}

function lastNumber(text: string, re: RegExp): number | undefined {
  let v: number | undefined;
  for (const m of text.matchAll(re)) v = Number(m[1]);
  return v;
}

/** Parses libFuzzer's output (final stats, falling back to the last status line). */
export function parseLibFuzzerOutput(output: string): Pick<JazzerResult, "execPerSec" | "execs" | "cov" | "ft" | "crashArtifact"> {
  const status = [...output.matchAll(/^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+).*?exec\/s: (\d+)/gm)].at(-1);
  const execs = lastNumber(output, /^stat::number_of_executed_units:\s*(\d+)/gm) ?? (status ? Number(status[1]) : 0);
  const execPerSec = lastNumber(output, /^stat::average_exec_per_sec:\s*(\d+)/gm) ?? (status ? Number(status[4]) : 0);
  const crashArtifact = [...output.matchAll(/Test unit written to (\S+)/g)].at(-1)?.[1];
  return {
    execs,
    execPerSec,
    cov: status ? Number(status[2]) : undefined,
    ft: status ? Number(status[3]) : undefined,
    crashArtifact,
  };
}

export async function runJazzer(opts: JazzerOptions): Promise<JazzerResult> {
  ensureJazzer();
  if (!isAbsolute(opts.target)) throw new Error(`target must be an absolute path: ${opts.target}`);
  if (!existsSync(opts.target)) throw new Error(`target not found: ${opts.target}`);
  const cpu = opts.cpu ?? 0;
  const corpus = resolve(opts.corpus);
  mkdirSync(corpus, { recursive: true });
  const artifactDir = resolve(opts.artifactDir ?? mkdtempSync(join(tmpdir(), "bunfuzz-jazzer-")));
  mkdirSync(artifactDir, { recursive: true });
  const node = opts.node ?? jazzerNode();

  const command = [
    "taskset", "-c", String(cpu),
    node, JAZZER_CLI, opts.target, corpus, "--sync",
    ...opts.include.flatMap((i) => ["-i", i]),
    "--",
    `-max_total_time=${opts.seconds}`,
    `-seed=${opts.seed}`,
    "-print_final_stats=1",
    `-artifact_prefix=${artifactDir}/`,
    ...(opts.libfuzzerArgs ?? []),
  ];

  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const proc = Bun.spawn(command, { cwd: JAZZER_DIR, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  // Backstop: libFuzzer stops itself after -max_total_time; allow start-up and slack.
  const killer = setTimeout(() => proc.kill("SIGKILL"), (opts.seconds + 120) * 1000);

  let output = "";
  let startupSeconds: number | undefined;
  let crashSeconds: number | undefined;
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    for await (const chunk of stream) {
      const s = dec.decode(chunk, { stream: true });
      output += s;
      const recent = output.slice(-(s.length + 64)); // a marker may straddle two chunks
      if (startupSeconds === undefined && /\bINITED\b/.test(recent)) startupSeconds = elapsed();
      if (crashSeconds === undefined && /==\d+== (Uncaught Exception|ERROR)|deadly signal|Test unit written/.test(recent)) {
        crashSeconds = elapsed();
      }
    }
    output += dec.decode();
  };
  await Promise.all([pump(proc.stdout), pump(proc.stderr)]);
  const exitCode = await proc.exited;
  clearTimeout(killer);
  const seconds = elapsed();

  return { ...parseLibFuzzerOutput(output), seconds, exitCode, output, startupSeconds, crashSeconds, command };
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: {
      target: { type: "string" },
      include: { type: "string", short: "i", multiple: true, default: [] },
      seconds: { type: "string", default: "10" },
      seed: { type: "string", default: "1" },
      corpus: { type: "string" },
      cpu: { type: "string", default: "0" },
      artifacts: { type: "string" },
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", short: "v", default: false },
    },
    allowPositionals: true,
  });
  if (!values.target) {
    console.error(
      "usage: bun bench/jazzer/run.ts --target FILE.js [--include PATH ...] [--seconds 10] [--seed 1]\n" +
        "                              [--corpus DIR] [--cpu 0] [--artifacts DIR] [--json] [-v] [-- libFuzzer flags]",
    );
    process.exit(2);
  }
  const corpus = values.corpus ?? mkdtempSync(join(tmpdir(), "bunfuzz-jazzer-corpus-"));
  const r = await runJazzer({
    target: resolve(values.target),
    include: values.include ?? [],
    seconds: Number(values.seconds),
    seed: Number(values.seed),
    corpus,
    cpu: Number(values.cpu),
    artifactDir: values.artifacts,
    libfuzzerArgs: positionals,
  });
  if (values.verbose) process.stderr.write(r.output);
  const { output: _output, ...summary } = r;
  if (values.json) {
    console.log(JSON.stringify({ ...summary, corpus }, null, 2));
  } else {
    const f = (x: number | undefined) => (x === undefined ? "-" : x.toFixed(2));
    console.log(`command:    ${r.command.join(" ")}`);
    console.log(`exit code:  ${r.exitCode}${r.crashArtifact ? ` (crash: ${r.crashArtifact})` : ""}`);
    console.log(`execs:      ${r.execs}   exec/s: ${r.execPerSec}   cov: ${r.cov ?? "-"}   ft: ${r.ft ?? "-"}`);
    console.log(`wall:       ${f(r.seconds)} s   start-up (to INITED): ${f(r.startupSeconds)} s   crash at: ${f(r.crashSeconds)} s`);
    console.log(`corpus:     ${corpus}`);
  }
}
