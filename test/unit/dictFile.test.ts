import { describe, expect, test } from "bun:test";
import { EngineError } from "../../src/findings/errors.ts";
import { parseDictionary } from "../../src/mutators/dictFile.ts";

const str = (b: Uint8Array) => Array.from(b);

describe("dictionary files (libFuzzer/AFL format)", () => {
  test("names, levels, bare values, escapes, comments", () => {
    const words = parseDictionary(
      ['# a comment', '', 'kw1="foo"', 'kw_2@3="a\\"b"', '"\\x00\\xffz"', '  esc="back\\\\slash"  '].join("\n"), "d");
    expect(words.map((w) => Buffer.from(w).toString("latin1"))).toEqual(["foo", 'a"b', "\x00\xffz", "back\\slash"]);
    expect(str(words[2]!)).toEqual([0, 255, 0x7a]);
  });
  const bad: [string, RegExp][] = [
    ['kw=foo', /d:1: expected name="value"/],
    ['kw="unterminated', /d:1/],
    ['kw="bad \\q escape"', /d:1: bad escape \\q/],
    ['kw="\\x4"', /d:1: bad escape/],
    ['kw=""', /d:1: empty value/],
    ['ok="1"\n\n"in"side"', /d:3: unescaped quote/],
  ];
  for (const [text, want] of bad) {
    test(`rejects ${JSON.stringify(text)} naming the line`, () => {
      try {
        parseDictionary(text, "d");
        throw new Error("accepted a malformed dictionary");
      } catch (e) {
        expect(e).toBeInstanceOf(EngineError);
        expect((e as EngineError).kind).toBe("input");
        expect((e as Error).message).toMatch(want);
      }
    });
  }
});
