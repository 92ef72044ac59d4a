/**
 * Jazzer.js targets under bunfuzz: `@jazzer.js/core` and friends resolve to bunfuzz's own
 * implementation, the target gets a Buffer, custom hooks load with -custom_hooks, and each bug
 * detector (on by default, off by -disable_bug_detectors) finds its planted bug at a fixed seed
 * within a run budget; Jazzer.js's command line (`bunfuzz fuzz level -f check -x RangeError -- ...`)
 * runs a target as `jazzer` does, with its exit codes for expected errors.
 */
import { describe, expect, test } from "bun:test";
import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, filesWithPrefix, tempDir } from "../helpers/cli.ts";

const DIR = join(PROJECT_ROOT, "targets/js/planted/jazzer");
const RUNS = "-runs=300000";

test("a Jazzer.js target using FuzzedDataProvider from @jazzer.js/core loads and finds its bug", () => {
  const r = bunfuzz(["fuzz", join(DIR, "provider.cjs"), "-seed=1", "-runs=3000000"]);
  expect(r.stderr).toContain("planted: provider bug reached");
  expect(r.code).toBe(77);
  expect(filesWithPrefix(r.cwd, "crash-")).toHaveLength(1);
}, 120_000);

const DETECTORS: [name: string, file: string, message: string, extra: string[]][] = [
  ["command-injection", "command_injection.cjs", "Command Injection\n    in execSync(): called with 'tar -czf /tmp/", []],
  ["path-traversal", "path_traversal.cjs", "Path Traversal\n    in path.join(): called with '", []],
  ["prototype-pollution", "prototype_pollution.cjs", "Prototype Pollution\n    Prototype of Object changed.", []],
  ["ssrf", "ssrf.cjs", "Server Side Request Forgery (SSRF)\n     Attempted connection via HTTP to '", [`-custom_hooks=${join(DIR, "ssrf_hooks.cjs")}`]],
  ["remote-code-execution", "remote_code_execution.cjs", "Remote Code Execution\n    using eval:\n        'jaz_zer", []],
];

for (const [name, file, message, extra] of DETECTORS) {
  test(`the ${name} detector finds its planted bug, and is off with -disable_bug_detectors=${name}`, () => {
    const on = bunfuzz(["fuzz", join(DIR, file), "-seed=1", RUNS, ...extra]);
    expect(on.stderr).toContain(message);
    expect(on.code).toBe(77);
    const off = bunfuzz(["fuzz", join(DIR, file), "-seed=1", "-runs=10000", `-disable_bug_detectors=${name}`, ...extra]);
    expect(off.stderr).not.toContain(message.split("\n")[0]!);
    expect(off.code).toBe(0);
  }, 120_000);
}

test("a custom hooks file (-custom_hooks) replaces a function of the target's code and guides the fuzzer to the bug", () => {
  const r = bunfuzz(["fuzz", join(DIR, "hooked.cjs"), `-custom_hooks=${join(DIR, "hooked_hooks.cjs")}`, "-seed=1", RUNS]);
  expect(r.stderr).toContain("planted: licence key found: opensesame");
  expect(r.code).toBe(77);
  const without = bunfuzz(["fuzz", join(DIR, "hooked.cjs"), "-seed=1", "-runs=20000"]);
  expect(without.code).toBe(0);
}, 120_000);

test("a missing custom hooks file is a one-line input error", () => {
  const r = bunfuzz(["fuzz", join(DIR, "hooked.cjs"), "-custom_hooks=no-such-hooks", "-runs=1"]);
  expect(r.code).toBe(3);
  expect(r.stderr).toContain("custom hooks file no-such-hooks does not exist");
  expect(existsSync(join(r.cwd, "crash-"))).toBe(false);
}, 60_000);

describe("Jazzer.js's command line", () => {
  /** The planted target copied where a Jazzer.js user has it: run from its folder, named without `.js`. */
  const project = () => {
    const dir = tempDir();
    copyFileSync(join(DIR, "level.cjs"), join(dir, "level.js"));
    return dir;
  };
  const jazzerArgs = (expected: string, runs: number) => ["fuzz", "level", "-f", "check", "-i", "level", "-x", expected, "--sync", "--timeout=5000", "--", "-use_value_profile=1", `-runs=${runs}`, "-seed=1"];

  test("runs a target as `jazzer` would (-f, -i, -x, --sync, --timeout, `--`): the expected error is saved and the run exits 0", () => {
    const r = bunfuzz(jazzerArgs("RangeError", 200_000), project());
    expect(r.stderr).toContain("INFO: Jazzer.js's -f check -> -fuzz_entry_point=check");
    expect(r.stderr).toContain("RangeError: planted: admin at level 7");
    expect(r.stderr).toContain('INFO: Received expected error "RangeError".');
    expect(filesWithPrefix(r.cwd, "crash-")).toHaveLength(1);
    expect(r.code).toBe(0);
  }, 120_000);

  test("-x: another error, or none within the budget, exits 78 as in Jazzer.js", () => {
    const other = bunfuzz(jazzerArgs("TypeError", 200_000), project());
    expect(other.stderr).toContain('ERROR: Received error "RangeError" is not in expected errors [TypeError].');
    expect(filesWithPrefix(other.cwd, "crash-")).toHaveLength(1);
    expect(other.code).toBe(78);
    const none = bunfuzz(jazzerArgs("RangeError", 10), project());
    expect(none.stderr).toContain("ERROR: Received no error, but expected one of [RangeError].");
    expect(none.code).toBe(78);
  }, 120_000);
});
