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

test("the instrumenter differential fuzz() test: 2000 runs at seed 1 find no difference", () => {
  const corpus = tempDir("bunfuzz-selffuzz-");
  const r = Bun.spawnSync([process.execPath, "test", "./test/fuzz/instrumentDiff.test.ts"], {
    cwd: PROJECT_ROOT, stdout: "pipe", stderr: "pipe",
    env: { ...process.env, BUNFUZZ: "1", BUNFUZZ_SEED: "1", BUNFUZZ_RUNS: "2000", BUNFUZZ_INSTRUMENT_DIFF_CORPUS: corpus },
  });
  const out = r.stdout.toString() + r.stderr.toString();
  expect(out).toContain("Done 2000 runs");
  expect(r.exitCode).toBe(0);
  expect(readdirSync(corpus).length).toBeGreaterThan(5); // the generator's choices reached new coverage
}, 120_000);
