/**
 * The Smith reader: how each kind decodes from a raw stream and from records, what an exhausted
 * input gives, the statistics of weighted choices, and replay determinism.
 */
import { describe, expect, test } from "bun:test";
import { encode } from "../../src/smith/codec.ts";
import { record, recordAsync } from "../../src/smith/record.ts";
import { labelledId, signatureId } from "../../src/smith/signature.ts";
import { Smith } from "../../src/smith/smith.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";

const read = (...bytes: number[]) => new Smith().reset(Uint8Array.from(bytes));

describe("raw stream decoding, per kind", () => {
  test("bool: one byte, low bit; more: one byte, non-zero", () => {
    const s = read(0x03, 0x02, 0x02, 0x00);
    expect([s.bool(), s.bool(), s.more(), s.more()]).toEqual([true, false, true, false]);
  });
  test("int: the fewest bytes that hold the range, little-endian, mod the range size", () => {
    expect(read(250).int(0, 100)).toBe(250 % 101);
    expect(read(13).int(-5, 5)).toBe(-5 + (13 % 11));
    expect(read(0xe8, 0x03).int(0, 1000)).toBe(1000);
    const s = read(0x09);
    expect(s.int(7, 7)).toBe(7); // a one-value range reads no byte
    expect(s.int(0, 255)).toBe(9);
  });
  test("int: a stream that ends inside a value reads the missing bytes as zeros", () => {
    expect(read(0x12).int(0, 65535)).toBe(0x12);
  });
  test("int: ranges wider than 2^53 stay exact", () => {
    const s = read(0xf0, 0xff, 0xff, 0xff, 0xff, 0xff, 0x3f); // 2^54 - 16, in a range of 2^54 - 1 values
    expect(s.int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toBe(Number(-(2n ** 53n - 1n) + 2n ** 54n - 16n));
  });
  test("bigint and u64: up to 8 bytes", () => {
    expect(read(1, 0, 0, 0, 0, 0, 0, 0x80).u64()).toBe((1n << 63n) + 1n);
    expect(read(25).bigint(-10n, 10n)).toBe(-10n + 4n);
  });
  test("float: 8 bytes, the big-endian IEEE double, special values included", () => {
    expect(read(0x3f, 0xf0, 0, 0, 0, 0, 0, 0).float()).toBe(1);
    expect(read(0x7f, 0xf0, 0, 0, 0, 0, 0, 0).float()).toBe(Infinity);
    expect(read(0xff, 0xf0, 0, 0, 0, 0, 0, 0).float()).toBe(-Infinity);
    expect(read(0x7f, 0xf8, 0, 0, 0, 0, 0, 0).float()).toBeNaN();
    expect(Object.is(read(0x80, 0, 0, 0, 0, 0, 0, 0).float(), -0)).toBe(true);
  });
  test("float with bounds: in-range doubles as they are, others mapped into [min, max], never NaN", () => {
    expect(read(0x3f, 0xe0, 0, 0, 0, 0, 0, 0).float({ min: 0, max: 1 })).toBe(0.5);
    for (const first of [0x40, 0x7f, 0xff, 0xc0]) {
      const v = read(first, 0xf8, 1, 2, 3, 4, 5, 6).float({ min: -2, max: 1 });
      expect(v >= -2 && v <= 1).toBe(true);
    }
  });
  test("pick: mod the list length", () => {
    expect(read(5).pick(["a", "b", "c"])).toBe("c");
  });
  test("weighted: x = raw mod total picks the option whose weight span holds x", () => {
    const choices = [[3, "a"], [1, "b"]] as const; // total 4: two bytes (one more than needed, for less bias)
    expect(read(0x03, 0x00).weighted(choices)).toBe("b");
    expect(read(0x02, 0x01).weighted(choices)).toBe("a"); // 258 % 4 = 2
    expect(read(0x00).weighted([[0, "z"], [1, "y"]])).toBe("y");
  });
  test("bytes: a length, then the bytes (zeros past the end)", () => {
    const s = read(6, 0xa, 0xb, 0xc, 0xd);
    expect(Array.from(s.bytes({ minLength: 1, maxLength: 4 }))).toEqual([0xa, 0xb, 0xc]); // 1 + 6 % 4
    expect(Array.from(read(0x02, 0xaa).bytes({ minLength: 1, maxLength: 4 }))).toEqual([0xaa, 0, 0]);
  });
  test("string: ASCII keeps the low 7 bits; UTF-8 decodes with U+FFFD for malformed bytes", () => {
    expect(read(3, 0x61, 0x62, 0xe3).string({ ascii: true, maxLength: 8 })).toBe("abc");
    expect(read(4, 0xc3, 0xa9, 0x61, 0xff).string({ maxLength: 4 })).toBe("éa\uFFFD");
  });
  test("array: a length, then the elements", () => {
    expect(read(2, 1, 0).array(0, 3, (t) => t.bool())).toEqual([true, false]);
  });
  test("labels do not change raw stream reading (the stream ignores sites)", () => {
    const bytes = [7, 200, 3, 1];
    const a = new Smith().reset(Uint8Array.from(bytes)), b = new Smith().reset(Uint8Array.from(bytes));
    expect([a.int(0, 9), a.int(0, 255), a.bool()]).toEqual([b.int(0, 9, "x"), b.int(0, 255, "y"), b.bool(7)]);
  });
});

describe("an exhausted input reads as zeros", () => {
  test("minimums, false, first options, minimum lengths", () => {
    const s = read();
    expect(s.int(5, 10)).toBe(5);
    expect(s.bool()).toBe(false);
    expect(s.more()).toBe(false);
    expect(s.pick(["first", "second"])).toBe("first");
    expect(s.weighted([[0, "z"], [2, "y"], [1, "x"]])).toBe("y"); // zero-weight options are skipped
    expect(s.float()).toBe(0);
    expect(s.float({ min: 2, max: 3 })).toBe(2);
    expect(s.bigint(-3n, 3n)).toBe(-3n);
    expect(s.u64()).toBe(0n);
    expect(s.string({ minLength: 2 })).toBe("\0\0");
    expect(Array.from(s.bytes({ minLength: 3, maxLength: 5 }))).toEqual([0, 0, 0]);
    expect(s.array(2, 5, (t) => t.int(1, 2))).toEqual([1, 1]);
  });
  test("more() loops always end: each true consumes a byte", () => {
    const s = new Smith().reset(new Uint8Array(100).fill(0xff));
    let n = 0;
    while (s.more()) n++;
    expect(n).toBe(100);
  });
});

describe("records", () => {
  const intDomain = { kind: "int", min: 0, max: 100 } as const;
  test("a site's records are read in order; other sites read the tail", () => {
    const id = signatureId(intDomain);
    const bytes = encode([{ site: id, domain: intDomain, value: 42 }, { site: id, domain: intDomain, value: 7 }], Uint8Array.of(1));
    const s = new Smith().setRecording(true).reset(bytes);
    expect([s.int(0, 100), s.bool(), s.int(0, 100), s.int(0, 100)]).toEqual([42, true, 7, 0]);
    expect(s.recorded.map((v) => v.source)).toEqual(["record", "stream", "record", "zero"]);
  });
  test("a record is mapped through the domain asked for now (a changed range keeps its raw offset)", () => {
    const site = labelledId("n", intDomain);
    const bytes = encode([{ site, domain: intDomain, value: 42 }]);
    expect(new Smith().reset(bytes).int(0, 10, "n")).toBe(42 % 11);
  });
  test("a record of another kind under the same id is read as raw bytes (content read as a number)", () => {
    const site = labelledId("x", intDomain);
    const bytes = encode([{ site, domain: { kind: "bytes", minLength: 0, maxLength: 4 }, value: Uint8Array.of(0x2a, 0x01) }]);
    expect(new Smith().reset(bytes).int(0, 1000, "x")).toBe(0x012a);
  });
  test("harness misuse is a RangeError naming the call", () => {
    const s = read();
    expect(() => s.int(5, 1)).toThrow(RangeError);
    expect(() => s.int(0.5, 2)).toThrow(/int\(0.5, 2\)/);
    expect(() => s.pick([])).toThrow(RangeError);
    expect(() => s.weighted([[0, "a"]])).toThrow(RangeError);
    expect(() => s.weighted([[-1, "a"], [2, "b"]])).toThrow(RangeError);
    expect(() => s.bytes({ minLength: 5, maxLength: 2 })).toThrow(RangeError);
    expect(() => s.float({ min: NaN })).toThrow(RangeError);
    expect(() => s.bigint(0n, 1n << 64n)).toThrow(RangeError);
    expect(() => s.bigint(-1n, (1n << 64n) - 1n)).toThrow(RangeError); // more than 2^64 values
  });
});

/** Pearson's chi-square statistic of observed counts against expected probabilities. */
function chiSquare(counts: number[], probs: number[]): number {
  const n = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((acc, c, i) => acc + (probs[i]! === 0 ? (c > 0 ? Infinity : 0) : (c - n * probs[i]!) ** 2 / (n * probs[i]!)), 0);
}

describe("weights, statistically (fixed seed; bounds are chi-square critical values at p = 0.001)", () => {
  test("weighted() over random streams follows the weights; zero weight never", () => {
    const rng = new Xoshiro128(11), s = new Smith(), buf = new Uint8Array(2);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20_000; i++) {
      buf[0] = rng.below(256); buf[1] = rng.below(256);
      counts[s.reset(buf).weighted([[1, 0], [2, 1], [5, 2], [0, 3]])]!++;
    }
    expect(counts[3]).toBe(0);
    expect(chiSquare(counts.slice(0, 3), [1 / 8, 2 / 8, 5 / 8])).toBeLessThan(13.82); // df 2
  });
  test("pick() and bool() are uniform", () => {
    const rng = new Xoshiro128(12), s = new Smith(), buf = new Uint8Array(1);
    const picks = [0, 0, 0, 0, 0], bools = [0, 0];
    for (let i = 0; i < 20_000; i++) {
      buf[0] = rng.below(256);
      picks[s.reset(buf).pick([0, 1, 2, 3, 4])]!++;
      bools[s.reset(buf).bool() ? 1 : 0]!++;
    }
    expect(chiSquare(picks, [0.2, 0.2, 0.2, 0.2, 0.2])).toBeLessThan(18.47); // df 4
    expect(chiSquare(bools, [0.5, 0.5])).toBeLessThan(10.83); // df 1
  });
});

describe("replay determinism and record mode", () => {
  const harness = (s: Smith) => {
    const out: unknown[] = [s.int(-50, 50), s.string({ maxLength: 6 }), s.pick(["x", "y", "z"])];
    while (s.more()) out.push(s.weighted([[1, "a"], [3, "b"]]), s.float());
    return out;
  };
  test("the same bytes give the same values: fresh readers, a reused reader, canonical or raw", () => {
    const rng = new Xoshiro128(3), reused = new Smith();
    for (let i = 0; i < 200; i++) {
      const bytes = Uint8Array.from({ length: rng.below(40) }, () => rng.below(256));
      const a = harness(new Smith().reset(bytes)), b = harness(new Smith().reset(bytes));
      const c = harness(reused.reset(bytes)), d = harness(reused.reset(bytes));
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect(d).toEqual(a);
    }
  });
  test("record() lists (site, domain, value, source) in the order consumed", () => {
    const r = record(harness, Uint8Array.of(60, 2, 0x41, 0x42, 1, 0));
    expect(r.threw).toBe(false);
    expect(r.values.map((v) => [v.domain.kind, v.value, v.source])).toEqual([
      ["int", 10, "stream"], ["string", "AB", "stream"], ["pick", 1, "stream"], ["more", false, "stream"],
    ]);
    expect(r.values[0]!.site).toBe(signatureId({ kind: "int", min: -50, max: 50 }));
  });
  test("a harness that throws still has its recorded values; recordAsync awaits", async () => {
    const r = record((s) => { s.int(0, 9); throw new Error("boom"); }, Uint8Array.of(4));
    expect([r.threw, r.values.length, (r.error as Error).message]).toEqual([true, 1, "boom"]);
    const a = await recordAsync(async (s) => { await Promise.resolve(); return s.bool(); }, Uint8Array.of(1));
    expect(a.values.map((v) => v.value)).toEqual([true]);
  });
});
