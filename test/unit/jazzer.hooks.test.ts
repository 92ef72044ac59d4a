/**
 * Jazzer.js function hooks on package functions: the rewrite names functions by the path of
 * their enclosing names as Jazzer.js does, keeps line numbers, and the rewritten functions call
 * before, replace and after hooks with Jazzer.js's arguments. (Hooks on built-ins patch the
 * process, so they are tested end to end in test/e2e/jazzer.test.ts.)
 */
import { expect, test } from "bun:test";
import { rewriteFunctionHooks } from "../../src/jazzer/functionHooks.ts";
import { hooks, registerAfterHook, registerBeforeHook, registerReplaceHook, type Hook } from "../../src/jazzer/hooks.ts";
import { rewriteForDetectors } from "../../src/jazzer/detectorRewrite.ts";
import { jazzerModule, rewriteJazzerImports } from "../../src/jazzer/resolve.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli.ts";

const PKG = "unit-test-hooked-pkg";

/** Registers hooks through `register` and returns only those (the registry is process-wide). */
function fresh(register: () => void): Hook[] {
  const from = hooks.length;
  register();
  return hooks.slice(from);
}

/** Evaluates CommonJS code and returns its module.exports. */
function load(code: string): Record<string, (...a: unknown[]) => unknown> {
  const module = { exports: {} as Record<string, (...a: unknown[]) => unknown> };
  new Function("module", "exports", code)(module, module.exports);
  return module.exports;
}

const LIB = [
  "var Image = (function image() {",
  "  function huffman(a, b) { return a + b; }",
  "  var ctor = {};",
  "  ctor.prototype = { copy: function copy(x) { return huffman(x, 1); } };",
  "  return { huffman: huffman, ctor: ctor };",
  "})();",
  "class Parser { parse(s) { return s.length; } }",
  "const arrow = (v) => v * 2;",
  "module.exports = { Image, Parser, arrow };",
].join("\n");

test("functions are named by their enclosing names, and only hooked ones are rewritten", () => {
  const list = fresh(() => {
    registerBeforeHook("Image.image.huffman", PKG, false, () => {});
    registerBeforeHook("Image.image.ctor.prototype.copy.copy", PKG, false, () => {});
    registerBeforeHook("Parser.parse", PKG, false, () => {});
    registerBeforeHook("arrow", PKG, false, () => {});
    registerBeforeHook("Image.image.nothing", PKG, false, () => {});
  });
  const r = rewriteFunctionHooks(LIB, `/x/node_modules/${PKG}/index.js`, list);
  expect(r.applied.map((h) => h.target).sort()).toEqual(["Image.image.ctor.prototype.copy.copy", "Image.image.huffman", "Parser.parse", "arrow"]);
  expect(r.code!.split("\n").length).toBe(LIB.split("\n").length);
});

test("before, replace and after hooks get this, the parameters, a hook id and the original or its result", () => {
  const seen: unknown[][] = [];
  const list = fresh(() => {
    registerBeforeHook("Parser.parse", PKG, false, (self, params, id) => seen.push(["before", self?.constructor?.name, params, typeof id]));
    registerReplaceHook("Image.image.huffman", PKG, false, (_self, params, _id, original) => 10 * (original as (a: number, b: number) => number)(...(params as [number, number])));
    registerAfterHook("arrow", PKG, false, (_self, params, _id, result) => seen.push(["after", params, result]));
  });
  const m = load(rewriteFunctionHooks(LIB, `/x/${PKG}/lib.js`, list).code!);
  const { Image, Parser, arrow } = m as unknown as { Image: { huffman: (a: number, b: number) => number; ctor: { prototype: { copy: (x: number) => number } } }; Parser: new () => { parse(s: string): number }; arrow: (v: number) => number };
  expect(new Parser().parse("abc")).toBe(3);
  expect(Image.huffman(2, 3)).toBe(50);
  expect(Image.ctor.prototype.copy(4)).toBe(50); // the internal call goes through the hook too
  expect(arrow(21)).toBe(42);
  expect(seen).toEqual([["before", "Parser", ["abc"], "number"], ["after", [21], 42]]);
});

test("async after hooks run when the promise resolves; a mix of replace and before is Jazzer.js's error", () => {
  const order: string[] = [];
  const src = "async function fetchIt(u) { return u + '!'; }\nmodule.exports = { fetchIt };";
  const list = fresh(() => registerAfterHook("fetchIt", PKG, true, (_s, _p, _i, r) => order.push(`after ${r}`)));
  const { fetchIt } = load(rewriteFunctionHooks(src, `/${PKG}/a.js`, list).code!);
  return (fetchIt!("x") as Promise<string>).then((v) => {
    expect(v).toBe("x!");
    expect(order).toEqual(["after x!"]);
    const bad = fresh(() => {
      registerReplaceHook("fetchIt", PKG, false, () => {});
      registerBeforeHook("fetchIt", PKG, false, () => {});
    });
    expect(() => rewriteFunctionHooks(src, `/${PKG}/a.js`, bad)).toThrow(/REPLACE hooks cannot be mixed up with BEFORE\/AFTER hooks/);
  });
});

test("functions with destructured parameters, generators and derived constructors are left alone", () => {
  const src = "function a({ x }) {}\nfunction* b(y) {}\nclass C extends Object { constructor(z) { super(); } }";
  const list = fresh(() => {
    for (const t of ["a", "b", "C.constructor"]) registerBeforeHook(t, PKG, false, () => {});
  });
  expect(rewriteFunctionHooks(src, `/${PKG}/b.js`, list).applied).toEqual([]);
});

test("the detector rewrite keeps eval direct and wraps assignments on request", () => {
  const code = "function f(s) { const k = 1; obj.a.b = s; return eval(s); }";
  const out = rewriteForDetectors(code, "/x.js", { evalCalls: true, assignments: true })!;
  expect(out).toContain("eval(globalThis.__bunfuzz_jazzer_eval(s))");
  expect(out).toContain('globalThis.__bunfuzz_jazzer_pp(obj.a.b = s, obj, "obj")');
  expect(out).toContain('const k = globalThis.__bunfuzz_jazzer_ppd(1, "k")');
  expect(rewriteForDetectors("let x = 1;", "/x.js", { evalCalls: true, assignments: false })).toBeUndefined();
});

test("Jazzer.js's import paths, the relative one into its repository included, are rewritten to bunfuzz's modules", () => {
  const dir = tempDir();
  const file = join(dir, "examples", "ssrf", "config.js");
  const code = 'const { getBugDetectorConfiguration } = require("../../../packages/bug-detectors");\nconst core = require("@jazzer.js/core");\nconst other = require("./other.js");\n';
  const out = rewriteJazzerImports(code, file)!;
  expect(out).toContain(`require(${JSON.stringify(jazzerModule("@jazzer.js/bug-detectors", file))})`);
  expect(out).toContain(`require(${JSON.stringify(jazzerModule("@jazzer.js/core", file))})`);
  expect(out).toContain('require("./other.js")');
  expect(out.split("\n").length).toBe(code.split("\n").length);
  // A relative path that leads to some other existing folder is not Jazzer.js's.
  mkdirSync(join(dir, "packages", "bug-detectors"), { recursive: true });
  writeFileSync(join(dir, "packages", "bug-detectors", "package.json"), '{ "name": "my-own-detectors" }');
  expect(jazzerModule("../packages/bug-detectors", join(dir, "examples", "x.js"))).toBeUndefined();
});
