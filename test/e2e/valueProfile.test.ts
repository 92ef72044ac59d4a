/**
 * -use_value_profile=1 end to end, with compare feedback off (-use_cmp=0) as LLVM's own libFuzzer
 * tests run it: no operand is ever copied into the input, so only value-profile features (how
 * close each compare came) can lead to the planted bugs. Budgets are 2-4x the executions measured
 * at seed 1 (bench/results/value-profile.md); the controls show the same budgets do not reach them
 * without value profile.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, filesWithPrefix, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

const VP = ["-use_cmp=0", "-use_value_profile=1"];

interface Case {
  target: string;
  runs: number;
  /** A check on the saved input, so a wrong input cannot pass. */
  input: (b: Buffer) => boolean;
}

const CASES: Case[] = [
  { target: "vp_cmp32", runs: 200_000, input: (b) => b.length === 6 && b.readUInt32LE(1) === 0x5a17c3e9 },
  { target: "vp_cmp64", runs: 1_000_000, input: (b) => b.readBigUInt64LE(2) === 0x3e0b9d14c7a26f58n },
  { target: "vp_switch", runs: 1_000_000, input: (b) => b.readUInt32LE(0) === 0x61f0e7a3 },
  { target: "vp_strcmp", runs: 1_000_000, input: (b) => b.subarray(0, 8).toString("latin1") === "qZx!7vR\0" || b.subarray(0, b.length - 1).toString("latin1") === "qZx!7vR" },
  { target: "vp_abs", runs: 400_000, input: (b) => Math.abs(b.readInt32LE(4)) === 0x1c3a55e7 },
];

describe("value profile", () => {
  for (const c of CASES) {
    test(`${c.target}: found with -use_cmp=0 -use_value_profile=1 at seed 1 within ${c.runs} runs`, () => {
      const dir = tempDir();
      const r = bunfuzz(["fuzz", planted(c.target), "-seed=1", `-runs=${c.runs}`, `-artifact_prefix=${dir}/`, ...VP], dir);
      expect(r.code).toBe(77);
      const [crash] = filesWithPrefix(dir, "crash-");
      expect(c.input(readFileSync(crash!))).toBe(true);
    }, 60_000);
  }

  for (const [target, runs] of [["vp_cmp32", 200_000], ["vp_strcmp", 1_000_000]] as const) {
    test(`without value profile ${target} is not reached in the same budget`, () => {
      const r = bunfuzz(["fuzz", planted(target), "-seed=1", `-runs=${runs}`, "-use_cmp=0"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain(`Done ${runs} runs`);
    }, 60_000);
  }

  test("JS compares: the planted integer magic with -use_cmp=0 -use_value_profile=1 within 100000 runs, and not without", () => {
    const dir = tempDir();
    const target = join(PROJECT_ROOT, "targets/js/planted/int_magic.cjs");
    const r = bunfuzz(["fuzz", target, "-seed=1", "-runs=100000", `-artifact_prefix=${dir}/`, ...VP], dir);
    expect(r.code).toBe(77);
    const [crash] = filesWithPrefix(dir, "crash-");
    expect(readFileSync(crash!).readUInt32LE(0)).toBe(0x1badb002);
    const off = bunfuzz(["fuzz", target, "-seed=1", "-runs=100000", "-use_cmp=0"]);
    expect(off.code).toBe(0);
  }, 60_000);

  test("value-profile features count in ft: and never in cov:", () => {
    const done = (flags: string[]) => {
      const r = bunfuzz(["fuzz", planted("vp_cmp32"), "-seed=2", "-runs=5000", "-use_cmp=0", ...flags]);
      expect(r.code).toBe(0);
      const m = /DONE +cov: (\d+) ft: (\d+)/.exec(r.stderr)!;
      return { cov: Number(m[1]), ft: Number(m[2]) };
    };
    const off = done([]), on = done(["-use_value_profile=1"]);
    expect(on.cov).toBe(off.cov);
    expect(on.ft).toBeGreaterThan(off.ft + 20);
  }, 60_000);
});
