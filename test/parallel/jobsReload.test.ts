/**
 * -reload: a campaign takes in what another process adds to its corpus directory (libFuzzer -jobs,
 * AFL++, another bunfuzz), so peers on one directory share their finds.
 */
import { expect, test } from "bun:test";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { start } from "../faults/process.ts";
import { CLI, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

test.each([[[]], [["-workers=2"]]] as string[][][])("an input a peer drops into the corpus directory is run within -reload seconds %p", async (extra) => {
  // Without compare feedback the 8-byte keyword is out of reach (test/e2e/planted.test.ts): only
  // the peer's input can crash this campaign.
  const so = planted("keyword_memcmp");
  const dir = tempDir(), corpus = join(dir, "corpus");
  const r = start(["fuzz", so, corpus, "-use_cmp=0", "-seed=1", "-reload=1", "-max_total_time=120", `-artifact_prefix=${dir}/`, ...extra], dir);
  await r.until(() => r.stderr().includes("INITED"), "fuzzing");
  writeFileSync(join(corpus, "from-a-peer"), "SESAME!? and more");
  expect((await r.done()).code).toBe(77);
  const crashes = readdirSync(dir).filter((f) => f.startsWith("crash-"));
  expect(crashes).toHaveLength(1);
  expect(readFileSync(join(dir, crashes[0]!), "utf8")).toBe("SESAME!? and more");
}, 120_000);

test("-jobs=2 -workers=2 runs two campaigns with their output in fuzz-<i>.log, as libFuzzer", () => {
  const so = planted("many_paths");
  const dir = tempDir(), corpus = join(dir, "corpus");
  const r = Bun.spawnSync([process.execPath, CLI, "fuzz", so, corpus, "-jobs=2", "-workers=2", "-runs=3000"], { cwd: dir, stderr: "pipe" });
  const err = r.stderr.toString();
  expect(r.exitCode).toBe(0);
  for (const i of [0, 1]) {
    expect(err).toContain(` -runs=3000 >fuzz-${i}.log 2>&1`);
    expect(err).toContain(`================== Job ${i} exited with exit code 0 ============`);
    expect(readFileSync(join(dir, `fuzz-${i}.log`), "utf8")).toMatch(/Done 3000 runs/);
  }
  expect(readdirSync(corpus).length).toBeGreaterThan(5);
}, 60_000);

test("-jobs: a job that finds a crash does not stop the others, and the exit code is 1", () => {
  const so = planted("keyword_memcmp");
  const dir = tempDir();
  const r = Bun.spawnSync([process.execPath, CLI, "fuzz", so, join(dir, "c"), "-jobs=2", "-workers=1", "-seed=1", "-runs=20000"], { cwd: dir, stderr: "pipe" });
  const err = r.stderr.toString();
  expect(r.exitCode).toBe(1);
  expect(err).toContain("================== Job 0 exited with exit code 77 ============");
  expect(err).toContain("================== Job 1 exited with exit code 77 ============");
  expect(readdirSync(dir).filter((f) => f.startsWith("crash-"))).toHaveLength(1); // the same seed: the same crash
}, 60_000);
