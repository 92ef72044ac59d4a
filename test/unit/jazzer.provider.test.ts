/**
 * FuzzedDataProvider reads what Jazzer.js's reads from the same bytes (its documented layout:
 * single values from the end, little-endian; arrays and strings from the front). The expected
 * values are worked out by hand from that layout; Jazzer.js's own test suite
 * (packages/core/FuzzedDataProvider.test.ts) passes against this class too (src/jazzer/README.md).
 */
import { describe, expect, test } from "bun:test";
import { FloatLengthError, FuzzedDataProvider } from "../../src/jazzer/provider.ts";

const fdp = (...bytes: number[]) => new FuzzedDataProvider(Buffer.from(bytes));

describe("single values come from the end, little-endian", () => {
  test("consumeIntegral takes n bytes from the back", () => {
    const p = fdp(1, 2, 3, 4, 5);
    expect(p.consumeIntegral(2)).toBe(0x0504);
    expect(p.consumeIntegral(1)).toBe(3);
    expect(p.remainingBytes).toBe(2);
  });

  test("signed values are offsets from the minimum, not two's complement", () => {
    expect(fdp(0x00).consumeIntegral(1, true)).toBe(-128);
    expect(fdp(0xff).consumeIntegral(1, true)).toBe(127);
    expect(fdp(0x80).consumeIntegral(1, true)).toBe(0);
  });

  test("a range takes the bytes it needs, at most what is left, and wraps with modulo", () => {
    const p = fdp(0xff, 0x00, 0x01);
    expect(p.consumeIntegralInRange(10, 20)).toBe(10 + (1 % 11));
    expect(p.remainingBytes).toBe(2);
    expect(fdp(0x34, 0x12).consumeIntegralInRange(0, 0xffffff)).toBe(0x1234); // 3 wanted, 2 left
    expect(fdp().consumeIntegralInRange(7, 9)).toBe(7);
    expect(fdp(5).consumeIntegralInRange(4, 4)).toBe(4);
  });

  test("booleans are the lowest bit of one byte", () => {
    const p = fdp(0x03, 0x02);
    expect(p.consumeBoolean()).toBe(false);
    expect(p.consumeBoolean()).toBe(true);
    expect(p.consumeBoolean()).toBe(false);
  });

  test("consumeNumber reads a little-endian double; a short rest fills the high bytes", () => {
    const b = Buffer.alloc(9);
    b.writeDoubleLE(Math.PI, 1);
    const p = new FuzzedDataProvider(b);
    expect(p.consumeNumber()).toBe(Math.PI);
    expect(p.remainingBytes).toBe(1);
    const short = fdp(0x40);
    expect(short.consumeNumber()).toBe(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0x40]).readDoubleLE(0));
    expect(short.consumeNumber()).toBe(0);
  });

  test("probabilities and ranged doubles stay in range", () => {
    expect(fdp(0xff, 0xff, 0xff, 0xff).consumeProbabilityFloat()).toBe(1);
    expect(fdp(0, 0, 0, 0).consumeProbabilityFloat()).toBe(0);
    const v = fdp(1, 2, 3, 4, 5, 6, 7, 8, 9).consumeDoubleInRange(-5, 5);
    expect(v).toBeGreaterThanOrEqual(-5);
    expect(v).toBeLessThanOrEqual(5);
  });

  test("bigints: unsigned and signed, with Jazzer.js's extra byte for signed 7- and 8-byte values", () => {
    expect(fdp(1, 2).consumeBigIntegral(2)).toBe(0x0201n);
    const bytes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    for (const [n, used] of [[6, 6], [7, 8], [8, 9]] as const) {
      const p = new FuzzedDataProvider(Buffer.from(bytes));
      p.consumeBigIntegral(n, true);
      expect(bytes.length - p.remainingBytes).toBe(used);
    }
  });
});

describe("arrays and strings come from the front", () => {
  test("bytes, booleans and big-endian integrals", () => {
    const p = fdp(1, 2, 3, 4, 5, 6, 7);
    expect(p.consumeBytes(2)).toEqual([1, 2]);
    expect(p.consumeBooleans(2)).toEqual([true, false]);
    expect(p.consumeIntegrals(2, 2)).toEqual([0x0506, 0x07]);
    expect(p.remainingBytes).toBe(0);
  });

  test("strings are UTF-8 of up to maxLength bytes, invalid bytes as U+FFFD", () => {
    const p = new FuzzedDataProvider(Buffer.from("héllo\xff", "latin1"));
    expect(new FuzzedDataProvider(Buffer.from("héllo")).consumeString(3)).toBe("hé");
    expect(p.consumeString(2)).toBe("h\uFFFD");
    expect(new FuzzedDataProvider(Buffer.from("abc")).consumeString(99, "ascii")).toBe("abc");
    expect(fdp(0x61, 0x62, 0x63, 0x64).consumeStringArray(5, 3)).toEqual(["abc", "d"]);
  });

  test("values from the end and from the front do not overlap", () => {
    const p = new FuzzedDataProvider(Buffer.from("host\x01"));
    expect(p.consumeIntegral(1)).toBe(1);
    expect(p.consumeRemainingAsString()).toBe("host");
  });

  test("big-endian doubles; a short rest is zero-padded at the end", () => {
    const b = Buffer.alloc(10);
    b.writeDoubleBE(2.5, 0);
    b[8] = 0x40;
    b[9] = 0x08;
    expect(new FuzzedDataProvider(b).consumeNumbers(5)).toEqual([2.5, 3]);
  });
});

describe("picks and errors", () => {
  test("pickValue and pickValues pick by ranged integrals", () => {
    expect(fdp(2).pickValue(["a", "b", "c"])).toBe("c");
    expect(fdp(1, 0).pickValues(["a", "b", "c"], 2)).toEqual(["a", "c"]);
  });

  test("non-integer lengths throw Jazzer.js's FloatLengthError; bad ranges throw", () => {
    expect(() => fdp(1).consumeBytes(1.5)).toThrow(FloatLengthError);
    expect(() => fdp(1).consumeIntegral(7)).toThrow(/between 0 and 6/);
    expect(() => fdp(1).consumeIntegralInRange(3, 2)).toThrow(/min must be less than or equal to max/);
    expect(() => fdp(1).pickValue([])).toThrow(/empty/);
  });

  test("a plain Uint8Array works as input", () => {
    expect(new FuzzedDataProvider(new Uint8Array([7, 8])).consumeIntegral(2)).toBe(0x0807);
  });
});
