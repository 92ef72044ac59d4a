/**
 * -js_cmp_every=N (src/instrument/traced.ts): the instrumented modules load twice, probes alone for
 * ordinary executions and with compare hooks for one execution in N. The planted JS magics are
 * found within the budgets js.test.ts gives them with hooks on every execution, and a finding
 * raised in the traced copy is reported with the same frames as in the ordinary copy.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, filesWithPrefix, tempDir } from "../helpers/cli.ts";

const planted = (name: string) => join(PROJECT_ROOT, "targets/js/planted", name);

describe("-js_cmp_every", () => {
  test("string-compare magic: found at seed 1 within 200000 runs with hooks in one execution of 8", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("string_magic.ts"), "-seed=1", "-runs=200000", "-js_cmp_every=8", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toMatch(/compare sites in the copy run 1 in 8\)/);
    const [crash] = filesWithPrefix(dir, "crash-");
    expect(readFileSync(crash!).toString()).toStartWith("cmd:shutdown");
    expect(r.stderr).toContain(`at fuzz (${planted("string_magic.ts")}:6:`);
  }, 60_000);

  test("integer-compare magic (CommonJS): found within 200000 runs with hooks in one execution of 8", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("int_magic.cjs"), "-seed=1", "-runs=200000", "-js_cmp_every=8", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    const [crash] = filesWithPrefix(dir, "crash-");
    expect(readFileSync(crash!).readUInt32LE(0)).toBe(0x1badb002);
  }, 60_000);

  test("a finding in the traced copy has the ordinary copy's frames (CommonJS and ES module libraries)", () => {
    const dir = tempDir();
    // Each library throws only in the copy its caller asks for; the line's hooked comparisons move
    // the traced copy's columns, which the report must map back.
    const body = `const traced = String(new Error().stack).includes("bunfuzz-traced:");\n  if (want === traced) { if (s === "hello world" || s !== "other thing") { const o = null; return o.x; } }\n  return 0;\n`;
    writeFileSync(join(dir, "lib.cjs"), `exports.check = function (s, want) {\n  ${body}};\n`);
    writeFileSync(join(dir, "lib.mjs"), `export function check(s, want) {\n  ${body}}\n`);
    const frames = (lib: string, traced: boolean): string[] => {
      const target = join(dir, `t_${lib.replace(".", "_")}_${traced}.ts`);
      writeFileSync(target, `import { check } from "./${lib}";\nexport function fuzz(data: Uint8Array): void {\n  check(String(data.length), ${traced});\n}\n`);
      const r = bunfuzz(["fuzz", target, "-seed=1", "-runs=1000", "-js_cmp_every=2", `-artifact_prefix=${dir}/`], dir);
      expect(r.code).toBe(77);
      expect(r.stderr).not.toContain("bunfuzz-traced");
      return r.stderr.split("\n").filter((l) => l.trimStart().startsWith("at ")).map((l) => l.replace(/t_\w+\.ts/, "t.ts"));
    };
    for (const lib of ["lib.cjs", "lib.mjs"]) {
      const ordinary = frames(lib, false);
      expect(ordinary[0]).toContain(`${join(dir, lib)}:3:`);
      expect(frames(lib, true)).toEqual(ordinary);
    }
  }, 60_000);
});
