/**
 * What SanitizerCoverage probes and their runtime cost a native target (issue 18, item 7): the same
 * inputs replayed through the same library built
 *   plain            uninstrumented (clang-14 -O1), called by a C driver (bench/native/driver.c);
 *   + optforfuzzing  the code generation -fsanitize=fuzzer asks for, no probes (its own cost);
 *   probe kinds      inline 8-bit counters, + stack depth, + trace-cmp, trace-pc-guard, each under
 *                    bunfuzz's shim without Bun (per input: copy into the slot, bf_run = execute +
 *                    collect features), and trace-cmp / pc-guard calling empty callbacks (the calls
 *                    alone);
 *   bunfuzz build    bunfuzz's own flags (clang-14 and zig cc) under the shim;
 *   libFuzzer        -fsanitize=fuzzer, replaying the directory with -runs=0; the per-file cost of
 *                    its replay (reading each file), measured with an empty harness over the same
 *                    files, is subtracted.
 * Counted in instructions under callgrind (load-independent): the difference between replaying the
 * inputs 3 times and once, per execution, so start-up cancels; reported as exec rate relative to
 * plain (plain instructions / variant instructions). With -wall=R, also wall-clock exec/s, the
 * variants interleaved R rounds, median ratio (noisy on a shared machine). The C driver leaves out
 * bun:ffi's crossing into bf_run, about 4 ns a call (PLATFORM-NOTES).
 *
 *   bun bench/nativeOverhead.ts [-targets=cjson,libyaml,libpng] [-corpusRuns=100000] [-wall=0] [-wallExecs=200000] [-shim=PATH]
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_INSTRUMENT, instrumentFlags, compileCached } from "../src/build/compile.ts";
import { shimBuildArgs, shimSourceFiles, shimSourceKey } from "../src/build/shim.ts";
import { cCompiler, runBuild } from "../src/build/toolchain.ts";
import { buildLibFuzzerBinary, buildTargetDir, targetSources } from "../targets/build/targetDir.ts";
import { CACHE_DIR, NATIVE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { CLI, flag, freshCorpus, median, table } from "./lib.ts";

const argv = process.argv.slice(2);
const list = (name: string, def: string) => (argv.find((a) => a.startsWith(`-${name}=`))?.split("=")[1] ?? def).split(",");
const TARGETS = list("targets", "cjson,libyaml,libpng");
const CORPUS_RUNS = flag(argv, "corpusRuns", 100_000), WALL = flag(argv, "wall", 0), WALL_EXECS = flag(argv, "wallExecs", 200_000);
const CALLGRIND = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"];
const OUT = join(CACHE_DIR, "bench-overhead");
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
mkdirSync(OUT, { recursive: true });

const driver = join(OUT, "driver"), empty = join(OUT, "empty_callbacks.so");
// -lm: the driver stands in for Bun, which has libm loaded (libpng's objects leave pow to it).
runBuild(["clang-14", "-O2", "-o", driver, join(import.meta.dir, "native/driver.c"), "-ldl", "-Wl,--no-as-needed", "-lm"], { quiet: true, what: "overhead driver" });
runBuild(["clang-14", "-O2", "-shared", "-fPIC", "-o", empty, join(import.meta.dir, "native/empty_callbacks.c")], { quiet: true, what: "empty callbacks" });
const emptyHarness = join(OUT, "empty_harness.c");
writeFileSync(emptyHarness, "#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n");
const lfEmpty = join(OUT, "libfuzzer-empty");
runBuild(["clang-14", "-O1", "-fsanitize=fuzzer", emptyHarness, "-o", lfEmpty], { quiet: true, what: "empty libFuzzer harness" });
const LD_EMPTY = stripped(empty);
/**
 * zig cc builds for the host CPU, and this one has AVX-512, which valgrind 3.19 cannot run: the shim
 * and the zig-built target are built for x86-64-v3 (AVX2) here, the same code otherwise.
 */
const CPU_FLAGS = ["-mcpu=x86_64_v3"];
/** -shim=PATH measures another shim build (the one before a change, say) against the same targets. */
const SHIM = argv.find((a) => a.startsWith("-shim="))?.slice("-shim=".length) ?? join(OUT, `shim-${shimSourceKey()}.so`);
const shim = SHIM;
if (!existsSync(shim)) {
  const srcs = shimSourceFiles().filter((f) => f.endsWith(".c")).map((f) => join(NATIVE_DIR, f));
  runBuild([...cCompiler("the shim"), ...CPU_FLAGS, ...shimBuildArgs({ os: process.platform }, srcs, shim)], { quiet: true, what: "shim (x86-64-v3)" });
}

/**
 * A copy without debug info: valgrind 3.19's reader gives up on clang-14's and zig's DWARF 5 (and
 * instruction counts do not need it).
 */
function stripped(path: string): string {
  const out = `${path}.stripped`;
  if (!existsSync(out)) runBuild(["strip", "--strip-debug", "-o", out, path], { quiet: true, what: `strip ${path}` });
  return out;
}

/** A directory holding every file of `dir` `k` times (libFuzzer's replay runs each file once). */
function repeated(dir: string, k: number): string {
  const out = `${dir}-x${k}`;
  if (existsSync(out)) return out;
  mkdirSync(`${out}.tmp`, { recursive: true });
  for (const f of readdirSync(dir)) for (let i = 0; i < k; i++) cpSync(join(dir, f), join(`${out}.tmp`, `${f}-${i}`));
  cpSync(`${out}.tmp`, out, { recursive: true });
  rmSync(`${out}.tmp`, { recursive: true, force: true });
  return out;
}

/** One build and runtime: a driver command (instructions and wall clock), or libFuzzer's replay. */
interface Variant { label: string; driver?: { mode: string; so: string; env?: Record<string, string> }; libfuzzer?: boolean }

const sections: string[] = [`# Native probe overhead (${new Date().toISOString().slice(0, 10)})`, `command: bun bench/nativeOverhead.ts ${argv.join(" ")}`.trim(), "",
  "Exec rate relative to the plain build: plain instructions per execution / the variant's (callgrind, replaying the corpus 3x minus 1x)" +
  (WALL ? `; wall clock: exec/s relative to plain, median of ${WALL} interleaved rounds of ${WALL_EXECS} executions each (noisy on a shared machine).` : "."), ""];
const rows: (string | number)[][] = [];

/** Runs the driver (under `wrap`, e.g. callgrind) and returns its output. */
function driverRun(v: NonNullable<Variant["driver"]>, corpus: string, reps: number, wrap: string[] = []): { stdout: string; stderr: string } {
  const env = Object.entries(v.env ?? {}).map(([k, x]) => `${k}=${x}`);
  const r = Bun.spawnSync(["env", ...env, ...wrap, driver, v.mode, stripped(v.so), corpus, String(reps), stripped(SHIM)], { stdout: "pipe", stderr: "pipe" });
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

function callgrind(out: { stderr: string }): number {
  const m = /Collected : (\d+)/.exec(out.stderr);
  if (!m) throw new Error(`callgrind failed:\n${out.stderr.slice(-2000)}`);
  return Number(m[1]);
}

for (const name of TARGETS) {
  const dir = join(PROJECT_ROOT, "targets/c", name);
  const { spec, src } = targetSources(dir);
  const maxLen = spec.maxLen ?? 4096;
  // The inputs: what bunfuzz keeps in CORPUS_RUNS executions at seed 1 (seeded, so the same each time).
  const corpus = join(OUT, `${name}-corpus-${CORPUS_RUNS}`);
  if (!existsSync(corpus)) {
    const tmp = freshCorpus(spec.seeds);
    Bun.spawnSync([process.execPath, CLI, "fuzz", buildTargetDir(dir).so, tmp, `-runs=${CORPUS_RUNS}`, "-seed=1", `-max_len=${maxLen}`], { stdout: "ignore", stderr: "ignore" });
    cpSync(tmp, corpus, { recursive: true });
  }
  const n = readdirSync(corpus).length;
  log(`${name}: ${n} inputs`);
  const sources = [spec.harness, ...src.files];
  const defs = src.defines.map((d) => (d.startsWith("-D") ? d : `-D${d}`));
  const base = ["-shared", "-fPIC", "-g", "-O1", ...src.includeDirs.map((d) => `-I${d}`), ...defs];
  const build = (label: string, flags: string[]): string => {
    const out = join(OUT, `${name}-${label}.so`);
    if (!existsSync(out)) runBuild(["clang-14", ...base, ...flags, ...sources, "-o", out], { quiet: true, what: `${name} ${label}` });
    return out;
  };
  const opt = ["-Xclang", "-fsanitize=fuzzer-no-link"];
  const cov = (kinds: string) => [...opt, `-fsanitize-coverage=${kinds}`];
  const inline = build("inline", cov("inline-8bit-counters,pc-table")), inlineCmp = build("inline_cmp", cov("inline-8bit-counters,pc-table,trace-cmp"));
  const pcguard = build("pcguard", cov("trace-pc-guard,pc-table")), none = { LD_PRELOAD: LD_EMPTY };
  const variants: Variant[] = [
    { label: "plain", driver: { mode: "plain", so: build("plain", []) } },
    { label: "+ optforfuzzing codegen, no probes", driver: { mode: "plain", so: build("opt", opt) } },
    { label: "inline 8-bit counters, no runtime", driver: { mode: "call", so: inline, env: none } },
    { label: "inline 8-bit counters (shim)", driver: { mode: "shim", so: inline } },
    { label: "inline + stack depth (shim)", driver: { mode: "shim", so: build("inline_depth", cov("inline-8bit-counters,pc-table,stack-depth")) } },
    { label: "inline + trace-cmp, empty callbacks", driver: { mode: "call", so: inlineCmp, env: none } },
    { label: "inline + trace-cmp (shim)", driver: { mode: "shim", so: inlineCmp } },
    { label: "trace-pc-guard, empty callbacks", driver: { mode: "call", so: pcguard, env: none } },
    { label: "trace-pc-guard (shim)", driver: { mode: "shim", so: pcguard } },
    {
      label: "bunfuzz build, clang-14 (shim)",
      driver: { mode: "shim", so: compileCached(`${name}-bunfuzz-clang`, sources, OUT, { ...DEFAULT_INSTRUMENT, cc: "clang-14" }, { includeDirs: src.includeDirs, defines: defs, quiet: true }) },
    },
    {
      label: "bunfuzz build, zig cc (shim)",
      driver: { mode: "shim", so: compileCached(`${name}-bunfuzz-zig`, sources, OUT, DEFAULT_INSTRUMENT, { includeDirs: src.includeDirs, defines: defs, flags: CPU_FLAGS, quiet: true }) },
    },
    { label: "libFuzzer (-fsanitize=fuzzer, -runs=0 replay)", libfuzzer: true },
  ];
  const perExec = (v: Variant): number => {
    if (v.driver) return (callgrind(driverRun(v.driver, corpus, 3, CALLGRIND)) - callgrind(driverRun(v.driver, corpus, 1, CALLGRIND))) / (2 * n);
    const lf = stripped(buildLibFuzzerBinary(dir));
    const run = (bin: string, d: string) => callgrind({ stderr: Bun.spawnSync([...CALLGRIND, bin, "-runs=0", `-max_len=${maxLen}`, "-rss_limit_mb=0", d], { stdout: "pipe", stderr: "pipe" }).stderr.toString() });
    const x1 = repeated(corpus, 1), x3 = repeated(corpus, 3);
    const floor = (run(lfEmpty, x3) - run(lfEmpty, x1)) / (2 * n);
    return (run(lf, x3) - run(lf, x1)) / (2 * n) - floor;
  };
  const ins = variants.map((v) => { log(`${name}: ${v.label}`); return perExec(v); });
  // Wall clock: every driver variant once per round, rounds interleaved; exec/s relative to plain's in the same round.
  const wall = variants.map(() => [] as number[]);
  const reps = Math.max(1, Math.round(WALL_EXECS / n));
  for (let round = 0; round < WALL; round++) {
    const rate = variants.map((v) => {
      if (!v.driver) return NaN;
      const m = /execs (\d+) seconds ([\d.]+)/.exec(driverRun(v.driver, corpus, reps).stdout);
      return m ? Number(m[1]) / Number(m[2]) : NaN;
    });
    rate.forEach((r, i) => wall[i]!.push(r / rate[0]!));
  }
  variants.forEach((v, i) => rows.push([name, v.label, Math.round(ins[i]!), (ins[0]! / ins[i]!).toFixed(2), ...(WALL ? [v.driver ? median(wall[i]!).toFixed(2) : "n/a"] : [])]));
}
sections.push(table(["target", "build and runtime", "instructions per execution", "exec rate / plain", ...(WALL ? ["wall clock / plain"] : [])], rows), "");

const text = sections.join("\n");
process.stdout.write(`${text}\n`);
writeFileSync(join(import.meta.dir, "results", "native-overhead-latest.md"), `${text}\n`);
