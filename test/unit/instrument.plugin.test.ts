import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inputsFor, summarize, TARGETS } from "../../bench/instrumentInputs.ts";
import { COMMONJS_LINE1_SHIFT, loadCommonJs } from "../../src/instrument/commonjs.ts";
import { MemorySink } from "../../src/instrument/memorySink.ts";
import { registerInstrumentation } from "../../src/instrument/plugin.ts";
import { registerColumnMap, remapStack } from "../../src/instrument/stack.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";

// The plugin end to end. The instrumented copies live in a temporary directory that only this
// file's plugin selects, so other test files (one bun test process) never see instrumented code,
// and the plain packages from the project's node_modules stay plain for the comparison.

const TMP = mkdtempSync(join(tmpdir(), "bunfuzz-instrument-plugin-"));
const APP = join(TMP, "app");
const PLAIN = join(TMP, "plain"); // same sources, not selected: the uninstrumented reference
mkdirSync(APP, { recursive: true });
mkdirSync(PLAIN, { recursive: true });
for (const t of TARGETS) cpSync(join(PROJECT_ROOT, "node_modules", t.pkg), join(TMP, "node_modules", t.pkg), { recursive: true });

const FIXTURES: Record<string, string> = {
  "cycle-a.js": `exports.early = "early";\nconst b = require("./cycle-b.js");\nexports.seenByB = b.seen;\nexports.late = b.x === "y" ? "late" : "?";\n`,
  "cycle-b.js": `const a = require("./cycle-a.js");\nexports.seen = a ? Object.keys(a).join(",") : "none";\nexports.x = "y";\n`,
  "this.js": `module.exports.thisIsExports = this === module.exports;\nif (typeof __filename !== "string") throw new Error("no __filename");\n`,
  "esm-imports-cjs.mjs": `import def, { early, late } from "./cycle-a.js";\nexport const got = [early, late, def.early];\n`,
  "cyc-a.mjs": `import { fromB } from "./cyc-b.mjs";\nexport function early(x) { return x === "key-word" ? "early" : "no"; }\nexport function plain(x) { return x ? "plain" : "none"; }\nexport const seen = fromB;\n`,
  "cyc-b.mjs": `import { early, plain } from "./cyc-a.mjs";\nexport const fromB = early("key-word") + plain(1);\n`,
  "typed.ts": `enum Mode { Fast = 1, Slow = 2 }\nclass Box { constructor(private readonly v: number) {} get(): number { return this.v > 10 ? this.v : -this.v; } }\nexport function use(m: Mode, n: number): string { return m === Mode.Fast ? \`fast:\${new Box(n).get()}\` : "slow"; }\n`,
  "legacy.cts": `const helper = (x: string): string => x.startsWith("pre") ? x : "pre" + x;\nmodule.exports = { helper };\n`,
  "throw-esm.mjs": `export function one(x) { if (x) { return x ? x.a.b : 0; } return 1; }\nexport function two(x) { const y = x === "none" ? null : x; return y && y.c.d; }\n`,
  "throw-cjs.js": `exports.one = function (x) { if (x) { return x ? x.a.b : 0; } return 1; };\nexports.two = function (x) { const y = x === "none" ? null : x; return y && y.c.d; };\n`,
  "throw-ts.ts": `export function one(x: any): number { if (x) { return x ? (x as any).a.b : 0; } return 1; }\nexport function two(x: any): unknown { const y: any = x === "none" ? null : x; return y && y.c.d; }\n`,
};
for (const [name, text] of Object.entries(FIXTURES)) {
  writeFileSync(join(APP, name), text);
  writeFileSync(join(PLAIN, name), text);
}

const sink = new MemorySink();
const handle = registerInstrumentation({
  sink,
  include: [`${APP}/**`, `${TMP}/node_modules/**`],
  cacheDir: join(TMP, "cache"),
});

afterAll(() => rmSync(TMP, { recursive: true, force: true }));

function anyHit(path: string): boolean {
  return (sink.counters.get(path) ?? new Uint8Array(0)).some((v) => v !== 0);
}

describe("CommonJS", () => {
  test("require() of an instrumented CommonJS package returns its exports", () => {
    const ini = require(join(TMP, "node_modules/ini"));
    expect(typeof ini.parse).toBe("function");
    expect(typeof ini.stringify).toBe("function");
    expect(ini.parse("a = 1\n[sec]\nb = two\n")).toEqual({ a: "1", sec: { b: "two" } });
    const file = join(TMP, "node_modules/ini/lib/ini.js");
    expect(handle.files.find((f) => f.path === file)?.moduleKind).toBe("cjs");
    expect(anyHit(file)).toBe(true);
  });

  test("import of an instrumented CommonJS module gives default and named exports", async () => {
    const ns = await import(join(TMP, "node_modules/ini/lib/ini.js"));
    expect(typeof ns.parse).toBe("function");
    expect(ns.default).toBe(require(join(TMP, "node_modules/ini/lib/ini.js")));
    const m = await import(join(APP, "esm-imports-cjs.mjs"));
    expect(m.got).toEqual(["early", "late", "early"]);
  });

  test("require cycles see the partial exports, as without instrumentation", () => {
    const a = require(join(APP, "cycle-a.js"));
    const plain = require(join(PLAIN, "cycle-a.js"));
    expect(a).toEqual(plain);
    expect(a.seenByB).toBe("early");
    expect(anyHit(join(APP, "cycle-b.js"))).toBe(true);
  });

  test("top-level this is module.exports", () => {
    expect(require(join(APP, "this.js")).thisIsExports).toBe(true);
  });

  test("CommonJS TypeScript (.cts) loads", () => {
    const m = require(join(APP, "legacy.cts"));
    expect(m.helper("x")).toBe("prex");
    expect(m.helper("prefix")).toBe("prefix");
    expect(anyHit(join(APP, "legacy.cts"))).toBe(true);
  });
});

describe("ES modules and TypeScript", () => {
  test("an import cycle can call an exported function before its module body ran", async () => {
    // early() calls a compare hook, so it initializes the module itself; plain() has only probes,
    // which before the header land on a placeholder (load-time coverage, never an execution's).
    const m = await import(join(APP, "cyc-a.mjs"));
    expect(m.seen).toBe("earlyplain");
    expect(anyHit(join(APP, "cyc-a.mjs"))).toBe(true);
    expect(m.plain(0)).toBe("none");
    expect(m.early("other")).toBe("no");
  });

  test("an ES module TypeScript file keeps its runtime semantics (enum, parameter properties)", async () => {
    const m = await import(join(APP, "typed.ts"));
    expect(m.use(1, 5)).toBe("fast:-5");
    expect(m.use(1, 50)).toBe("fast:50");
    expect(m.use(2, 5)).toBe("slow");
    expect(anyHit(join(APP, "typed.ts"))).toBe(true);
  });
});

describe("semantic equivalence on real packages", () => {
  for (const t of TARGETS) {
    test(`${t.pkg}: instrumented and plain give identical results on 150 inputs`, async () => {
      const load = async (root: string) => {
        const path = join(root, t.pkg, t.entry);
        return t.kind === "esm" ? await import(path) : require(path);
      };
      const plain = await load(join(PROJECT_ROOT, "node_modules"));
      const instr = await load(join(TMP, "node_modules"));
      expect(instr).not.toBe(plain);
      const inputs = inputsFor(t, 150, 777);
      const silence = console.warn;
      console.warn = () => {}; // papaparse warns about duplicate headers
      try {
        inputs.forEach((input, i) => {
          expect(summarize(t.run(instr, input, i))).toBe(summarize(t.run(plain, input, i)));
        });
      } finally {
        console.warn = silence;
      }
      expect(handle.files.some((f) => f.path.startsWith(join(TMP, "node_modules", t.pkg)) && f.probes > 0)).toBe(true);
    });
  }

  test("compare hooks recorded operands while the packages ran", () => {
    expect(sink.records.length).toBeGreaterThan(0);
  });
});

describe("stack traces", () => {
  /** line:column of the first frame in `file` of an error's stack. */
  function frame(stack: string, file: string): string {
    const m = stack.match(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:(\\d+:\\d+)`));
    if (!m) throw new Error(`no frame for ${file} in:\n${stack}`);
    return m[1]!;
  }

  async function thrown(f: () => unknown): Promise<string> {
    try {
      await f();
    } catch (e) {
      return (e as Error).stack ?? "";
    }
    throw new Error("expected a throw");
  }

  for (const name of ["throw-esm.mjs", "throw-cjs.js", "throw-ts.ts"]) {
    test(`remapStack maps a thrown error's column back (${name}, lines 1 and 2)`, async () => {
      const instrPath = join(APP, name), plainPath = join(PLAIN, name);
      const cjs = name.endsWith(".js");
      const instr = cjs ? require(instrPath) : await import(instrPath);
      // The plugin runs CommonJS through vm (exact JavaScriptCore positions), Bun's own loader
      // through its transpiler's source map (token starts): compare CommonJS with the same loader.
      // The reference then has the same line-1 wrapper shift, and no other edit.
      const plain: any = cjs ? loadCommonJs(plainPath, FIXTURES[name]!) : await import(plainPath);
      if (cjs) registerColumnMap(plainPath, [], COMMONJS_LINE1_SHIFT);
      for (const fn of ["one", "two"]) {
        const arg = fn === "one" ? {} : { c: undefined };
        const si = await thrown(() => instr[fn](arg));
        const sp = remapStack(await thrown(() => plain[fn](arg)));
        const raw = frame(si, instrPath), want = frame(sp, plainPath);
        expect(raw).not.toBe(want); // the instrumentation did move the column
        expect(frame(remapStack(si), instrPath)).toBe(want);
      }
    });
  }
});
