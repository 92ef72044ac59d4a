/**
 * The Smith corpus format: golden bytes, encode/decode round trips per kind, raw and foreign inputs,
 * malformed inputs, describe(), and canonicalize().
 */
import { describe as group, expect, test } from "bun:test";
import { decode, encode, header } from "../../src/smith/codec.ts";
import { describe, labelsOf } from "../../src/smith/describe.ts";
import type { Domain, SmithValue, Value } from "../../src/smith/kinds.ts";
import { canonicalize, record } from "../../src/smith/record.ts";
import { labelledId, signatureId } from "../../src/smith/signature.ts";
import { Smith } from "../../src/smith/smith.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const v = (domain: Domain, value: Value, label?: string): SmithValue => ({ site: label ? labelledId(label, domain) : signatureId(domain), domain, value });
const INT = { kind: "int", min: 0, max: 100 } as const;
const NAME = { kind: "string", ascii: true, minLength: 0, maxLength: 8 } as const;
const FLOAT = { kind: "float", ranged: false, min: -Infinity, max: Infinity } as const;

group("golden bytes", () => {
  test("the empty file: magic F5 'SMT', version 1, no sites, no records", () => {
    expect(hex(encode([]))).toBe("f5534d54" + "01" + "00" + "00");
    expect(hex(header())).toBe("f5534d5401");
  });
  test("a small file, field by field (README.md, Encoding)", () => {
    const bytes = encode([v(INT, 42), v(NAME, "hi", "name"), v(FLOAT, 1.5)]);
    expect(hex(bytes)).toBe([
      "f5534d54", "01", // magic, version
      "03", // 3 sites
      "48a75130", "03", "00", "64", // id 3051a748 (LE), int, min zigzag(0), span 100
      "15b4ae34", "0a", "01", "00", "08", // id of label "name", string, ascii, minLength 0, span 8
      "3581af98", "05", "00", // float, unbounded
      "03", // 3 records
      "00", "2a", // site 0, raw 42
      "01", "02", "6869", // site 1, length 2, "hi"
      "02", "bff003", // site 2, 1.5 = 3ff8000000000000 byte-reversed = 0xf83f as a varint
    ].join(""));
  });
});

group("encode/decode round trip", () => {
  const cases: [string, Domain, Value[]][] = [
    ["bool", { kind: "bool" }, [true, false]],
    ["more", { kind: "more" }, [true, false]],
    ["int", { kind: "int", min: -5, max: 5 }, [-5, 0, 5]],
    ["int, the safe extremes", { kind: "int", min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }, [Number.MIN_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER]],
    ["bigint, i64", { kind: "bigint", min: -(1n << 63n), max: (1n << 63n) - 1n }, [-(1n << 63n), 0n, (1n << 63n) - 1n]],
    ["bigint, u64", { kind: "bigint", min: 0n, max: (1n << 64n) - 1n }, [0n, 1n, (1n << 64n) - 1n]],
    ["float, special values", FLOAT, [0, -0, NaN, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE, 0.1]],
    ["float, bounded", { kind: "float", ranged: true, min: -0.5, max: 2 }, [-0.5, 0, 2, 1.25]],
    ["pick", { kind: "pick", n: 300 }, [0, 299, 128]],
    ["weighted, zero weights skipped", { kind: "weighted", weights: [0, 3, 0, 1] }, [1, 3]],
    ["length", { kind: "length", min: 2, max: 9 }, [2, 9]],
    ["bytes", { kind: "bytes", minLength: 0, maxLength: 5 }, [new Uint8Array(0), Uint8Array.of(0, 255, 7)]],
    ["string, UTF-8", { kind: "string", ascii: false, minLength: 0, maxLength: 4 }, ["", "é€𝄞", "\0a"]],
    ["string, ASCII", NAME, ["", "hello", "\x7f\x00"]],
  ];
  for (const [name, domain, vals] of cases) {
    test(name, () => {
      const list = vals.map((x) => v(domain, x));
      const d = decode(encode(list));
      expect(d.format).toBe("smith");
      expect(d.values.length).toBe(list.length);
      d.values.forEach((got, i) => {
        expect(got.site).toBe(list[i]!.site);
        expect(got.domain).toEqual(domain);
        if (typeof got.value === "number") expect(Object.is(got.value, list[i]!.value)).toBe(true);
        else expect(got.value as unknown).toEqual(list[i]!.value);
      });
      // the reader gets the same values back
      const s = new Smith().reset(encode(list));
      for (const x of vals) {
        const read = domain.kind === "int" ? s.int(domain.min, domain.max)
          : domain.kind === "bool" ? s.bool() : domain.kind === "more" ? s.more() : undefined;
        if (read !== undefined) expect(read).toBe(x as number | boolean);
      }
    });
  }
  test("encode rejects what a harness could not have read", () => {
    expect(() => encode([v(INT, 101)])).toThrow(RangeError);
    expect(() => encode([v(INT, 1.5)])).toThrow(RangeError);
    expect(() => encode([v({ kind: "weighted", weights: [0, 1] }, 0)])).toThrow(RangeError);
    expect(() => encode([v(NAME, "é")])).toThrow(RangeError);
    expect(() => encode([v(INT, "1")])).toThrow(RangeError);
    expect(() => encode([v({ kind: "int", min: 3, max: 1 }, 2)])).toThrow(RangeError);
    expect(() => encode([{ site: 1, domain: INT, value: 1 }, { site: 1, domain: { kind: "bool" }, value: true }])).toThrow(/used as int and as bool/);
  });
  test("a tail is kept verbatim after the records", () => {
    const d = decode(encode([v(INT, 1)], Uint8Array.of(9, 8, 7)));
    expect(Array.from(d.tail)).toEqual([9, 8, 7]);
  });
});

group("inputs without the header, of another version, or malformed", () => {
  test("plain bytes are a raw stream: no values, all tail", () => {
    const raw = new TextEncoder().encode("hello");
    const d = decode(raw);
    expect([d.format, d.values.length, hex(d.tail)]).toEqual(["raw", 0, hex(raw)]);
    expect(new Smith().reset(raw).string({ ascii: true, maxLength: 4 })).toBe("ello"); // length 'h' = 104 % 5 = 4
    expect(new Smith().reset(raw).string({ ascii: true, maxLength: 200 })).toBe("ello" + "\0".repeat(100)); // 104: zeros past the end
  });
  test("an unknown version is read as a raw stream, with a note", () => {
    const bytes = Uint8Array.of(0xf5, 0x53, 0x4d, 0x54, 2, 1, 2);
    const d = decode(bytes);
    expect(d.format).toBe("raw");
    expect(d.note).toContain("unknown version 2");
    expect(new Smith().reset(bytes).int(0, 255)).toBe(0xf5);
  });
  test("at the first malformed element the scan stops: what parsed stays, the rest is tail", () => {
    const full = encode([v(INT, 1), v(INT, 2), v(NAME, "abc")]);
    const cut = full.subarray(0, full.length - 1); // the string record loses a byte
    const d = decode(cut);
    expect(d.values.map((x) => x.value)).toEqual([1, 2]);
    expect(d.note).toContain("scan stopped");
    expect(Array.from(d.tail)).toEqual(Array.from(cut.subarray(cut.length - 4)));
    const s = new Smith().reset(cut);
    expect([s.int(0, 100), s.int(0, 100), s.int(0, 100)]).toEqual([1, 2, 1]); // third: tail byte 01 (the broken record's site index)
  });
  test("every prefix of a valid file decodes and reads without throwing", () => {
    const full = encode([v(INT, 1), v(NAME, "abc"), v(FLOAT, NaN), v({ kind: "weighted", weights: [1, 2] }, 1)]);
    for (let n = 0; n <= full.length; n++) {
      const p = full.subarray(0, n);
      expect(() => describe(p)).not.toThrow();
      const s = new Smith().reset(p);
      expect(() => [s.int(0, 100), s.string({ ascii: true, maxLength: 8 }), s.float(), s.weighted([[1, 0], [2, 1]])]).not.toThrow();
    }
  });
});

group("describe", () => {
  test("one line per record, labels when known", () => {
    const bytes = encode([v(INT, 42), v(NAME, "hi", "name"), v(FLOAT, -0)], Uint8Array.of(1, 2));
    expect(describe(bytes, { labels: new Map([[labelledId("name", NAME), "name"]]) })).toBe([
      "smith v1, 39 bytes: 3 sites, 3 records, 2 tail bytes",
      "     0  3051a748   int[0..100]            42",
      "     1  name       string(ascii, 0..8)    \"hi\"",
      "     2  98af8135   float                  -0",
      "  tail: 01 02",
    ].join("\n"));
  });
  test("raw inputs and recordings", () => {
    expect(describe(Uint8Array.of(0x61, 0x0a))).toBe("raw stream, 2 bytes\n  61 0a");
    const h = (s: Smith) => [s.int(0, 9, "digit"), s.weighted([[1, "a"], [1, "b"]], "letter")];
    const r = record(h, Uint8Array.of(3, 1, 0));
    expect(describe(canonicalize(h, Uint8Array.of(3, 1, 0)), { labels: labelsOf(r.values) })).toContain("letter     weighted(1:1)          #1");
  });
});

group("canonicalize", () => {
  const h = (s: Smith) => {
    const out: unknown[] = [s.string({ maxLength: 5 }), s.pick([1, 2, 3])];
    while (s.more()) out.push(s.int(-9, 9, "n"));
    return out;
  };
  test("gives the harness the same values, all from records, and drops bytes it never read", () => {
    const raw = Uint8Array.of(2, 0x41, 0x42, 7, 1, 5, 1, 6, 0, 99, 99, 99);
    const c = canonicalize(h, raw);
    const a = record(h, raw), b = record(h, c);
    expect(b.values.map((x) => x.value)).toEqual(a.values.map((x) => x.value));
    expect(b.values.every((x) => x.source === "record")).toBe(true);
    expect(decode(c).tail.length).toBe(0);
    expect(hex(canonicalize(h, c))).toBe(hex(c)); // idempotent
  });
});
