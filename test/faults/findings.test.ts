/**
 * A finding is never lost: when its artifact cannot be written (read-only or full directory, a
 * prefix that names a file), the input is printed whole as bytes and Base64 with the path that
 * failed and why, and the exit code is still the finding's. And the reproduction command printed
 * with a finding carries the flags that define it, so it reproduces as printed.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, filesWithPrefix, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";
import { CAN_FILL, cleanupMounts, readOnly, tinyFs, WAY, workDir } from "./fsFaults.ts";

afterAll(cleanupMounts);

/** The input printed by a banner whose artifact could not be written. */
function printedInput(stderr: string): Buffer {
  const lines = stderr.split("\n");
  const at = lines.findIndex((l) => l.startsWith("bunfuzz: error: could not write the artifact"));
  expect(at).toBeGreaterThan(0);
  const b64 = lines.slice(at).find((l) => l.startsWith("Base64: "))!.slice(8);
  const bytes = Buffer.from(b64, "base64");
  // The hex list above says the same.
  expect(lines.slice(0, at)).toContain([...bytes].map((c) => `0x${c.toString(16)},`).join(""));
  return bytes;
}

describe("a finding whose artifact cannot be written", () => {
  test.skipIf(!WAY)(`read-only artifact directory (${WAY}): input printed, exit 77`, () => {
    const dir = workDir();
    const artifacts = join(dir, "artifacts");
    mkdirSync(artifacts);
    const prefix = readOnly(artifacts);
    const r = bunfuzz(["fuzz", planted("null_write"), "-seed=1", "-runs=50000", `-artifact_prefix=${artifacts}/`], dir, prefix);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain(`bunfuzz: warning: cannot write to the artifact directory ${artifacts}/`);
    expect(r.stderr).toContain(`could not write the artifact ${artifacts}/crash-`);
    expect(r.stderr).toMatch(/read-only \(EROFS\)|permission denied \(EACCES\)/);
    expect(printedInput(r.stderr).subarray(0, 2).toString()).toBe("NW");
    expect(r.stderr).toContain("| base64 -d > input && bunfuzz run");
    expect(filesWithPrefix(artifacts, "crash-")).toHaveLength(0);
  }, 60_000);

  test.skipIf(!CAN_FILL)("full artifact directory (a tiny tmpfs, filled): input printed, exit 70 for a timeout", () => {
    const dir = workDir();
    const full = tinyFs(dir, 64 * 1024, true);
    const r = bunfuzz(["fuzz", planted("hang"), "-seed=1", "-runs=50000", "-timeout=1", `-artifact_prefix=${full}/`], dir);
    expect(r.code).toBe(70);
    expect(r.stderr).toContain(`could not write the artifact ${full}/timeout-`);
    expect(r.stderr).toContain("no space left on the device (ENOSPC)");
    expect(printedInput(r.stderr).subarray(0, 3).toString()).toBe("HNG");
  }, 60_000);

  test("an artifact prefix under a regular file: input printed, exit 77 (even as root)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "file"), "");
    const r = bunfuzz(["fuzz", planted("null_write"), "-seed=1", "-runs=50000", `-artifact_prefix=${dir}/file/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain(`could not write the artifact ${dir}/file/crash-`);
    expect(r.stderr).toContain("(ENOTDIR)");
    expect(printedInput(r.stderr).subarray(0, 2).toString()).toBe("NW");
  }, 60_000);

  test("-keep_going in a JS target: each finding printed, exit 77", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "file"), "");
    const target = join(PROJECT_ROOT, "targets/js/planted/two_bugs.ts");
    const r = bunfuzz(["fuzz", target, "-seed=1", "-runs=200000", "-keep_going=1", `-artifact_prefix=${dir}/file/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toContain(`could not write the artifact ${dir}/file/crash-`);
    expect(printedInput(r.stderr).length).toBeGreaterThan(0);
  }, 60_000);
});

describe("the reproduction command reproduces as printed", () => {
  test("a timeout found with -timeout=1 prints -timeout=1, and the printed command reports the timeout", () => {
    const dir = tempDir();
    const r = bunfuzz(["fuzz", planted("hang"), "-seed=1", "-runs=50000", "-timeout=1", `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(70);
    const line = /bunfuzz: reproduce with: (bunfuzz run .*) {2}\(seed 1\)/.exec(r.stderr)![1]!;
    expect(line).toContain(" -timeout=1 ");
    const args = line.split(" ").slice(1);
    expect(bunfuzz(args, dir).code).toBe(70);
  }, 60_000);

  test("a JS target's instrumentation flags are part of the command", () => {
    const dir = tempDir();
    const target = join(PROJECT_ROOT, "targets/js/planted/string_magic.ts");
    const r = bunfuzz(["fuzz", target, "-seed=1", "-runs=200000", "-js_hit_counts=1", `-instrument=${join(PROJECT_ROOT, "targets/js/planted")}/`, `-artifact_prefix=${dir}/`], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toMatch(/reproduce with: bunfuzz run \S+ -instrument=\S+ -js_hit_counts=1 \S+crash-/);
  }, 60_000);
});
