/**
 * bunfuzz fuzzes its own instrumenter for a fixed budget: `bunfuzz test` on the differential
 * fuzz() test (test/fuzz/instrumentDiff.test.ts), at a fixed seed and run count, its corpus in a
 * temporary directory. A program that behaves differently instrumented fails the campaign.
 */
import { expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { tempDir } from "../helpers/cli.ts";

// The run budget, not fuzz()'s 10 s default time limit, must end these campaigns, however loaded
// the machine: BUNFUZZ_MAX_TOTAL_TIME lifts the limit.
test("the instrumenter differential fuzz() test: 2000 runs at seed 1 find no difference", () => {
  const corpus = tempDir("bunfuzz-selffuzz-");
  const r = Bun.spawnSync([process.execPath, "test", "./test/fuzz/instrumentDiff.test.ts"], {
    cwd: PROJECT_ROOT, stdout: "pipe", stderr: "pipe",
    env: { ...process.env, BUNFUZZ: "1", BUNFUZZ_SEED: "1", BUNFUZZ_RUNS: "2000", BUNFUZZ_MAX_TOTAL_TIME: "600", BUNFUZZ_INSTRUMENT_DIFF_CORPUS: corpus },
  });
  const out = r.stdout.toString() + r.stderr.toString();
  expect(out).toContain("Done 2000 runs");
  expect(r.exitCode).toBe(0);
  expect(readdirSync(corpus).length).toBeGreaterThan(5); // the generator's choices reached new coverage
}, 120_000);

test("the parsers' fuzz() tests (dictionary, .options, flags): 5000 runs each at seed 1 break no invariant", () => {
  const corpus = tempDir("bunfuzz-selffuzz-");
  const r = Bun.spawnSync([process.execPath, "test", "./test/fuzz/parsers.test.ts"], {
    cwd: PROJECT_ROOT, stdout: "pipe", stderr: "pipe",
    env: { ...process.env, BUNFUZZ: "1", BUNFUZZ_SEED: "1", BUNFUZZ_RUNS: "5000", BUNFUZZ_MAX_TOTAL_TIME: "600", BUNFUZZ_WORKERS: "1", BUNFUZZ_SELF_FUZZ_CORPUS: corpus },
  });
  const out = r.stdout.toString() + r.stderr.toString();
  expect(out.match(/Done 5000 runs/g)).toHaveLength(3);
  expect(r.exitCode).toBe(0);
  for (const name of ["dictionary", "options", "flags"]) expect(readdirSync(join(corpus, name)).length).toBeGreaterThan(3);
}, 120_000);
