/**
 * Statistical reachability: driven by the real RNG, each mutator produces every variant it is
 * meant to produce (all bit flips, every erasure window, every insertion point, ...), within a
 * fixed number of draws at a fixed seed.
 */
import { describe, expect, test } from "bun:test";
import {
  changeASCIIInteger, changeBinaryInteger, changeBit, changeByte, copyPart, eraseBytes, insertByte, shuffleBytes,
} from "../../src/mutators/bytes.ts";
import { compareOperand } from "../../src/mutators/compare.ts";
import { crossOver } from "../../src/mutators/crossover.ts";
import { SKIP, type MutatorFn } from "../../src/mutators/types.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";
import { intPair, stateFor } from "../helpers/mutation.ts";

function outputs(fn: MutatorFn, input: string | number[], draws: number, opts: Parameters<typeof stateFor>[2] = {}): Set<string> {
  const rng = new Xoshiro128(12345);
  const seen = new Set<string>();
  for (let i = 0; i < draws; i++) {
    const s = stateFor(input, rng, opts);
    const n = fn(s);
    if (n !== SKIP) seen.add(Buffer.from(s.data.subarray(0, n)).toString("latin1"));
  }
  return seen;
}

describe("reachability", () => {
  test("ChangeBit reaches all 8 flips of every byte", () => {
    const seen = outputs(changeBit, [0, 0], 2000);
    expect(seen.size).toBe(16);
  });
  test("ChangeByte reaches all 256 values", () => {
    expect(outputs(changeByte, [7], 20_000).size).toBe(256);
  });
  test("EraseBytes reaches every window of up to half the input", () => {
    const seen = outputs(eraseBytes, "abcd", 2000);
    expect([...seen].sort()).toEqual(["ab", "abc", "abd", "acd", "ad", "bcd", "cd"].sort());
  });
  test("InsertByte reaches every position", () => {
    const seen = outputs(insertByte, "ab", 20_000);
    for (const want of ["!ab", "a!b", "ab!", "\x00ab", "a\xffb"]) expect(seen.has(want)).toBe(true);
  });
  test("ShuffleBytes reaches every permutation of 3 bytes", () => {
    const seen = outputs(shuffleBytes, "abc", 5000);
    for (const p of ["abc", "acb", "bac", "bca", "cab", "cba"]) expect(seen.has(p)).toBe(true);
  });
  test("CopyPart both overwrites and inserts", () => {
    const seen = outputs(copyPart, "ab", 5000, { maxSize: 4 });
    for (const want of ["aa", "bb", "aab", "abb", "abab", "aba", "bab"]) expect(seen.has(want)).toBe(true);
  });
  test("ChangeASCIIInt increments, decrements, halves and doubles", () => {
    const seen = outputs(changeASCIIInteger, "x40y", 5000);
    for (const want of ["x41y", "x39y", "x20y", "x80y"]) expect(seen.has(want)).toBe(true);
  });
  test("ChangeBinInt nudges by ±1 in both byte orders and writes the size", () => {
    const seen = outputs(changeBinaryInteger, [0, 5], 20_000);
    for (const want of [[0, 6], [0, 4], [1, 5], [0xff, 5], [0, 2], [2, 0]]) {
      expect(seen.has(Buffer.from(want).toString("latin1"))).toBe(true);
    }
  });
  test("CrossOver interleaves, inserts and overwrites from the other input", () => {
    const seen = outputs(crossOver, "ab", 5000, { maxSize: 4, other: new TextEncoder().encode("XY") });
    for (const want of ["aX", "Xb", "XY", "aXYb", "abXY", "aXbY"]) expect(seen.has(want)).toBe(true);
  });
  test("CMP writes the other operand in both byte orders, and ±1", () => {
    const le = [0x78, 0x56, 0x34, 0x12];
    const seen = outputs(compareOperand, le, 5000, { pairs: [intPair(0x12345678, 0x0a0b0c0d, 4)] });
    for (const want of [[0x0d, 0x0c, 0x0b, 0x0a], [0x0e, 0x0c, 0x0b, 0x0a], [0x0c, 0x0c, 0x0b, 0x0a]]) {
      expect(seen.has(Buffer.from(want).toString("latin1"))).toBe(true);
    }
    const seenBe = outputs(compareOperand, [0x12, 0x34, 0x56, 0x78], 5000, { pairs: [intPair(0x12345678, 0x0a0b0c0d, 4)] });
    expect(seenBe.has(Buffer.from([0x0a, 0x0b, 0x0c, 0x0d]).toString("latin1"))).toBe(true);
  });
});
