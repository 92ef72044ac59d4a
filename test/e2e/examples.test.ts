/**
 * The examples in targets/ keep working: the fuzz() test files of two real JS targets replay under
 * plain bun test, and the TypeScript harnesses of a C library (cJSON) and a Zig library (std.json)
 * run with Smith inputs, their native coverage in the engine's map.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz } from "../helpers/cli.ts";

test("fuzz() examples for smol-toml and Papa Parse replay under plain bun test", () => {
  const r = Bun.spawnSync([process.execPath, "test", "./targets/js/toml/toml.fuzz.ts", "./targets/js/csv/csv.fuzz.ts"], {
    cwd: PROJECT_ROOT, stdout: "pipe", stderr: "pipe", env: { ...process.env, BUNFUZZ: "" },
  });
  const out = r.stdout.toString() + r.stderr.toString();
  expect(r.exitCode).toBe(0);
  expect(out).toContain("toml round trip > seed #1");
  expect(out).toContain("csv round trip > seed #1");
}, 60_000);

for (const [name, path] of [["cJSON (C)", "targets/c/cjson/fuzz_smith.ts"], ["std.json (Zig)", "targets/zig/json/fuzz_smith.ts"]] as const) {
  test(`TypeScript harness over ${name} with Smith runs and gains native coverage`, () => {
    const r = bunfuzz(["fuzz", join(PROJECT_ROOT, path), "-seed=1", "-runs=3000"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("Smith harness");
    const inited = /INITED cov: (\d+)/.exec(r.stderr), done = /DONE   cov: (\d+)/.exec(r.stderr);
    expect(Number(done![1])).toBeGreaterThan(Number(inited![1]));
    expect(Number(done![1])).toBeGreaterThan(100); // JS probes alone are a few dozen: native edges count too
  }, 240_000);
}
