/**
 * What ClusterFuzz's stack analyzer makes of bunfuzz's crash reports, beside libFuzzer's for the
 * same harness: each planted bug is reproduced once by bunfuzz (zig cc, and -asan) and by libFuzzer
 * (clang-14 -fsanitize=fuzzer, and with address), and every output goes through
 * `stack_analyzer.get_crash_data` of the `clusterfuzz` package (PyPI) in the given Python. Two
 * different bugs must get two different, non-empty crash states.
 *
 *   python3 -m venv /tmp/cf && /tmp/cf/bin/pip install clusterfuzz==2.6.0
 *   bun bench/crashStates.ts -python=/tmp/cf/bin/python [-overlay=DIR]
 *
 * -overlay=DIR puts DIR first on Python's path: a folder holding a newer `clusterfuzz/stacktraces`
 * (the PyPI release predates ClusterFuzz's Jazzer.js parsing, which JS findings need).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../src/build/compile.ts";
import { runBuild } from "../src/build/toolchain.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../src/util/paths.ts";
import { CLI, table } from "./lib.ts";

const argv = process.argv.slice(2);
const opt = (name: string) => argv.find((a) => a.startsWith(`-${name}=`))?.slice(name.length + 2);
const PYTHON = opt("python");
if (!PYTHON) throw new Error("give -python=PATH: a Python with `pip install clusterfuzz==2.6.0` done");
const OVERLAY = opt("overlay");

/** The analyzer, as ClusterFuzz runs it for a libFuzzer job (the variables it needs outside ClusterFuzz). */
const ANALYZE = `
import glob, json, os, sys
if os.environ.get("CF_OVERLAY"): sys.path.insert(0, os.environ["CF_OVERLAY"])
import clusterfuzz
site = os.path.dirname(os.path.dirname(clusterfuzz.__file__))
scratch = sys.argv[1]
os.environ.update({"CONFIG_DIR_OVERRIDE": os.path.join(site, "clusterfuzz", "lib-config"), "ROOT_DIR": scratch,
  "FUZZ_INPUTS_DISK": scratch, "BOT_TMPDIR": scratch, "PROJECT_NAME": "bunfuzz", "JOB_NAME": "libfuzzer_asan_bunfuzz",
  "FUZZ_TEST_TIMEOUT": "60", "FAIL_RETRIES": "1", "REPORT_OOMS_AND_HANGS": "True"})
from clusterfuzz._internal.crash_analysis.stack_parsing import stack_analyzer
out = []
for f in sys.argv[2:]:
  r = stack_analyzer.get_crash_data(open(f, errors="replace").read(), symbolize_flag=False)
  out.append({"type": r.crash_type, "state": r.crash_state})
print(json.dumps(out))
`;

interface Case {
  bug: string;
  /** A planted target (targets/planted) or a harness fixture (test/fixtures/harnesses). */
  source: string;
  input: string;
  flags?: string[];
  asan: boolean;
}

const planted = (n: string) => join(PROJECT_ROOT, "targets/planted", `${n}.c`);
const CASES: Case[] = [
  { bug: "NULL write", source: planted("null_write"), input: "NW", asan: false },
  { bug: "NULL write", source: planted("null_write"), input: "NW", asan: true },
  { bug: "heap overflow", source: planted("heap_overflow"), input: "HOx", asan: true },
  { bug: "exit()", source: planted("exits"), input: "EX", asan: false },
  { bug: "exit()", source: planted("exits"), input: "EX", asan: true },
  { bug: "abort()", source: join(PROJECT_ROOT, "test/fixtures/harnesses/abort.c"), input: "AB", asan: false },
  { bug: "abort()", source: join(PROJECT_ROOT, "test/fixtures/harnesses/abort.c"), input: "AB", asan: true },
  { bug: "timeout", source: planted("hang"), input: "HNG", flags: ["-timeout=1"], asan: false },
  { bug: "out-of-memory", source: planted("oom"), input: "MM", flags: ["-rss_limit_mb=400"], asan: false },
];

const work = mkdtempSync(join(tmpdir(), "bunfuzz-crash-states-"));
const outputs: string[] = [];
const rows: string[][] = [];
for (const c of CASES) {
  const input = join(work, `in-${outputs.length}`);
  writeFileSync(input, c.input);
  const name = c.source.split("/").pop()!.replace(/\.c$/, "");
  const so = compileCached(name, [c.source], join(CACHE_DIR, "bench-crash-states"), { ...DEFAULT_INSTRUMENT, asan: c.asan }, { quiet: true });
  const bin = join(work, `lf-${name}${c.asan ? "-asan" : ""}`);
  runBuild(["clang-14", "-g", "-O1", `-fsanitize=fuzzer${c.asan ? ",address" : ""}`, c.source, "-o", bin], { quiet: true, what: bin });
  for (const [engine, cmd] of [["bunfuzz", [process.execPath, CLI, "run", so]], ["libFuzzer", [bin]]] as const) {
    const r = Bun.spawnSync([...cmd, ...(c.flags ?? []), input], { stdout: "pipe", stderr: "pipe", cwd: work });
    const file = join(work, `out-${outputs.length}`);
    writeFileSync(file, r.stderr.toString() + r.stdout.toString());
    outputs.push(file);
    rows.push([c.bug, c.asan ? "ASan" : "-", engine]);
  }
}
const js = join(work, "out-js");
const jsRun = Bun.spawnSync([process.execPath, CLI, "fuzz", join(PROJECT_ROOT, "targets/js/planted/two_bugs.ts"), "-seed=1", "-runs=100000", `-artifact_prefix=${work}/`], { stdout: "pipe", stderr: "pipe", cwd: work });
writeFileSync(js, jsRun.stderr.toString());
outputs.push(js);
rows.push(["JS throw (two_bugs.ts)", "-", "bunfuzz"]);

const scratch = join(work, "cf");
const r = Bun.spawnSync([PYTHON, "-c", ANALYZE, scratch, ...outputs], { env: { ...process.env, CF_OVERLAY: OVERLAY ?? "" }, stdout: "pipe", stderr: "pipe" });
if (r.exitCode !== 0) throw new Error(`the analyzer failed: ${r.stderr.toString().slice(-2000)}`);
const verdicts = JSON.parse(r.stdout.toString().trim().split("\n").at(-1)!) as { type: string; state: string }[];
const show = (s: string) => (s ? s.trim().split("\n").join(" / ") : "(empty)");
console.log(table(["bug", "build", "engine", "crash type", "crash state"], rows.map((row, i) => [...row, show(verdicts[i]!.type), show(verdicts[i]!.state)])));
rmSync(work, { recursive: true, force: true });
