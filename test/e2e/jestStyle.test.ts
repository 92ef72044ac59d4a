/**
 * Jest-style fuzz tests (it.fuzz / test.fuzz, written for Jazzer.js's Jest runner) under bun test:
 * plain runs replay the empty input and Jazzer.js's per-test inputs folder; fuzzing mode
 * (JAZZER_FUZZ=1 or BUNFUZZ=1) finds each planted bug (sync, done callback throwing in a timer,
 * async with dictionary entries), saves the crasher in that folder and the generated inputs in
 * .cifuzz-corpus; `bunfuzz test` needs no bunfig line. The fixture's .jazzerjsrc.json sets
 * -runs=1, which the command line's budget (BUNFUZZ_RUNS, bunfuzz test's -runs) overrides, as
 * Jazzer.js ranks a configuration file below the command line.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { fixtureProject } from "../helpers/fixture.ts";

const fixture = () => fixtureProject("jest");

function run(dir: string, argv: string[], env: Record<string, string> = {}): { code: number; out: string } {
  const r = Bun.spawnSync(argv, { cwd: dir, env: { ...process.env, BUNFUZZ_CACHE: join(dir, ".bunfuzz-cache"), ...env }, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: r.stdout.toString() + r.stderr.toString() };
}

const FUZZ = { BUNFUZZ_SEED: "1", BUNFUZZ_RUNS: "300000", BUNFUZZ_MAX_TOTAL_TIME: "60", BUNFUZZ_WORKERS: "1" };

describe("it.fuzz in bun test", () => {
  test("plain bun test replays the empty input and the inputs folder; skip works", () => {
    const dir = fixture();
    const r = run(dir, [process.execPath, "test", "./checks.fuzz.js"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("Checks > header parser > <empty>");
    expect(r.out).toContain("Checks > header parser > seed1");
    expect(r.out).toContain("Checks > callback style > <empty>");
    expect(r.out).toContain("(skip) Checks > skipped");
  }, 60_000);

  test("JAZZER_FUZZ=1 finds the planted bug, saves the crasher in Jazzer.js's folder and the generated inputs in .cifuzz-corpus", () => {
    const dir = fixture();
    const r = run(dir, [process.execPath, "test", "./checks.fuzz.js", "--test-name-pattern", "header parser$"], { JAZZER_FUZZ: "1", ...FUZZ });
    expect(r.code).toBe(1);
    expect(r.out).toContain("planted: debug header");
    expect(r.out).toContain("fuzz: header parser: crash on input \"X-Debug:");
    const inputs = join(dir, "checks.fuzz", "Checks", "header_parser");
    expect(readdirSync(inputs).filter((f) => f.startsWith("crash-"))).toHaveLength(1);
    expect(readdirSync(join(dir, ".cifuzz-corpus", "checks.fuzz", "Checks", "header_parser")).length).toBeGreaterThan(0);
    const again = run(dir, [process.execPath, "test", "./checks.fuzz.js"]);
    expect(again.out).toMatch(/\(fail\) Checks > header parser > crash-[0-9a-f]{40}/);
  }, 180_000);

  test("a done-callback test whose callback throws in a timer, and an async one with dictionary entries, are found", () => {
    const dir = fixture();
    const cb = run(dir, [process.execPath, "test", "./checks.fuzz.js", "--test-name-pattern", "callback style$"], { BUNFUZZ: "1", ...FUZZ });
    expect(cb.out).toContain("planted: thrown in a callback");
    expect(cb.code).toBe(1);
    const as = run(dir, [process.execPath, "test", "./checks.fuzz.js", "--test-name-pattern", "async style$"], { BUNFUZZ: "1", ...FUZZ, BUNFUZZ_RUNS: "50000" });
    expect(as.out).toContain("planted: async rejection");
    expect(as.code).toBe(1);
  }, 180_000);

  test("bunfuzz test runs it.fuzz tests without a bunfig preload line", () => {
    const dir = fixture();
    rmSync(join(dir, "bunfig.toml"));
    const r = run(dir, [process.execPath, join(PROJECT_ROOT, "src/cli/main.ts"), "test", "./checks.fuzz.js", "--test-name-pattern", "header parser$", "-seed=1", "-runs=300000", "-workers=1"]);
    expect(r.out).toContain("planted: debug header");
    expect(existsSync(join(dir, "checks.fuzz", "Checks", "header_parser"))).toBe(true);
  }, 180_000);
});
