/**
 * Call-site stability: values are tied to their call sites, so a harness (or a mutation) that asks
 * for one more or one fewer value does not shift the values of the other sites.
 */
import { describe, expect, test } from "bun:test";
import { encode } from "../../src/smith/codec.ts";
import { canonicalize, record } from "../../src/smith/record.ts";
import { formatSiteId } from "../../src/smith/siteId.ts";
import { labelledId, signatureId } from "../../src/smith/signature.ts";
import type { Smith } from "../../src/smith/smith.ts";
import { Xoshiro128 } from "../../src/rng/rng.ts";

const values = (h: (s: Smith) => unknown, bytes: Uint8Array): unknown[] => record(h, bytes).values.map((v) => v.value);

describe("site ids", () => {
  test("golden: ids never change (a change would silently re-map every stored corpus)", () => {
    expect(formatSiteId(signatureId({ kind: "int", min: 0, max: 100 }))).toBe("3051a748");
    expect(formatSiteId(signatureId({ kind: "bool" }))).toBe("4d1e648e");
    expect(formatSiteId(signatureId({ kind: "string", ascii: true, minLength: 0, maxLength: 16 }))).toBe("3784a45e");
    expect(formatSiteId(labelledId("amount", { kind: "int", min: 0, max: 1 }))).toBe("9225a912");
    expect(formatSiteId(labelledId(7, { kind: "bool" }))).toBe("b6f9b43f");
  });
  test("a label names one site per kind; its domain is not part of the id; signatures include the domain", () => {
    expect(labelledId("x", { kind: "int", min: 0, max: 1 })).toBe(labelledId("x", { kind: "int", min: 5, max: 500 }));
    expect(labelledId("x", { kind: "int", min: 0, max: 1 })).not.toBe(labelledId("x", { kind: "bool" }));
    expect(signatureId({ kind: "int", min: 0, max: 1 })).not.toBe(signatureId({ kind: "int", min: 0, max: 2 }));
    expect(signatureId({ kind: "string", ascii: true, minLength: 0, maxLength: 8 }))
      .not.toBe(signatureId({ kind: "string", ascii: false, minLength: 0, maxLength: 8 }));
  });
  test("record mode reports the id each call used", () => {
    const r = record((s) => [s.int(0, 100), s.bool("flag")], new Uint8Array(2));
    expect(r.values.map((v) => v.site)).toEqual([signatureId({ kind: "int", min: 0, max: 100 }), labelledId("flag", { kind: "bool" })]);
    expect(r.values[1]!.label).toBe("flag");
  });
});

describe("a harness that reads [a, b, c], then a version that reads [a, x, b, c]", () => {
  const rng = new Xoshiro128(21);
  const inputs = Array.from({ length: 50 }, () => Uint8Array.from({ length: 8 + rng.below(40) }, () => rng.below(256)));
  const v1 = (s: Smith) => [s.int(0, 1000), s.string({ maxLength: 12 }), s.float({ min: 0, max: 1 })];
  const v2 = (s: Smith) => [s.int(0, 1000), s.bool(), s.string({ maxLength: 12 }), s.float({ min: 0, max: 1 })];
  const v3 = (s: Smith) => [s.int(0, 1000), s.float({ min: 0, max: 1 })];

  test("b and c keep their values (x, which has no record, reads as zero)", () => {
    for (const raw of inputs) {
      const corpusEntry = canonicalize(v1, raw);
      const [a, b, c] = values(v1, corpusEntry);
      expect(values(v2, corpusEntry)).toEqual([a, false, b, c]); // in the order read: a, x, b, c
    }
  });
  test("and removing b leaves c alone", () => {
    for (const raw of inputs) {
      const corpusEntry = canonicalize(v1, raw);
      const [a, , c] = values(v1, corpusEntry);
      expect(values(v3, corpusEntry)).toEqual([a, c]);
    }
  });
  test("with labels, even an x of the same kind and domain as b shifts nothing", () => {
    const l1 = (s: Smith) => [s.int(0, 1000, "a"), s.string({ maxLength: 12 }, "b"), s.string({ maxLength: 12 }, "c")];
    const l2 = (s: Smith) => [s.int(0, 1000, "a"), s.string({ maxLength: 12 }, "x"), s.string({ maxLength: 12 }, "b"), s.string({ maxLength: 12 }, "c")];
    for (const raw of inputs) {
      const [a, b, c] = values(l1, canonicalize(l1, raw));
      expect(values(l2, canonicalize(l1, raw))).toEqual([a, "", b, c]);
    }
  });
  test("for contrast, read as a raw stream the same change shifts b and c", () => {
    let shifted = 0;
    for (const raw of inputs) {
      const [, b, c] = values(v1, raw);
      const [, b2, c2] = values(v2, raw);
      if (b !== b2 || c !== c2) shifted++;
    }
    expect(shifted).toBeGreaterThan(inputs.length * 0.9);
  });
  test("known limit: unlabelled sites with the same signature share one queue, so there x takes b's value", () => {
    const s1 = (s: Smith) => [s.int(0, 9), s.int(0, 99), s.int(0, 9)];
    const s2 = (s: Smith) => [s.int(0, 9), s.int(0, 9), s.int(0, 99), s.int(0, 9)];
    const entry = canonicalize(s1, Uint8Array.of(3, 50, 7));
    expect(values(s2, entry)).toEqual([3, 7, 50, 0]);
  });
});

describe("a mutation that makes the harness ask for one more value", () => {
  const harness = (s: Smith) => {
    const mode = s.pick(["plain", "extra"]);
    const extra = mode === "extra" ? s.int(0, 9) : undefined;
    return [mode, extra, s.int(100, 200), s.string({ ascii: true, maxLength: 8 }), s.bool()];
  };
  test("changing one value to take the other branch leaves the later values alone", () => {
    const entry = record(harness, Uint8Array.of(0, 17, 5, 0x68, 0x69, 0x21, 0x21, 0x21, 1)).values;
    expect(entry.map((v) => v.value)).toEqual([0, 117, "hi!!!", true]);
    const changed = entry.map((v, i) => (i === 0 ? { ...v, value: 1 } : v)); // mode: plain → extra
    expect(values(harness, encode(changed))).toEqual([1, 0, 117, "hi!!!", true]);
  });
});
