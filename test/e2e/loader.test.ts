/**
 * Coverage where the user expects it: without -instrument, the packages a JS target imports are
 * instrumented with the target's folder (a planted bug inside a node_modules package is found by
 * `bunfuzz fuzz` and by `BUNFUZZ=1 bun test`); a campaign whose coverage stays tiny names the
 * packages it loaded uninstrumented; a package imported from a CommonJS-compiled .ts file loads its
 * "require" build, as under Node.
 */
import { expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";

/** Writes files (path -> text) under a fresh project folder and returns it. */
function project(files: Record<string, string>): string {
  const dir = tempDir("bunfuzz-loader-");
  for (const [path, text] of Object.entries({ "package.json": '{ "name": "app", "private": true }', ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A package whose planted bug needs compare feedback from inside it: an 8-letter keyword. */
const PLANTED_LIB = {
  "node_modules/planted-cmd/package.json": '{ "name": "planted-cmd", "version": "1.0.0", "main": "index.js" }',
  "node_modules/planted-cmd/index.js": [
    "exports.run = function run(line) {",
    "  if (!line.startsWith('cmd:')) return 0;",
    "  const word = line.slice(4, 12);",
    "  if (word === 'shutdown') throw new Error('planted: library bug reached');",
    "  return word.length;",
    "};",
  ].join("\n"),
};

test("bunfuzz fuzz instruments the packages a target imports and finds a bug inside one", () => {
  const dir = project({ ...PLANTED_LIB, "fuzz.cjs": "const { run } = require('planted-cmd');\nmodule.exports.fuzz = (data) => { run(data.toString()); };\n" });
  const r = bunfuzz(["fuzz", join(dir, "fuzz.cjs"), "-seed=1", "-runs=200000"], dir);
  expect(r.stderr).toContain(`INFO: Instrumenting ${dir}/ and the packages it imports: planted-cmd`);
  expect(r.stderr).toContain("planted: library bug reached");
  expect(r.code).toBe(77);
  // The same budget with only the target's folder instrumented does not get there.
  const folderOnly = bunfuzz(["fuzz", join(dir, "fuzz.cjs"), "-seed=1", "-runs=200000", `-instrument=${dir}/`], dir);
  expect(folderOnly.code).toBe(0);
}, 120_000);

test("BUNFUZZ=1 bun test finds a planted bug in a node_modules package without any instrumentation option", () => {
  const dir = project({
    ...PLANTED_LIB,
    "cmd.fuzz.test.ts": `import { fuzz } from ${JSON.stringify(join(PROJECT_ROOT, "src/index.ts"))};\nimport { run } from "planted-cmd";\n\nfuzz("cmd", (data) => { run(new TextDecoder().decode(data)); });\n`,
  });
  const r = Bun.spawnSync([process.execPath, "test", "./cmd.fuzz.test.ts"], {
    cwd: dir, stdout: "pipe", stderr: "pipe", env: { ...process.env, BUNFUZZ: "1", BUNFUZZ_SEED: "1", BUNFUZZ_RUNS: "200000", BUNFUZZ_MAX_TOTAL_TIME: "60" },
  });
  const out = r.stdout.toString() + r.stderr.toString();
  expect(out).toContain("planted: library bug reached");
  expect(r.exitCode).toBe(1);
}, 180_000);

test("tiny coverage with a package loaded uninstrumented is a warning that names it", () => {
  const dir = project({
    ...PLANTED_LIB,
    "node_modules/wrapper/package.json": '{ "name": "wrapper", "main": "index.js" }',
    "node_modules/wrapper/index.js": "module.exports = require('planted-cmd');\n",
    "fuzz.cjs": "const { run } = require('wrapper');\nmodule.exports.fuzz = (data) => { run(data.toString()); };\n",
  });
  const r = bunfuzz(["fuzz", join(dir, "fuzz.cjs"), "-seed=1", "-runs=12000"], dir);
  expect(r.stderr).toContain("is the code under test instrumented? planted-cmd is loaded but not instrumented: add -instrument=planted-cmd");
  const typo = bunfuzz(["fuzz", join(dir, "fuzz.cjs"), "-seed=1", "-runs=12000", `-instrument=${dir}/,wrapper,plantd-cmd`], dir);
  expect(typo.stderr).toContain("-instrument=plantd-cmd: the target loaded no file of package plantd-cmd (is the name right?)");
  expect(typo.stderr).toContain("planted-cmd is loaded but not instrumented");
  const named = bunfuzz(["fuzz", join(dir, "fuzz.cjs"), "-seed=1", "-runs=12000", "-instrument=planted-cmd", "-keep_going=1"], dir);
  expect(named.stderr).not.toContain("planted-cmd is loaded but not instrumented");
  expect(named.stderr).not.toContain("the target loaded no file");
}, 120_000);

test("a .ts target in a CommonJS package imports a dual package's require build, as under Node", () => {
  const dir = project({
    "node_modules/dual-parse/package.json": JSON.stringify({ name: "dual-parse", exports: { ".": { import: "./dist/index.mjs", require: "./index.js" } } }),
    // The ESM bundle renames the error class, as bundlers do on a name clash.
    "node_modules/dual-parse/dist/index.mjs": "function ParseError2(m) { this.message = m; this.name = 'ParseError'; }\nexport { ParseError2 as ParseError };\nexport function parse(s) { if (s.includes('{')) throw new ParseError2('bad'); return s; }\n",
    "node_modules/dual-parse/index.js": "function ParseError(m) { this.message = m; this.name = 'ParseError'; }\nexports.ParseError = ParseError;\nexports.parse = function (s) { if (s.includes('{')) throw new ParseError('bad'); return s; };\n",
    "fuzz.ts": "import { parse, ParseError } from \"dual-parse\";\nexport function fuzz(data: Buffer) {\n  try { parse(data.toString()); } catch (e) { if ((e as Error).name !== ParseError.name) throw e; }\n}\n",
  });
  const r = bunfuzz(["fuzz", join(dir, "fuzz.ts"), "-seed=1", "-runs=20000"], dir);
  expect(r.stderr).not.toContain("uncaught exception");
  expect(r.code).toBe(0);
  // The same code as an ES module (.mts) takes the import build, as Node would too: its error class is ParseError2.
  writeFileSync(join(dir, "fuzz.mts"), readFileSync(join(dir, "fuzz.ts")));
  const esm = bunfuzz(["fuzz", join(dir, "fuzz.mts"), "-seed=1", "-runs=20000"], dir);
  expect(esm.stderr).toContain("uncaught exception");
}, 120_000);
