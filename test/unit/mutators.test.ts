/**
 * Exact mutator tests with a scripted RNG: each script lists the random draws the mutator makes,
 * in order (below(n) takes the value modulo n; bool() takes the low bit).
 */
import { describe, expect, test } from "bun:test";
import {
  changeASCIIInteger, changeBinaryInteger, changeBit, changeByte, copyPart, eraseBytes, insertByte,
  insertRepeatedBytes, shuffleBytes,
} from "../../src/mutators/bytes.ts";
import { compareOperand } from "../../src/mutators/compare.ts";
import { crossOver } from "../../src/mutators/crossover.ts";
import { MUTATORS, sequenceName } from "../../src/mutators/table.ts";
import { SKIP } from "../../src/mutators/types.ts";
import { manualDict } from "../../src/mutators/words.ts";
import { ScriptedRng } from "../../src/rng/rng.ts";
import { intPair, stateFor, text } from "../helpers/mutation.ts";

describe("byte mutators (scripted RNG)", () => {
  test("EraseBytes removes n = below(size/2)+1 bytes at idx", () => {
    const s = stateFor("abcdef", new ScriptedRng([1, 2])); // n = 1+1 = 2, idx = 2
    expect(text(s, eraseBytes(s))).toBe("abef");
  });
  test("EraseBytes skips a 1-byte input", () => {
    expect(eraseBytes(stateFor("a", new ScriptedRng([])))).toBe(SKIP);
  });
  test("InsertByte inserts a raw byte (bool=1 → below(256))", () => {
    const s = stateFor("abc", new ScriptedRng([1, 1, 0x5a])); // idx 1, random byte 'Z'
    expect(text(s, insertByte(s))).toBe("aZbc");
  });
  test("InsertByte inserts a special character (bool=0)", () => {
    const s = stateFor("abc", new ScriptedRng([3, 0, 0])); // idx 3, SPECIAL[0] = '!'
    expect(text(s, insertByte(s))).toBe("abc!");
  });
  test("InsertByte skips at maxSize", () => {
    expect(insertByte(stateFor("abc", new ScriptedRng([]), { maxSize: 3 }))).toBe(SKIP);
  });
  test("InsertRepeatedBytes inserts n copies of a byte", () => {
    // maxInsert = min(64-2, 128) = 62; n = below(60)+3 = 1+3 = 4; idx 1; bool 0 → bool 0 → 255
    const s = stateFor("ab", new ScriptedRng([1, 1, 0, 0]));
    const n = insertRepeatedBytes(s);
    expect(Array.from(s.data.subarray(0, n))).toEqual([0x61, 255, 255, 255, 255, 0x62]);
  });
  test("ChangeByte and ChangeBit", () => {
    const s = stateFor("abc", new ScriptedRng([2, 1, 0x41]));
    expect(text(s, changeByte(s))).toBe("abA");
    const t = stateFor("abc", new ScriptedRng([0, 1])); // 'a' ^ 2 = 'c'
    expect(text(t, changeBit(t))).toBe("cbc");
    expect(changeBit(stateFor("", new ScriptedRng([])))).toBe(SKIP);
  });
  test("ShuffleBytes permutes a window", () => {
    // amount = below(min(4,8))+1 = 2+1 = 3, start = below(4-3+1) = 1; Fisher-Yates j's: i=2→0, i=1→0
    const s = stateFor("abcd", new ScriptedRng([2, 1, 0, 0]));
    expect(text(s, shuffleBytes(s))).toBe("acdb");
  });
  test("CopyPart overwrite and insert", () => {
    // bool 0 → copyPartOf: toBeg 4, copySize below(2)+1 = 2, fromBeg below(5) = 0
    const s = stateFor("abcdef", new ScriptedRng([0, 4, 1, 0]));
    expect(text(s, copyPart(s))).toBe("abcdab");
    // bool 1 → insertPartOf: copySize below(6)+1 = 2, fromBeg below(5) = 1, pos below(7) = 6
    const t = stateFor("abcdef", new ScriptedRng([1, 1, 1, 6]));
    expect(text(t, copyPart(t))).toBe("abcdefbc");
  });
  test("ChangeASCIIInt finds the digits and applies each operation", () => {
    const ops: [number, string][] = [[0, "x124y"], [1, "x122y"], [2, "x061y"], [3, "x246y"]];
    for (const [op, want] of ops) {
      const s = stateFor("x123y", new ScriptedRng([0, op]));
      expect(text(s, changeASCIIInteger(s))).toBe(want);
    }
    expect(changeASCIIInteger(stateFor("abc", new ScriptedRng([0])))).toBe(SKIP);
  });
  test("ChangeBinInt adds in either byte order, negates, or writes the size", () => {
    // width 1<<2 = 4; off 0; be=0; below(4)=1 (not size); add = below(21)-10 = 13-10 = 3; bool 0 → no negate
    const s = stateFor([1, 0, 0, 0, 9], new ScriptedRng([2, 0, 0, 1, 13, 0]));
    changeBinaryInteger(s);
    expect(Array.from(s.data.subarray(0, 5))).toEqual([4, 0, 0, 0, 9]);
    // big-endian: [0,0,0,1] read BE = 1, +3 = 4 written BE
    const b = stateFor([0, 0, 0, 1], new ScriptedRng([2, 0, 1, 1, 13, 0]));
    changeBinaryInteger(b);
    expect(Array.from(b.data.subarray(0, 4))).toEqual([0, 0, 0, 4]);
    // below(4) = 0 at off < 64 → the input's size (5) as a 2-byte LE integer
    const z = stateFor([7, 7, 7, 7, 7], new ScriptedRng([1, 1, 0, 0]));
    changeBinaryInteger(z);
    expect(Array.from(z.data.subarray(0, 5))).toEqual([7, 5, 0, 7, 7]);
    // negation over 64 bits: 1 + 0, then negated → 0xff.. (width 8)
    const n = stateFor([1, 0, 0, 0, 0, 0, 0, 0], new ScriptedRng([3, 0, 0, 1, 10]));
    changeBinaryInteger(n);
    expect(Array.from(n.data.subarray(0, 8))).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
  });
});

describe("corpus- and log-driven mutators", () => {
  test("CrossOver interleaves with another input", () => {
    // case 0; output limit below(8)+1 = 8; runs: take below(min(8,3))+1 = 2 from a, then 1 from b, then 1 from a, then 2 from b
    const s = stateFor("abc", new ScriptedRng([0, 7, 1, 0, 0, 1]), { maxSize: 8, other: new TextEncoder().encode("XYZ") });
    expect(text(s, crossOver(s))).toBe("abXcYZ");
    // the same with an output limit of below(8)+1 = 3: 2 from a, then the one byte left from b
    const t = stateFor("abc", new ScriptedRng([0, 2, 1, 0]), { maxSize: 8, other: new TextEncoder().encode("XYZ") });
    expect(text(t, crossOver(t))).toBe("abX");
  });
  test("CrossOver skips without a partner", () => {
    expect(crossOver(stateFor("abc", new ScriptedRng([])))).toBe(SKIP);
  });
  test("ManualDict inserts or overwrites a word and remembers it", () => {
    const s = stateFor("abcd", new ScriptedRng([0, 1, 2]), { dict: ["XY"] }); // word 0, insert, idx 2
    expect(text(s, manualDict(s))).toBe("abXYcd");
    expect(Buffer.from(s.lastWord.subarray(0, s.lastWordLen)).toString()).toBe("XY");
    const t = stateFor("abcd", new ScriptedRng([0, 0, 3]), { dict: ["XY"] }); // overwrite at below(3)=0
    expect(text(t, manualDict(t))).toBe("XYcd");
  });
  test("CMP replaces a found operand with the other (little-endian)", () => {
    // pair 0; no swap; no ±1 (below(4)=1); no BE (bool 0); search from 0
    const s = stateFor([9, 0x78, 0x56, 0x34, 0x12, 9], new ScriptedRng([0, 0, 1, 0, 0]), { pairs: [intPair(0x12345678, 0x8badf00d, 4)] });
    compareOperand(s);
    expect(Array.from(s.data.subarray(0, 6))).toEqual([9, 0x0d, 0xf0, 0xad, 0x8b, 9]);
  });
  test("CMP in big-endian view, and with +1", () => {
    const s = stateFor([0x12, 0x34, 0x56, 0x78], new ScriptedRng([0, 0, 1, 1, 0]), { pairs: [intPair(0x12345678, 0x8badf00d, 4)] });
    compareOperand(s);
    expect(Array.from(s.data.subarray(0, 4))).toEqual([0x8b, 0xad, 0xf0, 0x0d]);
    const p = stateFor([0x78, 0x56, 0x34, 0x12], new ScriptedRng([0, 0, 0, 1, 0, 0]), { pairs: [intPair(0x12345678, 0x8badf00d, 4)] });
    compareOperand(p);
    expect(Array.from(p.data.subarray(0, 4))).toEqual([0x0e, 0xf0, 0xad, 0x8b]);
  });
  test("CMP writes the operand as a word when the other is not in the input", () => {
    const mem = { a: new Uint8Array(64), aLen: 3, b: new Uint8Array(64), bLen: 3, width: 0 };
    mem.a.set([0x71, 0x71, 0x71]); mem.b.set(new TextEncoder().encode("KEY"));
    // pair 0, no swap, search from 1 (miss), insert (bool 1) at 6
    const s = stateFor("abcdef", new ScriptedRng([0, 0, 1, 1, 6]), { pairs: [mem] });
    expect(text(s, compareOperand(s))).toBe("abcdefKEY");
  });
});

describe("the table", () => {
  test("has libFuzzer's mutators, named as libFuzzer names them", () => {
    expect(MUTATORS.filter((m) => !m.name.startsWith("Smith") && m.group !== "stage").map((m) => m.name)).toEqual([
      "ShuffleBytes", "EraseBytes", "InsertByte", "InsertRepeatedBytes", "ChangeByte", "ChangeBit", "CopyPart",
      "ChangeASCIIInt", "ChangeBinInt", "CrossOver", "ManualDict", "PersAutoDict", "CMP", "Custom", "CustomCrossOver",
    ]);
    // bunfuzz's stages name their edits in MS: lines too; the dispatcher never picks them (weight 0).
    expect(MUTATORS.filter((m) => m.group === "stage").map((m) => [m.name, m.weight])).toEqual([["I2S", 0]]);
    expect(MUTATORS.filter((m) => m.name.startsWith("Smith")).length).toBeGreaterThanOrEqual(4);
    expect(MUTATORS.length).toBeLessThanOrEqual(64);
  });
  test("sequence names format as MS: lines expect", () => {
    expect(sequenceName([1, 6, 12], 3)).toBe("EraseBytes-CopyPart-CMP-");
  });
});
