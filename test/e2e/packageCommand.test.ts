/**
 * `bunfuzz package`: libFuzzer-style executables for $OUT. Several targets go into one output
 * directory (sharing its runtime), which is then moved elsewhere, as OSS-Fuzz's build check does to
 * catch hard-coded paths, and run with nothing but /usr/bin:/bin on PATH (no Bun, no Zig, no
 * compiler) and a fresh HOME. ClusterFuzz's own view of these executables (its fuzz target rule,
 * its selective unpack, its libFuzzer engine) is test/e2e/clusterfuzz.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_EXIT } from "../../src/findings/errors.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

const root = tempDir("bunfuzz-package-");
const built = join(root, "out");
const out = join(root, "moved-out");

/** Runs a packaged executable as a fuzzing bot would: a bare PATH, a fresh HOME, the given cwd. */
function runPackaged(name: string, args: string[], cwd: string) {
  const home = join(root, "home");
  mkdirSync(home, { recursive: true });
  const r = Bun.spawnSync([join(out, name), ...args], { cwd, env: { PATH: "/usr/bin:/bin", HOME: home }, stdout: "pipe", stderr: "pipe" });
  return { code: r.exitCode ?? -1, out: r.stdout.toString() + r.stderr.toString() };
}

describe("bunfuzz package", () => {
  beforeAll(() => {
    // A prebuilt .so with an .options file beside it (copied to where ClusterFuzz reads it).
    const lib = join(root, "lib");
    mkdirSync(lib);
    copyFileSync(planted("null_write"), join(lib, "null_write.so"));
    writeFileSync(join(lib, "null_write.options"), "[libfuzzer]\nmax_len = 64\n");
    const steps: string[][] = [
      [join(lib, "null_write.so"), "-o", built],
      [join(PROJECT_ROOT, "targets/planted/magic_len.c"), "-o", built, "-name", "magic_len_fuzzer"],
      [join(PROJECT_ROOT, "test/fixtures/package/toml_smith.ts"), "-o", built],
    ];
    for (const args of steps) {
      const r = bunfuzz(["package", ...args]);
      if (r.code !== 0) throw new Error(`bunfuzz package ${args.join(" ")}: ${r.stderr}`);
    }
    renameSync(built, out);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("the output directory: one executable per target, each with its folder, one shared runtime", () => {
    expect(readdirSync(out).sort()).toEqual([
      "bunfuzz-runtime", "magic_len_fuzzer", "magic_len_fuzzer.bunfuzz", "null_write", "null_write.bunfuzz", "null_write.options", "toml_smith", "toml_smith.bunfuzz",
    ]);
    for (const name of ["null_write", "magic_len_fuzzer", "toml_smith"]) {
      const exe = join(out, name);
      expect(statSync(exe).mode & 0o111).toBe(0o111);
      const text = readFileSync(exe, "utf8");
      expect(text.startsWith("#!/bin/sh\n")).toBe(true); // OSS-Fuzz's build check takes ELF files and shell scripts
      expect(text).toContain("LLVMFuzzerTestOneInput"); // ClusterFuzz's and OSS-Fuzz's fuzz target rule
    }
    expect(readFileSync(join(out, "null_write.options"), "utf8")).toContain("max_len = 64");
    expect(existsSync(join(out, "bunfuzz-runtime", "bun.bin"))).toBe(true);
  });

  test("a native target, moved, with no Bun on PATH: fuzzes to its crash, then reproduces it as ./NAME crash-file", () => {
    const work = join(root, "work-native");
    mkdirSync(work);
    const fuzz = runPackaged("null_write", ["-seed=1", "-runs=200000"], work);
    expect(fuzz.out).toContain("ERROR: libFuzzer: deadly signal");
    expect(fuzz.code).toBe(77);
    const crashes = readdirSync(work).filter((f) => f.startsWith("crash-"));
    expect(crashes).toHaveLength(1);
    expect(fuzz.out).toContain(`reproduce with: ${join(out, "null_write")} ./${crashes[0]}`);
    const again = runPackaged("null_write", [crashes[0]!], work);
    expect(again.code).toBe(77);
    expect(again.out).toContain("ERROR: libFuzzer: deadly signal");
  });

  test("C sources, built at package time: a corpus directory fills as in libFuzzer, and the planted bug is found", () => {
    const work = join(root, "work-c");
    mkdirSync(join(work, "corpus"), { recursive: true });
    const r = runPackaged("magic_len_fuzzer", ["-seed=1", "-runs=2000000", "corpus"], work);
    expect(r.code).toBe(77);
    expect(readdirSync(join(work, "corpus")).length).toBeGreaterThan(0);
    expect(readdirSync(work).some((f) => f.startsWith("crash-"))).toBe(true);
  });

  test("a TS target bundled with its dependency, importing the runtime's bunfuzz (not a second copy)", () => {
    const work = join(root, "work-js");
    mkdirSync(work);
    const r = runPackaged("toml_smith", ["-seed=1", "-runs=500000"], work);
    expect(r.out).toContain("planted: port 31337");
    expect(r.out).not.toContain("carries its own bunfuzz");
    expect(r.code).toBe(77);
  });

  test("packaging again into the same directory reuses the runtime as it is", () => {
    const bun = join(out, "bunfuzz-runtime", "bun.bin");
    const before = statSync(bun);
    const r = bunfuzz(["package", join(PROJECT_ROOT, "targets/planted/magic_len.c"), "-o", out, "-name", "magic_len_fuzzer"]);
    expect(r.code).toBe(0);
    const after = statSync(bun);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  test("mistakes are one-line errors with their own exit codes, and nothing of the user's is overwritten", () => {
    const so = planted("null_write");
    const dir = tempDir("bunfuzz-package-err-");
    const bad = bunfuzz(["package", so, "-o", dir, "-name", "has.dot"]);
    expect(bad.code).toBe(ENGINE_EXIT.usage);
    expect(bad.stderr).toContain("has.dot cannot be a fuzz target's name");
    expect(bunfuzz(["package", so]).code).toBe(ENGINE_EXIT.usage); // no -o
    writeFileSync(join(dir, "mine"), "a file of the user's\n");
    const clash = bunfuzz(["package", so, "-o", dir, "-name", "mine"]);
    expect(clash.code).toBe(ENGINE_EXIT.io);
    expect(clash.stderr).toContain("is not a launcher written by bunfuzz package");
    expect(readFileSync(join(dir, "mine"), "utf8")).toBe("a file of the user's\n");
    const plain = join(dir, "plain.so");
    writeFileSync(plain, "not an ELF file");
    const notElf = bunfuzz(["package", plain, "-o", dir]);
    expect(notElf.code).toBe(ENGINE_EXIT.target);
    expect(notElf.stderr.trim().split("\n")).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
  });
});
