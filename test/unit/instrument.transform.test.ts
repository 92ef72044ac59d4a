import { describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSync } from "oxc-parser";
import { Gen } from "../../bench/instrumentInputs.ts";
import { EngineError } from "../../src/findings/errors.ts";
import { instrumentCached } from "../../src/instrument/cache.ts";
import { remapColumn } from "../../src/instrument/columnMap.ts";
import { Edits } from "../../src/instrument/edits.ts";
import { buildFilter } from "../../src/instrument/filter.ts";
import { lineStarts } from "../../src/instrument/scan.ts";
import { instrumentSource } from "../../src/instrument/transform.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";

const NM = join(PROJECT_ROOT, "node_modules");
const REAL_FILES = [
  join(NM, "papaparse/papaparse.js"),
  join(NM, "ini/lib/ini.js"),
  ...readdirSync(join(NM, "smol-toml/dist")).filter((f) => f.endsWith(".js")).map((f) => join(NM, "smol-toml/dist", f)),
];

describe("instrumentSource on real package files", () => {
  test.each(REAL_FILES.map((f) => [f.slice(NM.length + 1), f]))("%s: stable ids, same lines, valid output", (_name, file) => {
    const code = readFileSync(file, "utf8");
    const a = instrumentSource(code, file);
    const b = instrumentSource(code, file);
    expect(b.code).toBe(a.code);
    expect(b.sites).toEqual(a.sites);
    expect(b.cmpSites).toEqual(a.cmpSites);
    expect(a.sites.length).toBe(a.probes);
    expect(lineStarts(a.code).length).toBe(lineStarts(code).length);
    const reparsed = parseSync(file, a.code, { sourceType: a.moduleKind === "esm" ? "module" : "commonjs" });
    expect(reparsed.errors).toEqual([]);
  });

  test("ids do not depend on options other than what they switch", () => {
    const code = readFileSync(REAL_FILES[0]!, "utf8");
    const set = instrumentSource(code, "p.js", { counterMode: "set" });
    const count = instrumentSource(code, "p.js", { counterMode: "count" });
    const nocmp = instrumentSource(code, "p.js", { compareHooks: false });
    expect(count.sites).toEqual(set.sites);
    expect(nocmp.sites).toEqual(set.sites);
    expect(nocmp.cmpSites).toEqual([]);
  });

  test("a file that does not parse is an engine error naming it", () => {
    expect(() => instrumentSource("function (", "broken.js")).toThrow(EngineError);
    expect(() => instrumentSource("function (", "broken.js")).toThrow(/broken\.js/);
  });

  test("a file without branches or compares comes back unchanged", () => {
    const r = instrumentSource("export const x = 1;\n", "plain.mjs");
    expect(r.probes).toBe(0);
    expect(r.code).toBe("export const x = 1;\n");
  });

  test("compares with byte-sized literals get hooks only with byteCompares (value profile)", () => {
    const code = `function f(a, s) { if (a === 7 && s === "x") return 1; return a === 300; }`;
    const off = instrumentSource(code, "b.js");
    const on = instrumentSource(code, "b.js", { byteCompares: true });
    expect(off.cmpSites).toHaveLength(1);
    expect(on.cmpSites).toHaveLength(3);
    expect(on.code).toContain("__bf_o[0]=a,");
    expect(on.code).toContain("__bf_o[1]=s,");
    expect(on.code).toContain('[0,7,1,"x",2,300]'); // the literal of each site, for the runtime
  });

  test("literals compared against are collected for the dictionary, byte-sized ones too", () => {
    const r = instrumentSource(`if (s === "magic" || c === 0x23 || s.startsWith("PK")) {} switch (t) { case "TAG": }`, "lit.js");
    expect(r.literals).toEqual(["magic", 0x23, "PK", "TAG"]);
  });
});

describe("column anchors", () => {
  // A reference splicer that tags every output character with its source offset (or -1 when
  // inserted); the anchors must map every copied character back to its original column.
  function check(code: string, g: Gen): void {
    const edits = new Edits();
    const ops: Array<{ pos: number; end: number; side: number; seq: number; text: string }> = [];
    let seq = 0;
    const taken = new Set<number>();
    for (let k = 0; k < 30; k++) {
      const pos = g.below(code.length + 1);
      if (code[pos - 1] === "\r" && code[pos] === "\n") continue; // the instrumenter never edits inside a CRLF
      const text = "x".repeat(1 + g.below(5));
      const kind = g.below(3);
      if (kind === 2) {
        // a one-character replacement of a non-newline character, not overlapping another
        if (pos >= code.length || "\n\r".includes(code[pos]!) || taken.has(pos)) continue;
        taken.add(pos);
        edits.replace(pos, pos + 1, text);
        ops.push({ pos, end: pos + 1, side: 2, seq: seq++, text });
      } else {
        if (kind === 0) edits.insertLeft(pos, text);
        else edits.insertRight(pos, text);
        ops.push({ pos, end: pos, side: kind, seq: seq++, text });
      }
    }
    const out = edits.apply(code);
    // reference output with origin tags
    ops.sort((a, b) => a.pos - b.pos || a.side - b.side || (a.side === 1 ? b.seq - a.seq : a.seq - b.seq));
    let text = "";
    const origin: number[] = [];
    let cur = 0;
    for (const op of ops) {
      for (; cur < op.pos; cur++) { text += code[cur]; origin.push(cur); }
      for (const ch of op.text) { text += ch; origin.push(-1); }
      cur = op.end;
    }
    for (; cur < code.length; cur++) { text += code[cur]; origin.push(cur); }
    expect(out.code).toBe(text);
    const genStarts = lineStarts(text), origStarts = lineStarts(code);
    let line = 0;
    for (let i = 0; i < text.length; i++) {
      while (line + 1 < genStarts.length && genStarts[line + 1]! <= i) line++;
      if (origin[i]! < 0) continue;
      const expected = origin[i]! - origStarts[line]!;
      expect(remapColumn(out.anchors, line + 1, i - genStarts[line]!)).toBe(expected);
    }
  }

  test("every original character maps back to its column (random edits, fixed seeds)", () => {
    const code = "const a = 1;\nif (a === b) { f(); }\n\n  x ? y : z\r\nlast line";
    for (let seed = 1; seed <= 200; seed++) check(code, new Gen(seed));
  });

  test("an inserted text maps to the position where it was inserted", () => {
    const e = new Edits();
    e.insertLeft(4, "INSERTED");
    const out = e.apply("abc defg");
    expect(out.code).toBe("abc INSERTEDdefg");
    expect(remapColumn(out.anchors, 1, 8)).toBe(4);
    expect(remapColumn(out.anchors, 1, 12)).toBe(4);
    expect(remapColumn(out.anchors, 1, 13)).toBe(5);
  });

  test("edit text with a line break is refused", () => {
    expect(() => new Edits().insertLeft(0, "a\nb")).toThrow(/line terminator/);
  });
});

describe("file selection filter", () => {
  const f = buildFilter({ include: ["lib/**/*.js", "src2/"], exclude: ["lib/skip/**"], packages: ["ini", "@scope/pkg"], root: "/r" });
  test.each([
    ["/r/lib/a.js", true],
    ["/r/lib/deep/er/b.js", true],
    ["/r/lib/b.ts", false],
    ["/r/lib/skip/c.js", false],
    ["/r/src2/a/b.mts", true],
    ["/r/src2/a.d.ts", false],
    ["/r/src2/data.json", false],
    ["/r/lib/node_modules/q/a.js", false],
    ["/r/node_modules/ini/lib/ini.js", true],
    ["/elsewhere/node_modules/@scope/pkg/x.cjs", true],
    ["/r/node_modules/ini/node_modules/dep/a.js", false],
    ["/r/node_modules/ini-extra/a.js", false],
    [join(PROJECT_ROOT, "src/instrument/plugin.ts"), false],
  ] as const)("%s -> %p", (path, expected) => {
    expect(f.test(path)).toBe(expected);
  });

  test("path substrings (Jazzer.js's includes) match anywhere in the path, node_modules too; * matches every file", () => {
    const c = buildFilter({ contains: ["jpeg-js", "fuzz.js"], exclude: ["/**/*skip*", "/**/*skip*/**"], root: "/r" });
    expect(c.test("/r/node_modules/jpeg-js/lib/decoder.js")).toBe(true);
    expect(c.test("/r/fuzz.js")).toBe(true);
    expect(c.test("/r/other.js")).toBe(false);
    expect(c.test("/r/node_modules/jpeg-js/skip/a.js")).toBe(false);
    expect(buildFilter({ contains: ["*"] }).test("/r/node_modules/x/a.js")).toBe(true);
    expect(buildFilter({ contains: ["*"] }).test(join(PROJECT_ROOT, "src/instrument/plugin.ts"))).toBe(false);
  });

  test("nothing selected matches nothing", () => {
    expect(buildFilter({}).test("/r/a.js")).toBe(false);
  });
});

describe("cache", () => {
  test("a second transform of the same content comes from the cache, identical", () => {
    const dir = mkdtempSync(join(tmpdir(), "bunfuzz-instrument-cache-"));
    try {
      const code = "export function f(x) { return x ? 1 : 2; }\n";
      const first = instrumentCached(code, "/x/f.mjs", { counterMode: "set" }, dir);
      const second = instrumentCached(code, "/x/f.mjs", { counterMode: "set" }, dir);
      const other = instrumentCached(code, "/x/f.mjs", { counterMode: "count" }, dir);
      expect(first.hit).toBe(false);
      expect(second.hit).toBe(true);
      expect(other.hit).toBe(false);
      expect(second.result).toEqual(first.result);
      expect(readdirSync(dir).filter((n) => n.endsWith(".json")).length).toBe(2);
      expect(readdirSync(dir).some((n) => n.startsWith(".tmp-"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
