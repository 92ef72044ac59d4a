/**
 * -prefix_snapshots=1 on the planted stateful targets (test/fixtures/stateful/): the stage takes
 * snapshots and runs suffixes, finds bugs that need a deep state, and what it saves is a whole
 * input that a plain run (bunfuzz run, no snapshots) reproduces. Fixed seeds; budgets about twice
 * the executions measured at each seed (in the test names).
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, filesWithPrefix, tempDir } from "../helpers/cli.ts";

const F = join(PROJECT_ROOT, "test/fixtures/stateful");

/** A campaign that must end in the planted finding; returns the artifact's path and stderr. */
function finds(target: string, flags: string[], planted: string): { artifact: string; stderr: string } {
  const dir = tempDir();
  const r = bunfuzz(["fuzz", join(F, target), join(dir, "corpus"), `-artifact_prefix=${dir}/`, "-prefix_snapshots=1", ...flags], dir);
  expect(r.stderr).toContain(planted);
  const artifacts = filesWithPrefix(dir, "crash-");
  expect(artifacts.length).toBe(1);
  return { artifact: artifacts[0]!, stderr: r.stderr };
}

/** The artifact, run plainly, fails the same way. */
function reproduces(target: string, artifact: string, planted: string): void {
  const r = bunfuzz(["run", join(F, target), artifact]);
  expect(r.stderr).toContain(planted);
  expect(r.code).not.toBe(0);
}

describe("-prefix_snapshots=1", () => {
  test("takes snapshots and runs suffixes on a Smith stateful harness (Done line's INFO)", () => {
    const r = bunfuzz(["fuzz", join(F, "lock.ts"), "-seed=1", "-runs=20000", "-prefix_snapshots=1"]);
    expect(r.code).toBe(0);
    const m = r.stderr.match(/INFO: prefix snapshots: (\d+) taken, (\d+) suffix runs/);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    // At most about half the executions (the stage checks its share at each pick, then runs 256).
    expect(Number(m![2])).toBeGreaterThan(5000);
    expect(Number(m![2])).toBeLessThan(10000 + 256);
  }, 60_000);

  test("Smith harness: the 12-step lock opens (seed 4: 21,452 runs) and the crash reproduces without snapshots", () => {
    const planted = "planted: the lock opened";
    const { artifact } = finds("lock.ts", ["-seed=4", "-runs=50000"], planted);
    reproduces("lock.ts", artifact, planted);
  }, 60_000);

  test("byte harness: the command after a 10-byte handshake (seed 1: 149,875 runs) reproduces without snapshots", () => {
    const planted = "planted: command after the handshake";
    const { artifact } = finds("tape.ts", ["-seed=1", "-runs=400000"], planted);
    reproduces("tape.ts", artifact, planted);
  }, 60_000);

  test("with -shrink=1, which evicts corpus inputs while a snapshot of one lives (seed 1: 259,181 runs)", () => {
    const planted = "planted: command after the handshake";
    const { artifact } = finds("tape.ts", ["-seed=1", "-shrink=1", "-runs=600000"], planted);
    reproduces("tape.ts", artifact, planted);
  }, 60_000);

  test("an unhandled rejection raised by a suffix run is attributed to its input (seed 1: 16,186 runs; missed when a pick outran the ring of recent inputs)", () => {
    const planted = "planted: rejected after the sixth operation";
    const { artifact, stderr } = finds("reject.ts", ["-seed=1", "-runs=40000"], planted);
    expect(stderr).not.toContain("no single input reproduced");
    reproduces("reject.ts", artifact, planted);
  }, 60_000);

  test("on a target that is not stateful: a warning, and the run goes on", () => {
    const r = bunfuzz(["fuzz", join(PROJECT_ROOT, "test/fixtures/package/toml_smith.ts"), "-seed=1", "-runs=200", "-prefix_snapshots=1"]);
    expect(r.stderr).toContain("-prefix_snapshots=1 does nothing here");
  }, 60_000);
});
