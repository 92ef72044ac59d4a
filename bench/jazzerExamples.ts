/**
 * Jazzer.js's own examples, run with bunfuzz the way their package.json runs them with Jazzer.js:
 * each example is copied into a fresh project, its own dependencies installed with npm (Jazzer.js's
 * packages left out), bunfuzz installed from `npm pack`'s tarballs, and its fuzzing script run with
 * `jazzer` replaced by `bunx bunfuzz fuzz` (same arguments) or, for Jest examples, `jest` by
 * `bunx bunfuzz test` on the Jazzer.js Jest project's test files (`*.fuzz.[jt]s`, the testMatch of
 * every example). Each run gets a fixed seed and a budget of executions (`-runs=N -seed=S`, after
 * the script's own flags, so they win) and a time cap. For comparison the same command runs under
 * Jazzer.js 4.0.0 on Node.js (bench/jazzer/setup.sh; Jest examples are not run there). Nothing of
 * Jazzer.js's repository is fetched or kept: give the path of a checkout's examples folder.
 *
 *   bun bench/jazzerExamples.ts <jazzer.js>/examples [-runs=2000000] [-seed=1] [-time=300] [-jazzer=1] [-only=maze,jpeg] [-keep=1]
 *
 * Per example and script it records whether the target loads, the executions run, and whether the
 * run finds the bug the example plants (EXPECTED below) or, for an example that fuzzes a real
 * library with nothing planted, whether its finding is real: the saved input is run once under
 * Node.js with the same target file (Jest tests through a stand-in for Jest's globals), and a
 * finding Node.js does not reproduce is marked so, with the reason where known.
 * Prints Markdown tables; the latest run goes to bench/results/jazzer-examples-latest.md.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { PROJECT_ROOT } from "../src/util/paths.ts";
import { ensureJazzer, JAZZER_CLI, JAZZER_DIR } from "./jazzer/run.ts";
import { flag, table } from "./lib.ts";

const argv = process.argv.slice(2);
const examplesDir = argv.find((a) => !a.startsWith("-"));
if (!examplesDir || !existsSync(join(examplesDir, "jpeg"))) {
  console.error("usage: bun bench/jazzerExamples.ts <jazzer.js checkout>/examples [-runs=N] [-seed=S] [-time=SECONDS] [-jazzer=0|1] [-only=name,...] [-keep=1]");
  process.exit(2);
}
const RUNS = flag(argv, "runs", 2_000_000), SEED = flag(argv, "seed", 1), TIME = flag(argv, "time", 300);
const ONLY = argv.find((a) => a.startsWith("-only="))?.slice(6).split(",");
const KEEP = flag(argv, "keep", 0) === 1, JAZZER = flag(argv, "jazzer", 1) === 1;
/** Installs and runs share the machine: niced (budgets are executions, not time). */
const NICE = Bun.which("nice") ?? "/usr/bin/nice";
const NODE = Bun.which("node") ?? "/usr/bin/node";
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);

type Want = RegExp | null;
/**
 * What each example plants, by example folder and script: a regular expression its finding
 * matches, or null for an example that fuzzes a real library with no bug put there on purpose.
 * For Jest examples, one entry per fuzz test, or "unreachable" for a test whose bug no fuzzer can
 * be expected to find (a SHA-512 preimage).
 */
const EXPECTED: Record<string, Want | Record<string, RegExp | "unreachable">> = {
  "FuzzedDataProvider/fuzz": /Error: Crash!/,
  "bug-detectors/command-injection/fuzz": /Command Injection in spawnSync\(\): called with '.*jaz_zer/,
  "bug-detectors/command-injection/bugDetectors": /Command Injection\s+in \w+\(\): called with '.*jaz_zer/,
  "bug-detectors/path-traversal/fuzz": /Path Traversal\s+in [\w.]+\(\): called with '[^']*\.\.\/\.\.\/jaz_zer/,
  "bug-detectors/prototype-pollution/fuzz": /Prototype Pollution/,
  "bug-detectors/ssrf/fuzz": /Server Side Request Forgery/,
  "bug-detectors/ssrf/fuzzShowError": /Server Side Request Forgery/,
  "custom-hooks/fuzz": /custom hook bug detector: jpeg-js: copyToImageData\(\) is called/,
  "maze/fuzz": /Jazzer\.js has found the treasure/,
  "jpeg/fuzz": null,
  "jpeg_es6/fuzz": null,
  "js-yaml/fuzz": null,
  "spectral/fuzz": null,
  "xml/fuzz": null,
  "protobufjs/fuzz_esm": null,
  "jest_integration/fuzz": {
    "My fuzz test": /Welcome to Awesome Fuzzing!/,
    "My hashed fuzz test without dictionary": "unreachable",
    "My hashed fuzz test with dictionary": /Welcome to Amazing Fuzzing!/,
    "My hashed fuzz test with binary dictionary": /Welcome to Amazing Fuzzing!/,
    "My fuzz test with an explicit timeout (async)": /Welcome to Awesome Fuzzing!/,
    "My fuzz test with an explicit timeout (sync)": /Welcome to Awesome Fuzzing!/,
    "My callback fuzz test": /Welcome to Awesome Fuzzing!/,
    "My async fuzz test": /Welcome to Awesome Fuzzing!/,
  },
  "jest_typescript_integration/fuzz": {
    "executes sync methods": /Welcome to Awesome Fuzzing!/,
    "executes async methods": /Welcome to Awesome Fuzzing!/,
    "executes methods with a done callback": /Welcome to Awesome Fuzzing!/,
  },
};

/**
 * The scripts run: those that fuzz (they call `jazzer`, or Jest with JAZZER_FUZZ set), and a Jest
 * example's dry run (Jest without JAZZER_FUZZ: Jazzer.js's regression mode, every test file),
 * first, before fuzzing saves crashers that it would replay. Other dry runs and coverage are left out.
 */
function fuzzScripts(scripts: Record<string, string>): [string, string][] {
  const all = Object.entries(scripts);
  const fuzz = all.filter(([name, cmd]) => !/^(dryRun|coverage|test|build)/.test(name) && (/(^|&& )jazzer /.test(cmd) || /JAZZER_FUZZ=1 .*jest/.test(cmd)));
  const regression = all.filter(([name, cmd]) => name.startsWith("dryRun") && /(^|\s)jest(\s|$)/.test(cmd) && !/JAZZER_FUZZ/.test(cmd));
  return fuzz.length ? [...regression, ...fuzz] : [];
}

/** Splits a shell command into words: quotes (single, double) group and are removed; no expansion. */
function words(cmd: string): string[] {
  return [...cmd.matchAll(/(?:'[^']*'|"[^"]*"|[^\s'"]+)+/g)].map((m) => m[0].replace(/'([^']*)'|"([^"]*)"/g, "$1$2"));
}

type Tool = "bunfuzz" | "jazzer";

interface Step {
  /** What runs, as a user would type it. */
  shown: string;
  argv: string[];
  env: Record<string, string>;
  kind: "build" | "fuzz" | "jest" | "regression";
}

/**
 * The script as steps: `jazzer ARGS` becomes `bunx bunfuzz fuzz ARGS` (or Jazzer.js's CLI under
 * Node) with the budget after `--`; Jest with JAZZER_FUZZ becomes `bunx bunfuzz test`; anything
 * else (`npm run build`) runs as it is.
 */
function steps(script: string, project: string, tool: Tool): Step[] {
  return script.split("&&").map((part) => {
    const w = words(part.trim());
    const env: Record<string, string> = {};
    while (w[0] && /^[A-Z_]+=/.test(w[0])) {
      const [k, v] = w.shift()!.split("=", 2) as [string, string];
      // Node's options mean nothing to Bun (ES modules need no flag there).
      if (k !== "NODE_OPTIONS") env[k] = v;
    }
    if (w[0] === "npx") w.shift();
    // The memory cap keeps a runaway input (protobufjs's parser on `option)`) from taking a shared machine.
    const budget = [`-runs=${RUNS}`, `-seed=${SEED}`, `-max_total_time=${TIME}`, "-rss_limit_mb=4096"];
    if (w[0] === "jazzer") {
      const args = w.slice(1);
      const full = [...args, ...(args.includes("--") ? [] : ["--"]), ...budget, "-print_final_stats=1"];
      return tool === "bunfuzz"
        ? { shown: `bunx bunfuzz fuzz ${full.join(" ")}`, argv: ["bunx", "bunfuzz", "fuzz", ...full], env, kind: "fuzz" }
        : { shown: `npx jazzer ${full.join(" ")}`, argv: [NODE, JAZZER_CLI, ...full], env, kind: "fuzz" };
    }
    if (w[0] === "jest" && !env.JAZZER_FUZZ) {
      // Regression mode: plain bun test with bunfuzz's Jest preload, on Jest's test files and the fuzz tests.
      const files = readdirSync(project).filter((f) => /\.(fuzz|test)\.[jt]s$/.test(f)).sort().map((f) => `./${f}`);
      return { shown: `bun test --preload bunfuzz/jest ${files.join(" ")}`, argv: ["bun", "test", "--preload", "bunfuzz/jest", ...files], env, kind: "regression" };
    }
    if (w[0] === "jest") {
      // Jest's own flags: --coverage has no bun test counterpart; --testNamePattern is bun test's -t.
      const pattern = w.find((a) => a.startsWith("--testNamePattern="))?.split("=", 2)[1];
      const full = [...fuzzTestFiles(project).map((f) => `./${f}`), ...(pattern ? ["-t", pattern] : []), ...budget.slice(0, 3)];
      const shown = `${Object.entries(env).map(([k, v]) => `${k}=${v} `).join("")}bunx bunfuzz test ${full.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(" ")}`;
      return { shown, argv: ["bunx", "bunfuzz", "test", ...full], env, kind: "jest" };
    }
    return { shown: w.join(" "), argv: w, env, kind: "build" };
  });
}

/** The Jazzer.js Jest project's test files (`*.fuzz.js`/`*.fuzz.ts`, its testMatch in every example). */
function fuzzTestFiles(project: string): string[] {
  return readdirSync(project).filter((f) => /\.fuzz\.[jt]s$/.test(f)).sort();
}

/** A PATH with what a JS user has: Bun, Node.js, npm and a shell (no compiler, no Zig). */
function userPath(root: string): string {
  const bin = join(root, "bin");
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, "bun"));
  symlinkSync(process.execPath, join(bin, "bunx"));
  for (const tool of ["node", "npm", "npx", "sh"]) {
    const p = Bun.which(tool);
    if (p) symlinkSync(p, join(bin, tool));
  }
  return bin;
}

/**
 * The example's package.json for a project outside Jazzer.js's repository: Jazzer.js's packages
 * out (bunfuzz's tarballs in, for bunfuzz's copy), and @types/node for examples that compile with
 * tsc (the repository's root workspace supplies it there).
 */
function rewriteManifest(project: string, tarballs: string[] | undefined): void {
  const file = join(project, "package.json");
  const m = JSON.parse(readFileSync(file, "utf8"));
  for (const key of ["dependencies", "devDependencies"]) for (const name of Object.keys(m[key] ?? {})) if (name.startsWith("@jazzer.js/")) delete m[key][name];
  if (/\btsc\b/.test(m.scripts?.build ?? "")) m.devDependencies = { ...m.devDependencies, "@types/node": "^20.0.0" };
  if (tarballs) {
    const main = tarballs.find((t) => /\/bunfuzz-\d/.test(t))!;
    const platform = tarballs.find((t) => t !== main)!;
    m.devDependencies = { ...m.devDependencies, bunfuzz: `file:${main}` };
    m.overrides = { [basename(platform).replace(/-\d+\.\d+\.\d+\.tgz$/, "")]: `file:${platform}` };
  }
  writeFileSync(file, JSON.stringify(m, null, 2));
}

/** Runs argv in project with a wall-clock cap; stdout and stderr together. */
async function run(cmd: string[], project: string, env: Record<string, string>, seconds: number): Promise<{ code: number; out: string; seconds: number }> {
  const t0 = performance.now();
  const p = Bun.spawn([NICE, "-n", "10", ...cmd], { cwd: project, env, stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => p.kill("SIGKILL"), seconds * 1000);
  const [o, e] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text()]);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, out: o + e, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Node.js scripts that run a saved input once: a target's entry point (`replay.cjs TARGET INPUT`),
 * or a Jest fuzz test (`replay.cjs TESTFILE INPUT TESTNAME`: describe, it.fuzz and test.fuzz
 * stood in for). Prints one JSON line: {"ok":true} or {"threw":"Name: message"}.
 */
const NODE_REPLAY = `
const { readFileSync } = require("node:fs");
const { pathToFileURL } = require("node:url");
const say = (o) => console.log(JSON.stringify(o));
(async () => {
  const [file, input, testName] = process.argv.slice(2);
  const tests = new Map();
  const fuzz = (name, fn) => tests.set(name, fn);
  const t = Object.assign(() => {}, { fuzz, skip: Object.assign(() => {}, { fuzz() {} }), only: Object.assign(() => {}, { fuzz }) });
  Object.assign(globalThis, { describe: (n, f) => f(), it: t, test: t, beforeAll() {}, afterAll() {}, beforeEach() {}, afterEach() {}, expect: () => ({}) });
  const m = await import(pathToFileURL(file).href);
  const fn = testName ? tests.get(testName) : (m.fuzz ?? m.default?.fuzz);
  const data = readFileSync(input);
  try {
    await (fn.length > 1 ? new Promise((res, rej) => fn(data, (e) => (e ? rej(e) : res()))) : fn(data));
    say({ ok: true });
  } catch (e) { say({ threw: e instanceof Error ? e.name + ": " + e.message : String(e) }); }
})().catch((e) => say({ cannot: String(e && e.message) }));
`;

/**
 * Runs one input under Node.js and says what happened; a run past `seconds` is a hang, and with
 * `slowAfter` (a timeout finding's limit) a run that finishes but takes that long is slow too.
 */
async function nodeReplay(root: string, project: string, env: Record<string, string>, file: string, input: string, testName: string | undefined, seconds: number, slowAfter = 0): Promise<string> {
  const script = join(root, "replay.cjs");
  writeFileSync(script, NODE_REPLAY);
  const r = await run([NODE, "--max-old-space-size=2048", script, file, input, ...(testName ? [testName] : [])], project, env, seconds);
  if (/JavaScript heap out of memory/.test(r.out)) return "runs out of memory too";
  if (r.code === 137 || r.code === -1 || (r.code !== 0 && !r.out.trim())) return `hangs (killed after ${seconds} s)`;
  try {
    const v = JSON.parse(r.out.trim().split("\n").at(-1) ?? "") as { ok?: true; threw?: string; cannot?: string };
    if (v.ok && slowAfter && r.seconds >= slowAfter) return `takes ${r.seconds.toFixed(0)} s too`;
    return v.ok ? `runs it without error (${r.seconds.toFixed(1)} s)` : v.threw !== undefined ? `throws too (${v.threw.slice(0, 100)})` : `cannot run it (${v.cannot})`;
  } catch {
    return `cannot run it (${r.out.trim().split("\n").at(-1)?.slice(0, 80)})`;
  }
}

/** One tool's outcome on one example script. */
interface Outcome {
  loads: string;
  runs: string;
  result: string;
  note: string;
}

/** The finding a libFuzzer-style run reported: the error's first lines (Jazzer.js 4.0.0 prints no `Jazzer.js: `), or the timeout, crash or out-of-memory. */
function findingOf(out: string): string | undefined {
  const m = /Uncaught Exception: (?:Jazzer\.js: )?(.*(?:\n(?!\s+at |SUMMARY|MS:|INFO:).*)?)/.exec(out);
  if (m) return m[1]!.replace(/\s+/g, " ").trim();
  const t = /ERROR: libFuzzer: timeout after (\d+) seconds/.exec(out) ?? /ALARM: working on the last Unit for (\d+) seconds/.exec(out);
  if (t) return `timeout after ${t[1]} s`;
  const c = /ERROR: libFuzzer: (deadly signal|out-of-memory[^\n]*|fuzz target exited)/.exec(out);
  if (c) return c[1];
  if (/JavaScript heap out of memory/.test(out)) return "out of memory (V8's heap limit)";
  // Jazzer.js 4.0.0 prints a reported finding (bug detectors, reportAndThrowFinding) as `==PID== message`.
  const f = /^==\d+== (?!ERROR|WARNING|INFO)(.*(?:\n(?!\s+at ).*)?)/m.exec(out);
  return f?.[1]!.replace(/\s+/g, " ").trim();
}

/** Text for a table cell: one line, printable ASCII (inputs show up in findings' messages), pipes escaped. */
function cell(s: string): string {
  return s.replace(/\s+/g, " ").replace(/[^\x20-\x7e]/g, "?").replace(/\|/g, "\\|");
}

/** Why Node passes an input bunfuzz reports: the target ignores errors by V8's message text. */
function jscNote(finding: string): string {
  return /is not an object|is not a function|Can't find variable/.test(finding)
    ? "; the target ignores TypeErrors by V8's message text (\"Cannot read properties of ...\"), which JavaScriptCore words differently" : "";
}

/** Judges a `bunfuzz fuzz` or `jazzer` run of a plain or bug-detector example. */
async function judgeFuzz(key: string, tool: Tool, step: Step, r: { code: number; out: string }, project: string, root: string, env: Record<string, string>): Promise<Outcome> {
  const want = EXPECTED[key] as Want | undefined;
  const engineError = /^bunfuzz: (?:error|internal error).*$/m.exec(r.out)?.[0] ?? /^(?:Error|TypeError|SyntaxError): .*$/m.exec(r.out)?.[0];
  const loaded = /INITED|Uncaught Exception|stat::number_of_executed_units|ERROR: libFuzzer/.test(r.out);
  // Jazzer.js's async mode prints no stat:: lines: then the last status line's count.
  const execs = /stat::number_of_executed_units:\s+(\d+)/.exec(r.out)?.[1] ?? /Done (\d+) runs/.exec(r.out)?.[1] ?? [...r.out.matchAll(/^#(\d+)\s/gm)].at(-1)?.[1];
  const finding = findingOf(r.out);
  const base = { loads: loaded ? "yes" : "no", runs: execs ?? (loaded ? "?" : "0") };
  if (!loaded) return { ...base, result: "does not load", note: (engineError ?? r.out.trim().split("\n").slice(-2).join(" ")).slice(0, 200) };
  const expectedOk = /Received expected error/.test(r.out) ? "; -x: exit 0" : "";
  if (want && finding && want.test(r.out)) return { ...base, result: "finds its bug", note: `${finding.slice(0, 150)}${expectedOk}` };
  if (!finding) {
    if (want) return { ...base, result: "does not find it", note: `budget spent (exit ${r.code})` };
    return { ...base, result: "runs clean", note: r.code === 0 ? "no finding" : `exit ${r.code}` };
  }
  // A finding that is not the planted bug (or in an example with none): does Node.js agree?
  const label = want ? "other finding" : "finding";
  if (tool === "jazzer") return { ...base, result: label, note: finding.slice(0, 160) };
  const artifact = [...r.out.matchAll(/Test unit written to (\S+)/g)].at(-1)?.[1];
  const target = targetOf(step, project);
  if (!artifact || !target) return { ...base, result: label, note: `${finding.slice(0, 150)} (not replayed under Node.js)` };
  const timeoutS = Number(/timeout after (\d+)/.exec(finding)?.[1] ?? 0);
  const verdict = await nodeReplay(root, project, env, target, resolve(project, artifact), undefined, Math.max(30, 6 * timeoutS), timeoutS);
  const real = /^(throws|hangs|runs out|takes)/.test(verdict);
  return { ...base, result: `${label}, ${real ? "real" : verdict.startsWith("runs") ? "not under Node.js" : "not replayed"}`, note: `${finding.slice(0, 140)}; Node.js ${verdict}${real ? "" : jscNote(finding)}` };
}

/** The target file a `jazzer` command names (Jazzer.js adds .js). */
function targetOf(step: Step, project: string): string | undefined {
  const i = step.argv.indexOf("fuzz");
  const name = step.argv[i + 1];
  if (!name) return undefined;
  const p = join(project, name);
  return existsSync(p) && statSync(p).isFile() ? p : existsSync(`${p}.js`) ? `${p}.js` : undefined;
}

/** Judges a `bunfuzz test` run of a Jest example: a verdict per fuzz test. */
async function judgeJest(key: string, r: { code: number; out: string }, project: string, root: string, env: Record<string, string>): Promise<Outcome> {
  const want = EXPECTED[key];
  const ran = /\(pass\)|\(fail\)/.test(r.out);
  const loadError = /error: (Cannot find|Could not resolve|SyntaxError|Unexpected)[^\n]*/.exec(r.out)?.[0];
  if (!ran) return { loads: "no", runs: "-", result: "does not load", note: (loadError ?? r.out.trim().split("\n").slice(-2).join(" ")).slice(0, 200) };
  const failed = [...r.out.matchAll(/^\(fail\) (.*?)(?: \[[\d.]+m?s\])?$/gm)].map((m) => m[1]!.split(" > ").at(-1)!);
  const passed = [...r.out.matchAll(/^\(pass\) (.*?)(?: \[[\d.]+m?s\])?$/gm)].map((m) => m[1]!.split(" > ").at(-1)!);
  if (want === null || want === undefined) {
    // No planted bug: each failing test's saved input is replayed under Node.js.
    if (!failed.length) return { loads: "yes", runs: "-", result: "runs clean", note: `${passed.length} tests pass` };
    const notes: string[] = [];
    for (const file of fuzzTestFiles(project)) {
      const stem = join(project, file.replace(/\.[jt]s$/, ""));
      for (const crash of existsSync(stem) ? listFiles(stem).filter((f) => basename(f).startsWith("crash-")) : []) {
        const test = basename(dirname(crash)).replace(/_/g, " ");
        // The saved input is the minimized one: the last error printed is its own.
        const last = [...r.out.matchAll(/Uncaught Exception: (?:Jazzer\.js: )?([^\n]*)/g)].at(-1)?.[1] ?? "";
        notes.push(`${test}: ${last.slice(0, 120)} (on the saved, minimized input); Node.js ${await nodeReplay(root, project, env, join(project, file), crash, test, 30)}`);
      }
    }
    return { loads: "yes", runs: "-", result: "finding", note: notes.join("; ") || `${failed.join(", ")} failed` };
  }
  const tests = want as Record<string, RegExp | "unreachable">;
  const found: string[] = [], missed: string[] = [], other: string[] = [];
  for (const [name, w] of Object.entries(tests)) {
    if (w === "unreachable") {
      if (failed.includes(name)) other.push(`${name} (a finding where none is reachable)`);
      continue;
    }
    if (failed.includes(name) && w.test(r.out)) found.push(name);
    else if (failed.includes(name)) other.push(name);
    else missed.push(passed.includes(name) ? name : `${name} (did not run)`);
  }
  const reachable = Object.values(tests).filter((w) => w !== "unreachable").length;
  const result = found.length === reachable && !other.length ? "finds its bugs" : found.length ? "finds some" : "does not find them";
  const note = [`${found.length} of ${reachable} tests find the planted error`, ...(missed.length ? [`not found: ${missed.join(", ")}`] : []), ...(other.length ? [`other: ${other.join(", ")}`] : [])].join("; ");
  return { loads: "yes", runs: "-", result, note };
}

/** Judges a regression run (Jest without JAZZER_FUZZ): every test passes, skipped ones aside. */
function judgeRegression(r: { code: number; out: string }): Outcome {
  const count = (what: string) => Number(new RegExp(`^ (\\d+) ${what}$`, "m").exec(r.out)?.[1] ?? 0);
  const pass = count("pass"), fail = count("fail"), skip = count("skip");
  if (!pass && !fail) return { loads: "no", runs: "-", result: "does not load", note: r.out.trim().split("\n").slice(-2).join(" ").slice(0, 200) };
  const failed = [...r.out.matchAll(/^\(fail\) (.*?)(?: \[[\d.]+m?s\])?$/gm)].map((m) => m[1]!);
  return {
    loads: "yes", runs: "-", result: fail ? "tests fail" : "tests pass",
    note: `${pass} pass, ${fail} fail, ${skip} skipped (it.skip.fuzz)${fail ? `: ${[...new Set(failed)].join(", ")}` : ""}`,
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

// 1. bunfuzz's packages, as a user gets them; Jazzer.js from bench/jazzer.
const root = mkdtempSync(join(tmpdir(), "bench-jzx-")); // no "fuzz" in it: Jazzer.js's -i matches path substrings
log(`working in ${root}`);
const pack = Bun.spawnSync([process.execPath, join(PROJECT_ROOT, "scripts/package.ts"), "--platforms=host", `--out=${join(root, "pack")}`], { stdout: "pipe", stderr: "inherit" });
if (pack.exitCode !== 0) throw new Error("scripts/package.ts failed");
const tarballs = pack.stdout.toString().trim().split("\n");
if (JAZZER) ensureJazzer();
const bin = userPath(root);
const env: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "CC" && !k.startsWith("BUNFUZZ") && !k.startsWith("JAZZER")).map(([k, v]) => [k, v ?? ""]));
Object.assign(env, { PATH: bin, XDG_CACHE_HOME: join(root, "xdg"), npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" });

// 2. The examples: folders with a package.json whose scripts fuzz.
const examples: string[] = [];
const walk = (dir: string) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === "node_modules") continue;
    const d = join(dir, e.name);
    if (existsSync(join(d, "package.json")) && fuzzScripts(JSON.parse(readFileSync(join(d, "package.json"), "utf8")).scripts ?? {}).length) examples.push(d);
    walk(d);
  }
};
walk(resolve(examplesDir));
examples.sort();

/** A copy of the example for one tool, dependencies installed; the same depth below `examples/` as in the checkout. */
async function prepare(src: string, rel: string, tool: Tool): Promise<{ project: string; error?: string }> {
  const base = join(root, tool === "bunfuzz" ? "bf" : "jz");
  const project = join(base, "examples", rel);
  mkdirSync(dirname(project), { recursive: true });
  cpSync(src, project, { recursive: true });
  rewriteManifest(project, tool === "bunfuzz" ? tarballs : undefined);
  const inst = await run(["npm", "install", "--no-audit", "--no-fund"], project, env, 900);
  if (inst.code !== 0) return { project, error: inst.out.trim().split("\n").slice(-2).join(" ") };
  if (tool === "jazzer") {
    // Jazzer.js 4.0.0 from bench/jazzer, where the examples' imports look for it.
    mkdirSync(join(project, "node_modules"), { recursive: true });
    symlinkSync(join(JAZZER_DIR, "node_modules/@jazzer.js"), join(project, "node_modules/@jazzer.js"));
    const detectors = join(base, "packages/bug-detectors");
    if (!existsSync(detectors)) {
      mkdirSync(dirname(detectors), { recursive: true });
      symlinkSync(join(JAZZER_DIR, "node_modules/@jazzer.js/bug-detectors"), detectors);
    }
  }
  return { project };
}

/** Runs one script with one tool and judges it. */
async function runScript(key: string, script: string, tool: Tool, project: string): Promise<{ outcome: Outcome; shown: string }> {
  let shown = "";
  for (const step of steps(script, project, tool)) {
    if ((step.kind === "jest" || step.kind === "regression") && tool === "jazzer") return { outcome: { loads: "-", runs: "-", result: "not run", note: "Jest examples run under bunfuzz only" }, shown: "" };
    log(`${key} [${tool}]: ${step.shown}`);
    const r = await run(step.argv, project, { ...env, ...step.env }, step.kind === "build" ? 600 : TIME + 180);
    writeFileSync(join(root, `${tool}-${key.replace(/\//g, "_")}.log`), `$ ${step.shown}\n${r.out}`);
    if (step.kind === "build") {
      if (r.code !== 0) return { outcome: { loads: "no", runs: "0", result: "build step fails", note: `${step.shown}: ${r.out.trim().split("\n").slice(-2).join(" ")}` }, shown: step.shown };
      continue;
    }
    shown = step.shown;
    const outcome = step.kind === "jest" ? await judgeJest(key, r, project, root, env)
      : step.kind === "regression" ? judgeRegression(r) : await judgeFuzz(key, tool, step, r, project, root, env);
    const want = EXPECTED[key];
    if (tool === "bunfuzz" && want instanceof RegExp && outcome.result === "other finding, not under Node.js") {
      // A finding Node.js would not report stopped the run first: does the planted bug come after it?
      log(`${key} [${tool}]: again with -keep_going=1`);
      const again = await run([...step.argv, "-keep_going=1"], project, { ...env, ...step.env }, TIME + 180);
      const at = again.out.search(want);
      const execs = at < 0 ? undefined : [...again.out.slice(0, at).matchAll(/^#(\d+)\s/gm)].at(-1)?.[1];
      outcome.note += at >= 0 ? `; run again with -keep_going=1, it finds the planted bug too (near execution ${execs ?? "?"})` : "; run again with -keep_going=1, it does not find the planted bug within the budget";
    }
    log(`${key} [${tool}]: ${outcome.result} (${outcome.runs} runs, exit ${r.code}, ${r.seconds.toFixed(0)} s)`);
    return { outcome, shown };
  }
  return { outcome: { loads: "no", runs: "0", result: "no fuzzing step", note: script }, shown };
}

interface Row {
  key: string;
  script: string;
  command: string;
  bf: Outcome;
  jz?: Outcome;
}

const rows: Row[] = [];
for (const src of examples) {
  const rel = relative(resolve(examplesDir), src);
  if (ONLY && !ONLY.some((o) => rel === o || rel.endsWith(`/${o}`))) continue;
  const scripts = fuzzScripts(JSON.parse(readFileSync(join(src, "package.json"), "utf8")).scripts);
  const tools: Tool[] = JAZZER ? ["bunfuzz", "jazzer"] : ["bunfuzz"];
  const prepared = new Map<Tool, { project: string; error?: string }>();
  for (const tool of tools) {
    log(`${rel} [${tool}]: npm install`);
    prepared.set(tool, await prepare(src, rel, tool));
  }
  for (const [name, script] of scripts) {
    const key = `${rel}/${name}`;
    const row: Row = { key, script, command: "", bf: { loads: "-", runs: "-", result: "-", note: "" } };
    for (const tool of tools) {
      const p = prepared.get(tool)!;
      const { outcome, shown } = p.error
        ? { outcome: { loads: "no", runs: "0", result: "npm install fails", note: p.error }, shown: "" }
        : await runScript(key, script, tool, p.project);
      if (tool === "bunfuzz") {
        row.bf = outcome;
        row.command = shown;
      } else row.jz = outcome;
    }
    rows.push(row);
  }
}

const header = ["example / script", "loads", "bunfuzz: executions", "bunfuzz: result", ...(JAZZER ? ["Jazzer.js: executions", "Jazzer.js: result"] : []), "what bunfuzz reported"];
const text = [
  "# Jazzer.js's examples under bunfuzz",
  "",
  `\`bun bench/jazzerExamples.ts ${argv.join(" ")}\`: each fuzzing script with \`-runs=${RUNS} -seed=${SEED} -max_total_time=${TIME}\` appended.`,
  JAZZER ? "Jazzer.js: 4.0.0 on Node.js " + Bun.spawnSync([NODE, "--version"]).stdout.toString().trim() + ", the same command and budget." : "",
  "",
  table(header, rows.map((r) => [r.key, r.bf.loads, r.bf.runs, r.bf.result, ...(JAZZER ? [r.jz?.runs ?? "-", r.jz ? `${r.jz.result}${r.jz.result.startsWith("finds") || !r.jz.note ? "" : `: ${cell(r.jz.note.slice(0, 100))}`}` : "-"] : []), cell(r.bf.note)])),
  "",
  "## Commands",
  "",
  table(["example / script", "Jazzer.js's script (package.json)", "run with bunfuzz as"], rows.map((r) => [r.key, `\`${cell(r.script)}\``, r.command ? `\`${cell(r.command)}\`` : "-"])),
  "",
].join("\n");
console.log(text);
mkdirSync(join(PROJECT_ROOT, "bench/results"), { recursive: true });
writeFileSync(join(PROJECT_ROOT, "bench/results/jazzer-examples-latest.md"), text);
if (!KEEP) rmSync(root, { recursive: true, force: true });
else log(`kept ${root} (logs: ${root}/*.log)`);
