/**
 * fuzz() in bun test files, on a fixture project that imports "bunfuzz" like a user's project:
 * plain `bun test` replays seeds; `BUNFUZZ=1` fuzzes (in a child), finds the planted bug and saves
 * a crasher that the next plain run fails on; a native crash inside a fuzz() test is one failed
 * test, not a dead test run.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { fixtureProject } from "../helpers/fixture.ts";

const fixture = () => fixtureProject("project");

function bunTest(dir: string, file: string, env: Record<string, string> = {}, args: string[] = []): { code: number; out: string } {
  const r = Bun.spawnSync([process.execPath, "test", file, ...args], { cwd: dir, env: { ...process.env, BUNFUZZ_CACHE: join(dir, ".bunfuzz-cache"), ...env }, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: r.stdout.toString() + r.stderr.toString() };
}

/** Files (not folders) anywhere below dir. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
}

describe("fuzz() in bun test", () => {
  test("plain run replays seeds; fuzzing finds the bug and saves it; the next plain run fails on it", () => {
    const dir = fixture();
    const plain = bunTest(dir, "./fuzz/parse.fuzz.ts");
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("seed #1");
    expect(plain.out).toContain("seed #2");

    const fuzzed = bunTest(dir, "./fuzz/parse.fuzz.ts", { BUNFUZZ: "1", BUNFUZZ_SEED: "1", BUNFUZZ_RUNS: "300000", BUNFUZZ_MAX_TOTAL_TIME: "60" });
    expect(fuzzed.code).not.toBe(0);
    // The report starts with the target's own error at its throw site, then the minimized input.
    expect(fuzzed.out).toContain("if (verb === \"ABORT\" && arg.length > 0) throw new Error(`planted: abort with ${arg}`);");
    // "ABORT x" is the smallest input that fails: a longer find is minimized to it before it is saved
    // (x any one byte; the report escapes an unprintable one, "ABORT \x00").
    expect(fuzzed.out).toMatch(/error: planted: abort with .\n\nfuzz: parse command: crash on input "ABORT (.|\\x[0-9a-f]{2})" \(7 bytes(, minimized from \d+)?\)/);
    expect(fuzzed.out).toContain("seed 1; reproduce: bun test");
    // As with go test -fuzz: testdata holds the seeds and crashers only; generated inputs go to the cache.
    const corpus = join(dir, "fuzz", "testdata", "fuzz", "parse_command");
    const crashers = readdirSync(corpus).filter((f) => f.startsWith("crash-"));
    expect(crashers).toHaveLength(1);
    expect(readdirSync(corpus)).toEqual(crashers);
    expect(readFileSync(join(corpus, crashers[0]!)).length).toBe(7);
    expect(filesBelow(join(dir, ".bunfuzz-cache", "fuzz")).length).toBeGreaterThan(0);
    // The printed command runs exactly that crasher's test (the name escaped as a regular expression).
    const repro = /reproduce: bun test \S+ --test-name-pattern '([^']+)'/.exec(fuzzed.out)![1]!;
    const one = bunTest(dir, "./fuzz/parse.fuzz.ts", {}, ["--test-name-pattern", repro]);
    expect(one.out).toContain("Ran 1 test across 1 file");
    expect(one.out).toContain(`(fail) parse command > ${crashers[0]}`);

    const again = bunTest(dir, "./fuzz/parse.fuzz.ts");
    expect(again.code).not.toBe(0);
    expect(again.out).toContain(`(fail) parse command > ${crashers[0]}`);
    expect(again.out).toContain("planted: abort with");
  }, 120_000);

  test("a Smith harness: fuzzing finds the structured bug and saves it; the next plain run fails on it", () => {
    const dir = fixture();
    expect(bunTest(dir, "./fuzz/vault.fuzz.ts").code).toBe(0);
    const fuzzed = bunTest(dir, "./fuzz/vault.fuzz.ts", { BUNFUZZ: "1", BUNFUZZ_SEED: "1", BUNFUZZ_RUNS: "500000", BUNFUZZ_MAX_TOTAL_TIME: "60" });
    expect(fuzzed.code).not.toBe(0);
    // A Smith harness's failure shows the typed values it read, by label.
    expect(fuzzed.out).toMatch(/fuzz: vault ops: crash on input of \d+ typed values/);
    expect(fuzzed.out).toMatch(/ op +pick\(3\) +#2/);
    const corpus = join(dir, "fuzz", "testdata", "fuzz", "vault_ops");
    const crashers = readdirSync(corpus).filter((f) => f.startsWith("crash-"));
    expect(crashers).toHaveLength(1);
    const again = bunTest(dir, "./fuzz/vault.fuzz.ts");
    expect(again.code).not.toBe(0);
    expect(again.out).toContain("planted: vault closed with a pending deposit");
  }, 120_000);

  test("a hang is a timeout finding after the test default of 5 s", () => {
    const dir = fixture();
    const fuzzed = bunTest(dir, "./fuzz/hang.fuzz.ts", { BUNFUZZ: "1", BUNFUZZ_SEED: "1", BUNFUZZ_MAX_TOTAL_TIME: "60", BUNFUZZ_WORKERS: "1" });
    expect(fuzzed.out).toContain("fuzz: loop forever: timeout on input \"loop");
    expect(readdirSync(join(dir, "fuzz", "testdata", "fuzz", "loop_forever")).filter((f) => f.startsWith("timeout-"))).toHaveLength(1);
  }, 120_000);

  test("a native crash inside a fuzz() test fails that test, and the run goes on", () => {
    const dir = fixture();
    const plain = bunTest(dir, "./fuzz/native.fuzz.ts");
    expect(plain.code).toBe(0);
    const fuzzed = bunTest(dir, "./fuzz/native.fuzz.ts", { BUNFUZZ: "1", BUNFUZZ_SEED: "2", BUNFUZZ_RUNS: "500000", BUNFUZZ_MAX_TOTAL_TIME: "60" });
    expect(fuzzed.out).toContain("fuzz: native crashy: crash on input \"BOOM");
    expect(fuzzed.out).toMatch(/1 fail/);
    expect(fuzzed.out).toContain("Ran 1 test across 1 file");
  }, 120_000);
});

describe("fuzz() with parallel workers", () => {
  test("BUNFUZZ=1 fuzzes with two workers; bunfuzz test --concurrent fuzzes two tests at once, a worker each", () => {
    const dir = fixture();
    const two = bunTest(dir, "./fuzz/verbs.fuzz.ts", { BUNFUZZ: "1", BUNFUZZ_SEED: "1", BUNFUZZ_RUNS: "4000", BUNFUZZ_MAX_TOTAL_TIME: "600", BUNFUZZ_WORKERS: "2" });
    expect(two.code).toBe(0);
    expect(two.out).toMatch(/INFO: worker 0: 2000 runs, corpus \d+ inputs, ran \d+ from other workers/);
    expect(two.out).toMatch(/INFO: worker 1: 2000 runs, corpus \d+ inputs, ran \d+ from other workers/);
    const cli = Bun.spawnSync([process.execPath, join(PROJECT_ROOT, "src/cli/main.ts"), "test", "--concurrent", "--max-concurrency=2", "-seed=1", "-runs=500000", "./fuzz/parse.fuzz.ts", "./fuzz/vault.fuzz.ts"], {
      cwd: dir, stdout: "pipe", stderr: "pipe",
    });
    const out = cli.stdout.toString() + cli.stderr.toString();
    expect(out).toContain("fuzz: parse command: crash on input");
    expect(out).toContain("fuzz: vault ops: crash on input");
    expect(out).not.toMatch(/INFO: worker \d: /); // one worker per test: 2 cores, 2 tests at once
  }, 180_000);
});
