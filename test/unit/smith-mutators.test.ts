/**
 * Value-level mutators: exact edits under a scripted RNG (each script lists the draws in order:
 * below(n) takes the value modulo n, bool() the low bit), then domains respected, weights honoured,
 * and skips, with a seeded Xoshiro128.
 */
import { describe, expect, test } from "bun:test";
import { decode, encode } from "../../src/smith/codec.ts";
import type { Domain, SmithValue, Value } from "../../src/smith/kinds.ts";
import { Layout } from "../../src/smith/layout.ts";
import { FRESH_TAIL } from "../../src/smith/mutate/rewrite.ts";
import { SMITH_MUTATORS, smithChange, smithDrop, smithDuplicate, smithInsert, smithSplice } from "../../src/smith/mutate/rows.ts";
import { signatureId } from "../../src/smith/signature.ts";
import { Smith } from "../../src/smith/smith.ts";
import { SKIP, type MutationState } from "../../src/mutators/types.ts";
import { WordList } from "../../src/mutators/words.ts";
import { ScriptedRng, Xoshiro128, type Rng } from "../../src/rng/rng.ts";
import { intPair, stateFor } from "../helpers/mutation.ts";

const v = (domain: Domain, value: Value): SmithValue => ({ site: signatureId(domain), domain, value });
const INT = { kind: "int", min: 0, max: 100 } as const;
const ints = (...xs: number[]) => encode(xs.map((x) => v(INT, x)));
const out = (s: MutationState, n: number) => s.data.slice(0, n);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const state = (input: Uint8Array, rng: Rng, other?: Uint8Array, capacity = 512) => stateFor(Array.from(input), rng, { capacity, other });

describe("exact edits (scripted RNG)", () => {
  test("SmithDrop: run length bool=1 → 1, at below(3) = 1, no fresh tail (bool 0)", () => {
    const s = state(ints(1, 2, 3), new ScriptedRng([1, 1, 0]));
    expect(hex(out(s, smithDrop(s)))).toBe(hex(ints(1, 3)));
  });
  test("SmithDuplicate: run of 1 at 0, copied right after itself (below(4) != 0)", () => {
    const s = state(ints(1, 2, 3), new ScriptedRng([1, 0, 1, 0]));
    expect(hex(out(s, smithDuplicate(s)))).toBe(hex(ints(1, 1, 2, 3)));
  });
  test("SmithInsert: site 0, uniform strategy (below(3) = 0), offset below(101) = 77, at the end", () => {
    const s = state(ints(1, 2, 3), new ScriptedRng([0, 0, 77, 3, 0]));
    expect(hex(out(s, smithInsert(s)))).toBe(hex(ints(1, 2, 3, 77)));
  });
  test("SmithChange: a bool flips (record 0; below(8) = 5: not a sibling copy)", () => {
    const B = { kind: "bool" } as const;
    const s = state(encode([v(B, true)]), new ScriptedRng([1, 0, 5, 0]));
    expect(hex(out(s, smithChange(s)))).toBe(hex(encode([v(B, false)])));
  });
  test("SmithSplice: a raw input takes a value (and its site entry) from another input and keeps its bytes as tail", () => {
    const raw = new TextEncoder().encode("hi");
    const s = state(raw, new ScriptedRng([1, 0, 0]), ints(42));
    const n = smithSplice(s);
    expect(hex(out(s, n))).toBe(hex(encode([v(INT, 42)], raw)));
    const r = new Smith().reset(out(s, n));
    expect([r.int(0, 100), r.int(0, 255)]).toEqual([42, 0x68]);
  });
  test(`an input without a tail gets ${FRESH_TAIL} random bytes half of the time (bool 1)`, () => {
    const script = [1, 1, 1, ...Array.from({ length: FRESH_TAIL }, (_, i) => 0xa0 + i)];
    const s = state(ints(1, 2, 3), new ScriptedRng(script));
    const d = decode(out(s, smithDrop(s)));
    expect(d.values.map((x) => x.value)).toEqual([1, 3]);
    expect(Array.from(d.tail)).toEqual(script.slice(3));
  });
});

describe("skips", () => {
  test("raw inputs have no records: all but SmithSplice skip and leave the input alone", () => {
    for (const fn of [smithChange, smithInsert, smithDrop, smithDuplicate]) {
      const s = state(Uint8Array.of(1, 2, 3), new Xoshiro128(1));
      expect(fn(s)).toBe(SKIP);
      expect(Array.from(out(s, 3))).toEqual([1, 2, 3]);
    }
  });
  test("SmithSplice skips without a partner with records", () => {
    expect(smithSplice(state(ints(1), new Xoshiro128(1)))).toBe(SKIP);
    expect(smithSplice(state(ints(1), new Xoshiro128(1), Uint8Array.of(9, 9)))).toBe(SKIP);
  });
  test("nothing grows past maxSize", () => {
    const input = ints(1, 2, 3);
    const rng = new Xoshiro128(5);
    for (let i = 0; i < 500; i++) {
      const s = stateFor(Array.from(input), rng, { capacity: 64, maxSize: input.length, other: ints(4, 5, 6, 7) });
      const row = SMITH_MUTATORS[i % SMITH_MUTATORS.length]!;
      const n = row.fn(s);
      expect(n).toBeLessThanOrEqual(input.length);
      if (n === SKIP) expect(hex(out(s, input.length))).toBe(hex(input));
    }
  });
});

/** Applies `fn` to fresh copies of `input` n times; returns the decoded values of each result. */
function outcomes(input: Uint8Array, fn: (s: MutationState) => number, n: number, seed: number): SmithValue[][] {
  const rng = new Xoshiro128(seed), res: SmithValue[][] = [];
  for (let i = 0; i < n; i++) {
    const s = state(input, rng);
    const size = fn(s);
    if (size !== SKIP) res.push([...decode(out(s, size)).values]);
  }
  return res;
}

describe("domains are respected (seeded)", () => {
  test("SmithChange on int[-5..5] stays in range and reaches every other value", () => {
    const D = { kind: "int", min: -5, max: 5 } as const;
    const seen = new Set<number>();
    for (const vals of outcomes(encode([v(D, 0)]), smithChange, 1500, 1)) {
      const x = vals[0]!.value as number;
      expect(x >= -5 && x <= 5 && x !== 0).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(10);
  });
  test("SmithChange on pick(4) reaches the three other choices", () => {
    const seen = new Set(outcomes(encode([v({ kind: "pick", n: 4 }, 2)]), smithChange, 300, 2).map((vals) => vals[0]!.value));
    expect([...seen].sort()).toEqual([0, 1, 3]);
  });
  test("strings keep their bounds; ASCII stays ASCII and UTF-8 stays well formed", () => {
    const A = { kind: "string", ascii: true, minLength: 1, maxLength: 3 } as const;
    const U = { kind: "string", ascii: false, minLength: 0, maxLength: 3 } as const;
    const L = new Layout(), strict = new TextDecoder("utf-8", { fatal: true });
    const rng = new Xoshiro128(3);
    let s = state(encode([v(A, "ab"), v(U, "é")]), rng);
    for (let i = 0; i < 2000; i++) {
      const n = [smithChange, smithInsert][i % 2]!(s);
      if (n === SKIP) continue;
      if (n > 400) s = state(encode([v(A, "ab"), v(U, "é")]), rng);
      else s.size = n;
      L.scan(s.data, s.size);
      for (let r = 0; r < L.nRecords; r++) {
        const content = s.data.subarray(L.recA[r]!, L.recA[r]! + L.recB[r]!);
        const text = strict.decode(content); // throws when malformed
        const cps = [...text].length;
        if (L.siteId[L.recSite[r]!] === signatureId(A)) expect(cps >= 1 && cps <= 3 && content.every((b) => b < 0x80)).toBe(true);
        else expect(cps).toBeLessThanOrEqual(3);
      }
    }
  });
  test("floats: bounded ones stay in bounds; unbounded ones reach NaN, infinities and -0", () => {
    const R = { kind: "float", ranged: true, min: -1, max: 1 } as const;
    for (const vals of outcomes(encode([v(R, 0.5)]), smithChange, 500, 4)) {
      const x = vals[0]!.value as number;
      expect(x >= -1 && x <= 1).toBe(true);
    }
    const F = { kind: "float", ranged: false, min: -Infinity, max: Infinity } as const;
    const got = outcomes(encode([v(F, 3)]), smithChange, 2000, 5).map((vals) => vals[0]!.value as number);
    expect(got.some(Number.isNaN)).toBe(true);
    expect(got.includes(Infinity) && got.includes(-Infinity) && got.some((x) => Object.is(x, -0))).toBe(true);
  });
});

describe("dictionary words and compare operands", () => {
  const changes = (input: Uint8Array, opts: Parameters<typeof stateFor>[2], n: number, seed: number) => {
    const rng = new Xoshiro128(seed), res: SmithValue[][] = [];
    for (let i = 0; i < n; i++) {
      const s = stateFor(Array.from(input), rng, { capacity: 512, ...opts });
      const size = smithChange(s);
      if (size !== SKIP) res.push([...decode(out(s, size)).values]);
    }
    return res;
  };
  test("an int takes an integer the target compared against, signed or unsigned, when its domain holds it", () => {
    const D = { kind: "int", min: -5000, max: 5000 } as const;
    const got = new Set(changes(encode([v(D, 0)]), { pairs: [intPair(1337, -42 >>> 0, 4)] }, 600, 8).map((x) => x[0]!.value));
    expect(got.has(1337) && got.has(-42)).toBe(true);
  });
  test("a string becomes a dictionary word, or gets one inserted; UTF-8 strings never take malformed words", () => {
    const A = { kind: "string", ascii: true, minLength: 0, maxLength: 16 } as const;
    const got = changes(encode([v(A, "xy")]), { dict: ["admin"] }, 600, 9).map((x) => x[0]!.value as string);
    expect(got).toContain("admin");
    expect(got.some((x) => x.length === 7 && x.includes("admin"))).toBe(true);
    const U = { kind: "string", ascii: false, minLength: 0, maxLength: 16 } as const;
    const rng = new Xoshiro128(10);
    for (let i = 0; i < 300; i++) {
      const s = stateFor(Array.from(encode([v(U, "é")])), rng, { capacity: 512 });
      (s.manualDict as WordList).add(Uint8Array.of(0xc3, 0x28)); // malformed UTF-8
      const n = smithChange(s);
      if (n === SKIP) continue;
      const L = new Layout().scan(s.data, n);
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(s.data.subarray(L.recA[0]!, L.recA[0]! + L.recB[0]!))).not.toThrow();
    }
  });
});

describe("weights are honoured (seeded; chi-square bound at p = 0.001)", () => {
  const W = { kind: "weighted", weights: [1, 2, 5, 0] } as const;
  test("SmithInsert draws fresh weighted values by their weights, never a zero weight", () => {
    const counts = [0, 0, 0, 0];
    for (const vals of outcomes(encode([v(W, 2)]), smithInsert, 8000, 6)) {
      vals.forEach((x) => counts[x.value as number]!++);
      counts[2]!--; // the original record
    }
    expect(counts[3]).toBe(0);
    const n = counts[0]! + counts[1]! + counts[2]!;
    const chi = [1 / 8, 2 / 8, 5 / 8].reduce((acc, p, i) => acc + (counts[i]! - n * p) ** 2 / (n * p), 0);
    expect(chi).toBeLessThan(13.82); // df 2
  });
  test("SmithChange of a weighted value draws among the other options by their weights", () => {
    const counts = [0, 0, 0, 0];
    for (const vals of outcomes(encode([v(W, 2)]), smithChange, 6000, 7)) counts[vals[0]!.value as number]!++;
    expect(counts[2]! + counts[3]!).toBe(0);
    const n = counts[0]! + counts[1]!;
    const chi = [1 / 3, 2 / 3].reduce((acc, p, i) => acc + (counts[i]! - n * p) ** 2 / (n * p), 0);
    expect(chi).toBeLessThan(10.83); // df 1
  });
});

describe("the table", () => {
  test("rows follow the naming grammar, with positive weights", () => {
    expect(SMITH_MUTATORS.map((r) => r.name)).toEqual(["SmithChange", "SmithInsert", "SmithDrop", "SmithDuplicate", "SmithSplice"]);
    for (const r of SMITH_MUTATORS) expect(r.weight).toBeGreaterThan(0);
  });
});
