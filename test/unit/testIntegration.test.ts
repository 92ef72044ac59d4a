/**
 * The pieces of fuzz()/it.fuzz that need no child process: which describe blocks a declaration
 * sits in (read from the test file's syntax tree), and the reproduction command's quoting.
 */
import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describePath } from "../../src/integrations/describePath.ts";
import { escapeRegExp, exactTestPattern, reproduceCommand, shellQuote } from "../../src/integrations/report.ts";
import { tempDir } from "../helpers/cli.ts";

test("describePath finds the literal describe names around a position, outermost first", () => {
  const file = join(tempDir(), "x.fuzz.js");
  writeFileSync(file, [
    'describe("Outer", () => {',            // line 1
    "  describe.skip(`Inner (2)`, () => {", // line 2
    '    it.fuzz("a", () => {});',          // line 3
    "  });",
    '  test.fuzz("b", () => {});',          // line 5
    "});",
    'it.fuzz("top", () => {});',            // line 7
    "describe(name, () => {",                // line 8
    '  it.fuzz("c", () => {});',            // line 9
    "});",
  ].join("\n"));
  expect(describePath(file, 3, 5)).toEqual(["Outer", "Inner (2)"]);
  expect(describePath(file, 5, 3)).toEqual(["Outer"]);
  expect(describePath(file, 7, 1)).toEqual([]);
  expect(describePath(file, 9, 3)).toBeUndefined();
});

test("a test name becomes an exact regular expression, quoted for a shell", () => {
  expect(escapeRegExp("a.b (c)*")).toBe("a\\.b \\(c\\)\\*");
  expect(new RegExp(exactTestPattern("parse (x) crash-1")).test("parse (x) crash-1")).toBe(true);
  expect(new RegExp(exactTestPattern("parse (x) crash-1")).test("parse (x) crash-12")).toBe(false);
  expect(shellQuote("it's")).toBe("'it'\\''s'");
  expect(shellQuote("plain/path.ts")).toBe("plain/path.ts");
  expect(reproduceCommand("a b.test.ts", "^x$")).toBe("bun test 'a b.test.ts' --test-name-pattern '^x$'");
});
