/**
 * Signals and kills, as CI systems, `docker stop` and ClusterFuzz deliver them: SIGINT or SIGTERM
 * to the supervisor's pid alone stops the campaign with final stats and libFuzzer's exit code 72,
 * also while the target hangs inside an input; `kill -9` of the worker or of the supervisor leaves
 * a whole corpus, no worker and no shared memory behind, and a rerun resumes; a target that sends
 * itself SIGKILL is a finding. Waits are on conditions (stderr lines, file counts, processes gone),
 * bounded by the test's timeout, never on a clock.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha1Hex } from "../../src/util/sha1.ts";
import { bunfuzz, filesWithPrefix, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";
import { alive, childrenOf, entries, start } from "./process.ts";

function expectWholeCorpus(corpus: string): string[] {
  const names = entries(corpus);
  for (const name of names) expect(sha1Hex(readFileSync(join(corpus, name)))).toBe(name);
  return names;
}

function expectResumes(so: string, corpus: string, dir: string, files: number): void {
  const r = bunfuzz(["fuzz", so, corpus, "-seed=8", "-runs=1000"], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toMatch(new RegExp(`INFO: +${files} files found`));
}

describe("SIGINT and SIGTERM to the supervisor's pid alone", () => {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    test(`${sig}: the worker stops itself, final stats, exit 72`, async () => {
      const dir = tempDir();
      const r = start(["fuzz", planted("many_paths"), join(dir, "corpus"), "-seed=1", "-max_len=256", "-print_final_stats=1"], dir);
      await r.until(() => /\tNEW /.test(r.stderr()), "finding new inputs"); // so new_units_added is not 0
      r.proc.kill(sig);
      const { code, stderr } = await r.done();
      expect(code).toBe(72);
      expect(stderr).toContain("libFuzzer: run interrupted; exiting");
      expect(stderr).toMatch(/#\d+\tDONE /); // the worker's own closing status line: it stopped, it was not killed
      expect(stderr).toMatch(/Done \d+ runs in \d+ second\(s\)/);
      expect(stderr).toMatch(/stat::number_of_executed_units: +\d+/);
      expect(stderr).toMatch(/stat::new_units_added: +[1-9]\d*/);
      expect(stderr).not.toContain("SIGKILL");
    }, 60_000);
  }

  test("SIGTERM while the target hangs inside an input: the supervisor stops the worker and prints the stats", async () => {
    const dir = tempDir();
    const corpus = join(dir, "corpus");
    mkdirSync(corpus);
    writeFileSync(join(corpus, "hangs"), "HNG!"); // the seed itself hangs; -timeout stays at its 1200 s default
    const r = start(["fuzz", planted("hang"), corpus, "-seed=1", "-print_final_stats=1"], dir);
    await r.until(() => r.stderr().includes("INFO: seed corpus"), "running its seeds");
    const worker = childrenOf(r.proc.pid);
    expect(worker).toHaveLength(1);
    r.proc.kill("SIGTERM");
    const { code, stderr } = await r.done();
    expect(code).toBe(72);
    expect(stderr).toContain("libFuzzer: run interrupted; exiting");
    expect(stderr).toMatch(/stat::number_of_executed_units: +\d+/);
    expect(stderr).not.toMatch(/#\d+\tDONE /); // the worker never got out of the input
    expect(stderr).not.toContain("timeout");
    expect(filesWithPrefix(dir, "timeout-")).toHaveLength(0);
    expect(alive(worker[0]!)).toBe(false);
  }, 60_000);
});

describe("kill -9", () => {
  test("of the worker: the corpus is whole, no finding, a rerun resumes", async () => {
    const so = planted("many_paths");
    const dir = tempDir();
    const corpus = join(dir, "corpus");
    const r = start(["fuzz", so, corpus, "-seed=7", "-max_len=256", "-len_control=0"], dir);
    await r.until(() => entries(corpus).length >= 20, "writing 20 corpus files");
    const children = childrenOf(r.proc.pid);
    expect(children).toHaveLength(1);
    process.kill(children[0]!, "SIGKILL");
    const { code, stderr } = await r.done();
    expect(code).toBe(137);
    expect(stderr).toContain("killed by SIGKILL from outside bunfuzz");
    expect(filesWithPrefix(dir, "crash-")).toHaveLength(0); // not a finding, even if it was inside the target
    const names = expectWholeCorpus(corpus);
    expect(names.length).toBeGreaterThanOrEqual(20);
    expectResumes(so, corpus, dir, names.length);
  }, 60_000);

  test("of the supervisor: the worker dies with it, its shared memory goes too, the corpus is whole, a rerun resumes", async () => {
    const so = planted("many_paths");
    const dir = tempDir();
    const corpus = join(dir, "corpus");
    const r = start(["fuzz", so, corpus, "-seed=7", "-max_len=256", "-len_control=0"], dir);
    await r.until(() => entries(corpus).length >= 20, "writing 20 corpus files");
    const [worker] = childrenOf(r.proc.pid);
    expect(worker).toBeDefined();
    // The shared region is a file the supervisor unlinked before starting the worker.
    expect(readlinkSync(`/proc/${worker}/fd/3`)).toEndWith("(deleted)");
    r.proc.kill("SIGKILL");
    await r.done();
    while (alive(worker!)) await Bun.sleep(10); // bounded by the test's timeout: a worker that outlives it fails
    if (existsSync("/dev/shm")) expect(readdirSync("/dev/shm").filter((f) => f.startsWith(`bunfuzz-${r.proc.pid}-`))).toEqual([]);
    const names = expectWholeCorpus(corpus);
    expectResumes(so, corpus, dir, names.length);
  }, 60_000);

  test("a target that SIGKILLs itself inside an execution is a finding (confirmed by a rerun)", () => {
    const so = planted("self_kill");
    const dir = tempDir();
    const r = bunfuzz(["fuzz", so, join(dir, "corpus"), "-seed=1", "-runs=100000"], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain("SIGKILL inside the target, again on the rerun");
    const [crash] = filesWithPrefix(dir, "crash-");
    expect(readFileSync(crash!).subarray(0, 2).toString()).toBe("SK");
    const again = bunfuzz(["run", so, crash!], dir);
    expect(again.code).toBe(77);
  }, 60_000);
});
