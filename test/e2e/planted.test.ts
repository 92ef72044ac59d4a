/**
 * End to end: each planted bug is found at a fixed seed within a stated run budget, saved as a
 * libFuzzer-named artifact, and reproduced by `bunfuzz run`. Budgets are several times the runs
 * measured at these seeds (see targets/planted/README.md), so they only fail if the engine regresses.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bunfuzz, filesWithPrefix, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

interface Case {
  target: string;
  asan?: boolean;
  seed: number;
  runs: number;
  flags?: string[];
  artifact: "crash" | "timeout" | "oom";
  exit: number;
  /** A check on the saved input, so a wrong input cannot pass. */
  input: (b: Buffer) => boolean;
}

const CASES: Case[] = [
  { target: "magic_len", seed: 1, runs: 1_000_000, artifact: "crash", exit: 77,
    input: (b) => b.subarray(0, 4).toString() === "BFZ1" && b.readUInt16LE(4) === b.length - 6 && b[6] === 0x21 },
  { target: "int_compare", seed: 1, runs: 20_000, artifact: "crash", exit: 77, input: (b) => b.readUInt32LE(0) === 0x8badf00d },
  { target: "keyword_memcmp", seed: 1, runs: 20_000, artifact: "crash", exit: 77, input: (b) => b.subarray(0, 8).toString() === "SESAME!?" },
  { target: "checksum", seed: 1, runs: 1_000_000, artifact: "crash", exit: 77, input: (b) => b.subarray(0, 2).toString() === "CK" && b.length >= 10 },
  // The input-to-state stage writes the tag and repairs the CRC over it in one step (8,363 runs at seed 1).
  { target: "checksum_tag", seed: 1, runs: 40_000, flags: ["-input_to_state=1"], artifact: "crash", exit: 77,
    input: (b) => b.subarray(4, 8).toString() === "tAg1" && b.subarray(8, 16).toString() === "KeyW0rd!" },
  // Seed 52 (2,910 runs): the tag or its CRC is read inside a run of equal bytes, past the first two
  // places its operand occurs at, where the stage writes it too (not found in 200,000 runs without).
  { target: "checksum_tag", seed: 52, runs: 20_000, artifact: "crash", exit: 77,
    input: (b) => b.subarray(4, 8).toString() === "tAg1" && b.subarray(8, 16).toString() === "KeyW0rd!" },
  { target: "null_write", seed: 1, runs: 50_000, artifact: "crash", exit: 77, input: (b) => b.subarray(0, 2).toString() === "NW" },
  { target: "thread_crash", seed: 1, runs: 50_000, artifact: "crash", exit: 77, input: (b) => b.subarray(0, 2).toString() === "TC" },
  { target: "exits", seed: 1, runs: 50_000, artifact: "crash", exit: 77, input: (b) => b.subarray(0, 2).toString() === "EX" },
  { target: "hang", seed: 1, runs: 50_000, flags: ["-timeout=1"], artifact: "timeout", exit: 70, input: (b) => b.subarray(0, 3).toString() === "HNG" },
  { target: "oom", seed: 1, runs: 50_000, flags: ["-rss_limit_mb=400"], artifact: "oom", exit: 71, input: (b) => b.subarray(0, 2).toString() === "MM" },
  // LLVMFuzzerCustomMutator (calling LLVMFuzzerMutate) keeps a checksum valid; Initialize arms the bug.
  { target: "custom_hooks", seed: 2, runs: 1_000_000, artifact: "crash", exit: 77,
    input: (b) => b.subarray(1, 4).toString() === "FIX" && b[0] === [...b.subarray(1)].reduce((a, x) => (a + x) & 0xff, 0) },
  // ASan builds (clang-14 + its runtime preloaded into the worker): ASan reports, exit code 1.
  { target: "heap_overflow", asan: true, seed: 1, runs: 50_000, artifact: "crash", exit: 1, input: (b) => b.subarray(0, 2).toString() === "HO" },
  { target: "null_write", asan: true, seed: 1, runs: 50_000, artifact: "crash", exit: 1, input: (b) => b.subarray(0, 2).toString() === "NW" },
];

describe("planted bugs", () => {
  for (const c of CASES) {
    test(`${c.target}${c.asan ? " (ASan)" : ""}: found at seed ${c.seed} within ${c.runs} runs, saved, reproduced`, () => {
      const so = planted(c.target, { asan: c.asan ?? false });
      const dir = tempDir();
      const args = ["fuzz", so, join(dir, "corpus"), `-seed=${c.seed}`, `-runs=${c.runs}`, `-artifact_prefix=${dir}/`];
      const r = bunfuzz([...args, ...(c.flags ?? [])], dir);
      expect(r.code).toBe(c.exit);
      expect(r.stderr).not.toContain("Bun has crashed"); // the target's fault, on whichever thread
      const artifacts = filesWithPrefix(dir, `${c.artifact}-`);
      expect(artifacts).toHaveLength(1);
      expect(r.stderr).toContain(`Test unit written to ${artifacts[0]}`);
      expect(c.input(readFileSync(artifacts[0]!))).toBe(true);
      const again = bunfuzz(["run", so, artifacts[0]!, ...(c.flags ?? [])], dir);
      expect(again.code).toBe(c.exit);
      expect(again.stderr).toContain(`Running: ${artifacts[0]}`);
      if (c.asan) expect(again.stderr).toContain("ERROR: AddressSanitizer:");
    }, 60_000);
  }

  test("without the input-to-state stage checksum_tag is not reached in 5x its budget", () => {
    const r = bunfuzz(["fuzz", planted("checksum_tag"), "-seed=1", "-runs=200000", "-input_to_state=0"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Done 200000 runs");
  }, 60_000);

  // The control: the same budgets x10 without compare feedback do not reach the compare-guarded bugs.
  for (const target of ["int_compare", "keyword_memcmp"]) {
    test(`without compare feedback ${target} is not reached in 10x its budget`, () => {
      const r = bunfuzz(["fuzz", planted(target), "-seed=1", "-runs=200000", "-use_cmp=0"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("Done 200000 runs");
    }, 60_000);
  }
});
