/**
 * Proof with the real client: ClusterFuzz's own libFuzzer engine and stack analyzer (the PyPI
 * package clusterfuzz 2.6.0, which ClusterFuzzLite runs) drive targets made by `bunfuzz package`.
 * A virtual environment under the cache folder holds the package (created on the first run, about a
 * minute; reused after). test/helpers/clusterfuzz_driver.py runs, per target: ClusterFuzz's fuzz
 * target detection, the selective unpack a bot does for one target (the target then runs from that
 * copy), and the engine's prepare, fuzz, reproduce, minimize_testcase, cleanse and minimize_corpus,
 * with get_crash_data on every output. Seeds are fixed through NAME.options ([libfuzzer] seed=1),
 * the way a project sets flags for ClusterFuzz.
 *
 * Targets: two ASan bugs (heap_overflow.c, use_after_free.c: the bugs whose crash states must
 * differ), a deadly signal without a sanitizer (null_write.c) and a JS target (string_magic.ts).
 *
 * JS findings: clusterfuzz 2.6.0's stack analyzer has no parser for JS stacks (its only `at f(...)`
 * frames are Jazzer's Java ones, after a `== Java Exception:` line), so it gives Jazzer.js's own
 * report of a thrown error no crash type and no state, and bunfuzz's the same. No line bunfuzz could
 * add would change that without printing what Jazzer.js does not (a Java exception, sanitizer
 * frames for a JS function). So for the JS target the crash-state rows are replaced by one that
 * holds bunfuzz's JS report to what 2.6.0 makes of a real Jazzer.js 4.0.0 report of the same bug
 * (test/fixtures/jazzer-report/, recorded with its command): equal crash data, and the same
 * finding lines. ClusterFuzz's newer parser reads JS stacks after `Uncaught Exception: Jazzer.js:`,
 * which bunfuzz prints (bench/results/crash-states.md has the state it gets there).
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { CLI, tempDir } from "../helpers/cli.ts";
import { clusterfuzzPython } from "../helpers/clusterfuzzVenv.ts";
import { planted } from "../helpers/planted.ts";

const cf = clusterfuzzPython();
if ("skip" in cf) process.stderr.write(`NOTE: test/e2e/clusterfuzz.test.ts is skipped: ${cf.skip}\n`);

interface CrashData { state: string; type: string }
interface Reproduced { return_code: number; output: string; crash_data: CrashData }
interface Written { return_code: number; output: string; input: string; written: boolean; testcase?: string; reproduce?: Reproduced; error?: string }
interface EngineRecord {
  error?: string;
  arguments: string[];
  fuzz: { command: string[]; stats: Record<string, number>; crashes: { input_path: string }[]; logs: string; crash_data: CrashData };
  corpus_files: number;
  testcase?: string;
  reproduce?: Reproduced & { error?: string };
  minimize_testcase?: Written;
  cleanse?: Written;
  minimize_corpus?: { stats: Record<string, number>; files: number; logs: string; error?: string };
}
interface DriverReport {
  is_fuzz_target: Record<string, boolean>;
  found_targets: string[];
  targets: Record<string, { unpack: { kept: number; skipped: string[] }; engine: EngineRecord }>;
  reports: Record<string, CrashData>;
}

/** What each packaged target is made from (`bunfuzz package` arguments before -o). */
const TARGETS: Record<string, () => string[]> = {
  heap_overflow: () => [join(PROJECT_ROOT, "targets/planted/heap_overflow.c"), "-asan"],
  use_after_free: () => [join(PROJECT_ROOT, "targets/planted/use_after_free.c"), "-asan"],
  null_write: () => [planted("null_write")],
  string_magic: () => [join(PROJECT_ROOT, "targets/js/planted/string_magic.ts")],
};
/**
 * How many leading bytes each planted bug reads ("HO", "UF", "NW", "cmd:shutdown"): libFuzzer's
 * cleanse (-cleanse_crash) turns every later byte of the input (the driver appends some) into ' ' or 0xff.
 */
const NEEDED: Record<string, number> = { heap_overflow: 2, use_after_free: 2, null_write: 2, string_magic: 12 };
const NAMES = Object.keys(TARGETS);
/** Frames of bunfuzz's shim (and the harness entry, which ClusterFuzz skips anyway): never part of a crash state. */
const BUNFUZZ_FRAMES = /^(execute|bf_\w+)$/m;

/** The JS target, and Jazzer.js 4.0.0's own report of the same bug (test/fixtures/jazzer-report/README.md). */
const JS_TARGET = "string_magic";
const JAZZER_REPORT = join(PROJECT_ROOT, "test/fixtures/jazzer-report/string_magic.txt");
/** Checks of native crash states; the JS target has the Jazzer.js comparison instead (see the header). */
const NATIVE_ONLY = new Set(["the crash state is not empty or NULL", "the crash state holds no frame of bunfuzz's"]);
/**
 * A thrown error's finding lines in Jazzer.js's form: `==PID== Uncaught Exception: `, the error,
 * then its frames `    at fn (file:line:col)`. bunfuzz adds `Jazzer.js: ` after the colon, the
 * marker ClusterFuzz's newer parser looks for.
 */
const JS_FINDING = /^==\d+== Uncaught Exception: (?:Jazzer\.js: )?Error: planted: reached "shutdown"\n {4}at [\w.]+ \(\/\S+\/string_magic\.[jt]s:\d+:\d+\)$/m;

describe.skipIf("skip" in cf)("ClusterFuzz's libFuzzer engine (clusterfuzz 2.6.0) on packaged targets", () => {
  let report: DriverReport;
  const engine = (name: string): EngineRecord => {
    const rec = report.targets[name]!.engine;
    if (rec.error) throw new Error(`the driver failed on ${name}: ${rec.error}`);
    return rec;
  };

  beforeAll(() => {
    const root = tempDir("bunfuzz-clusterfuzz-");
    const out = join(root, "out");
    for (const [name, args] of Object.entries(TARGETS)) {
      const r = Bun.spawnSync([process.execPath, CLI, "package", ...args(), "-o", out, "-name", name], { stdout: "pipe", stderr: "pipe" });
      if (r.exitCode !== 0) throw new Error(`bunfuzz package ${name} failed: ${r.stderr.toString()}`);
      writeFileSync(join(out, `${name}.options`), "[libfuzzer]\nseed=1\n");
    }
    const config = join(root, "config.json");
    writeFileSync(config, JSON.stringify({ out_dir: out, work_dir: join(root, "work"), targets: NAMES, seconds: 30, reports: { jazzer: JAZZER_REPORT } }));
    // The packaged targets' caches (JS instrumentation) go to a scratch folder, as on a fresh bot.
    const env: Record<string, string | undefined> = { ...process.env, XDG_CACHE_HOME: join(root, "cache") };
    delete env.BUNFUZZ_CACHE;
    const driver = Bun.spawnSync([(cf as { python: string }).python, join(PROJECT_ROOT, "test/helpers/clusterfuzz_driver.py"), config], { env, stdout: "pipe", stderr: "pipe" });
    if (driver.exitCode !== 0) throw new Error(`clusterfuzz_driver.py failed: ${driver.stderr.toString().slice(-3000)}`);
    report = JSON.parse(driver.stdout.toString()) as DriverReport;
    rmSync(root, { recursive: true, force: true });
  }, 600_000);

  test("ClusterFuzz's is_fuzz_target takes every launcher, and nothing else in the output directory", () => {
    for (const name of NAMES) expect(report.is_fuzz_target[name]).toBe(true);
    expect(report.found_targets).toEqual([...NAMES].sort());
  });

  test("a bot's selective unpack for one target keeps what it runs (the engine runs from that copy)", () => {
    for (const name of NAMES) {
      const { unpack } = report.targets[name]!;
      expect(unpack.kept).toBeGreaterThan(0);
      // Left behind: the other targets' launchers and .options files, and licence files (no extension) nothing runs.
      const others = NAMES.filter((n) => n !== name).flatMap((n) => [n, `${n}.options`]);
      for (const f of unpack.skipped) expect(others.includes(f) || /(^|\/)(LICEN[CS]E|COPYING|NOTICE)[^/]*$/i.test(f) ? "ok" : f).toBe("ok");
    }
  });

  /** Each of `keys` is a number above 0 in `stats` (the key is in the failure message). */
  const positive = (stats: Record<string, number>, keys: string[]) => {
    for (const k of keys) expect({ [k]: typeof stats[k] === "number" && stats[k] > 0 }).toEqual({ [k]: true });
  };
  /** What minimize_testcase or cleanse wrote: there, and crashing again with the fuzz run's crash type. */
  const stillCrashes = (e: EngineRecord, w: Written | undefined) => {
    expect(w!.error).toBeUndefined();
    expect(w!.written).toBe(true);
    expect(w!.reproduce!.return_code).not.toBe(0);
    expect(w!.reproduce!.crash_data.type).toBe(e.fuzz.crash_data.type);
  };
  const CHECKS: Record<string, (name: string) => void> = {
    "fuzz finds the crash": (name) => {
      const e = engine(name);
      expect(e.fuzz.crashes).toHaveLength(1);
      expect(e.testcase!.length).toBeGreaterThan(0);
    },
    "stats: executions and the crash": (name) => positive(engine(name).fuzz.stats, ["number_of_executed_units", "crash_count"]),
    "stats: coverage from the merge after fuzzing": (name) => {
      const e = engine(name);
      // new_edges and new_features come only from the two-step merge (-merge_control_file), which
      // ClusterFuzz chooses when the target carries libFuzzer's text for it (launcher.ts).
      positive(e.fuzz.stats, ["edge_coverage", "feature_coverage", "new_units_added", "new_edges", "new_features"]);
      expect(e.corpus_files).toBeGreaterThan(0);
    },
    "stats: edges_total": (name) => positive(engine(name).fuzz.stats, ["edges_total"]),
    "stats: peak_rss_mb": (name) => positive(engine(name).fuzz.stats, ["peak_rss_mb"]),
    "reproduce crashes with the same crash type": (name) => {
      const e = engine(name);
      expect(e.reproduce!.error).toBeUndefined();
      expect(e.reproduce!.return_code).not.toBe(0);
      expect(e.reproduce!.crash_data.type).toBe(e.fuzz.crash_data.type);
    },
    "minimize_testcase writes a testcase no larger that still crashes": (name) => {
      const e = engine(name);
      stillCrashes(e, e.minimize_testcase);
      expect(e.minimize_testcase!.testcase!.length).toBeLessThanOrEqual(e.testcase!.length);
    },
    "cleanse writes a same-length testcase that still crashes": (name) => {
      const e = engine(name);
      stillCrashes(e, e.cleanse);
      const before = Buffer.from(e.cleanse!.input, "hex"), after = Buffer.from(e.cleanse!.testcase!, "hex");
      expect(after.length).toBe(before.length);
      expect(after.subarray(0, NEEDED[name])).toEqual(before.subarray(0, NEEDED[name]));
      for (const b of after.subarray(NEEDED[name])) expect([0x20, 0xff]).toContain(b);
    },
    "minimize_corpus keeps a corpus and parses non-zero coverage": (name) => {
      const m = engine(name).minimize_corpus!;
      expect(m.error).toBeUndefined();
      expect(m.files).toBeGreaterThan(0);
      positive(m.stats, ["edge_coverage", "feature_coverage"]);
    },
    "the crash state is not empty or NULL": (name) => {
      const state = engine(name).fuzz.crash_data.state;
      expect(state.trim()).not.toBe("");
      expect(state).not.toBe("NULL");
    },
    "the crash state holds no frame of bunfuzz's": (name) => {
      const state = engine(name).fuzz.crash_data.state;
      expect(["", "NULL"]).not.toContain(state.trim()); // an empty state has no frames either: not what this checks
      expect(state).not.toMatch(BUNFUZZ_FRAMES);
    },
  };
  for (const [check, fn] of Object.entries(CHECKS)) {
    for (const name of NAMES) if (!(name === JS_TARGET && NATIVE_ONLY.has(check))) test(`${name}: ${check}`, () => fn(name));
  }

  test(`${JS_TARGET}: clusterfuzz 2.6.0 reads bunfuzz's JS report as it reads Jazzer.js's report of the same bug`, () => {
    const e = engine(JS_TARGET), jazzer = report.reports.jazzer!;
    const data = (c: CrashData) => ({ type: c.type, state: c.state });
    // What 2.6.0 makes of Jazzer.js's report: no crash type, no state (it parses no JS stacks).
    expect(data(jazzer)).toEqual({ type: "", state: "" });
    expect(data(e.fuzz.crash_data)).toEqual(data(jazzer));
    expect(data(e.reproduce!.crash_data)).toEqual(data(jazzer));
    // The finding lines themselves have Jazzer.js's shape, in the fuzz log and in the reproduction.
    expect(readFileSync(JAZZER_REPORT, "utf8")).toMatch(JS_FINDING);
    expect(e.fuzz.logs).toMatch(JS_FINDING);
    expect(e.reproduce!.output).toMatch(JS_FINDING);
  });

  test("two planted ASan bugs get two different, non-empty crash states, kept by reproduce and the minimized testcase", () => {
    const a = engine("heap_overflow"), b = engine("use_after_free");
    for (const e of [a, b]) {
      expect(e.fuzz.crash_data.state.trim()).not.toBe("");
      expect(e.fuzz.crash_data.state).not.toBe("NULL");
      expect(e.reproduce!.crash_data.state).toBe(e.fuzz.crash_data.state);
      expect(e.minimize_testcase!.reproduce!.crash_data.state).toBe(e.fuzz.crash_data.state);
    }
    expect(a.fuzz.crash_data.state).not.toBe(b.fuzz.crash_data.state);
    expect(a.fuzz.crash_data.type).toBe("Heap-buffer-overflow\nWRITE 1");
    expect(b.fuzz.crash_data.type).toBe("Heap-use-after-free\nREAD 1");
    expect(b.fuzz.crash_data.state.split("\n")[0]).toBe("parse_record");
  });
});
