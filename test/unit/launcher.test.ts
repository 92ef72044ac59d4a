/**
 * The launcher `bunfuzz package` writes, and the rules for its name, against what ClusterFuzz's and
 * OSS-Fuzz's code reads (src/package/launcher.ts cites it). The launcher run for real:
 * test/e2e/packageCommand.test.ts and test/e2e/clusterfuzz.test.ts.
 */
import { describe, expect, test } from "bun:test";
import { compilerAsanRuntime } from "../../src/build/asanRuntime.ts";
import { OPTIONS } from "../../src/options/table.ts";
import { launcherScript, targetNameProblem } from "../../src/package/launcher.ts";

describe("fuzz target names", () => {
  test("ClusterFuzz's characters, no dot (it would start an extension)", () => {
    for (const ok of ["parse_fuzzer", "toml-fuzzer", "a@b", "X9"]) expect(targetNameProblem(ok)).toBeUndefined();
    for (const bad of ["has.dot", "sp ace", "", "a/b", "é"]) expect(targetNameProblem(bad)).toContain("no dot");
  });
  test("names OSS-Fuzz's build check skips, and the runtime's folder", () => {
    for (const bad of ["afl-x", "jazzer_driver", "llvm-symbolizer"]) expect(targetNameProblem(bad)).toContain("skips");
    expect(targetNameProblem("bunfuzz-runtime")).toContain("runtime");
  });
});

describe("the launcher", () => {
  const script = launcherScript("parse_fuzzer", "parse_fuzzer.bunfuzz/parse_fuzzer.so", false);
  test("a shell script naming LLVMFuzzerTestOneInput, exec-ing the runtime's Bun on the payload with every argument", () => {
    expect(script.startsWith("#!/bin/sh\n")).toBe(true);
    expect(script).toContain("LLVMFuzzerTestOneInput");
    expect(script).toMatch(/\nexec "\$rt"\/'bun\.bin' "\$rt"\/'node_modules\/bunfuzz\/src\/cli\/main\.ts' fuzz "\$here"\/'parse_fuzzer\.bunfuzz\/parse_fuzzer\.so' "\$@"\n$/);
  });
  test("libFuzzer's text that makes ClusterFuzz merge in two steps (-merge_control_file, implemented)", () => {
    expect(OPTIONS.some((r) => r.name === "merge_control_file")).toBe(true);
    expect(script).toContain("fuzz target overwrites its const input"); // the merge itself: test/e2e/clusterfuzz.test.ts
  });
  test("an ASan target preloads the runtime's copy of clang's ASan runtime unless BUNFUZZ_ASAN_RUNTIME names one", () => {
    expect(script).not.toContain("BUNFUZZ_ASAN_RUNTIME");
    const asan = launcherScript("h", "h.bunfuzz/h.so", true);
    expect(asan).toContain(`BUNFUZZ_ASAN_RUNTIME=\${BUNFUZZ_ASAN_RUNTIME:-"$rt"/'asan/libclang_rt.asan-x86_64.so'}`);
  });
});

describe("the ASan runtime of the compiler in $CC", () => {
  test.skipIf(!Bun.which("clang-14"))("clang-14 -print-file-name names its runtime", () => {
    const prev = process.env.CC;
    process.env.CC = "clang-14";
    try {
      expect(compilerAsanRuntime()).toMatch(/\/libclang_rt\.asan(-x86_64)?\.so$/);
    } finally {
      if (prev === undefined) delete process.env.CC;
      else process.env.CC = prev;
    }
  });
  test("a $CC that is not clang is not asked", () => {
    const prev = process.env.CC;
    process.env.CC = "gcc";
    try {
      expect(compilerAsanRuntime()).toBeUndefined();
    } finally {
      if (prev === undefined) delete process.env.CC;
      else process.env.CC = prev;
    }
  });
});
