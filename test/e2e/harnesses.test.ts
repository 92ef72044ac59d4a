/**
 * Harnesses libFuzzer users already have (test/fixtures/harnesses/, written in the style of LLVM's
 * compiler-rt/test/fuzzer): C++ built by `bunfuzz build`, flags passed through to the compiler and
 * linker, string compares inside code bunfuzz did not build, extra counters, Initialize's argv, and
 * ASan reports for exit/abort, under -close_fd_mask and from nativeLibrary(). Fixed seeds and run
 * budgets several times the runs measured (in the comments).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runBuild, zigCC } from "../../src/build/toolchain.ts";
import { parseBuildArgs } from "../../src/cli/buildCommand.ts";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { bunfuzz, filesWithPrefix, tempDir } from "../helpers/cli.ts";
import { planted } from "../helpers/planted.ts";

const H = join(PROJECT_ROOT, "test/fixtures/harnesses");

/** `bunfuzz build` through the CLI; returns the object. */
function build(dir: string, name: string, args: string[]): string {
  const out = join(dir, `${name}.so`);
  const r = bunfuzz(["build", ...args, "-o", out], dir);
  expect(r.stderr).not.toContain("error");
  expect(r.code).toBe(0);
  return out;
}

/** A fuzzing run that must find a crash: the artifact's bytes. */
function findsCrash(so: string, dir: string, flags: string[]): { input: Buffer; stderr: string; stdout: string } {
  const r = bunfuzz(["fuzz", so, join(dir, "corpus"), `-artifact_prefix=${dir}/`, ...flags], dir);
  const artifacts = filesWithPrefix(dir, "crash-");
  if (artifacts.length !== 1) throw new Error(`no crash (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  return { input: readFileSync(artifacts[0]!), stderr: r.stderr, stdout: r.stdout };
}

describe("C++ harnesses", () => {
  // The first `zig c++` build on a machine compiles libc++ into Zig's cache (about 50 s of CPU).
  test("bunfuzz build x.cpp (zig c++, libc++ linked in) loads and finds the bug (seed 1: 5,421 runs)", () => {
    const dir = tempDir();
    const so = build(dir, "cxx", [join(H, "cxx_stream.cpp")]);
    const { input, stdout } = findsCrash(so, dir, ["-seed=1", "-runs=50000"]);
    expect(input.subarray(0, 3).toString()).toBe("CXX");
    expect(stdout).toContain("BINGO: found the C++ prefix"); // std::cout works
  }, 600_000);

  test("-clang builds with clang++-14 and links libstdc++ (std::cout resolves at load)", () => {
    const dir = tempDir();
    const so = build(dir, "cxx-clang", ["-clang", join(H, "cxx_stream.cpp")]);
    const { input, stdout } = findsCrash(so, dir, ["-seed=1", "-runs=50000"]);
    expect(input.subarray(0, 3).toString()).toBe("CXX");
    expect(stdout).toContain("BINGO: found the C++ prefix");
  }, 120_000);

  test("-D, -L, -l and -Wl pass through: a harness that needs a define and links a library", () => {
    const dir = tempDir();
    runBuild([...zigCC(), "-shared", "-fPIC", join(H, "helper_lib.c"), "-o", join(dir, "libhelper.so")], { quiet: true, what: "libhelper.so" });
    const so = build(dir, "uses_helper", [join(H, "uses_helper.c"), "-DPREFIX='L'", `-L${dir}`, "-lhelper", `-Wl,-rpath,${dir}`]);
    writeFileSync(join(dir, "in"), "LM");
    const r = bunfuzz(["run", so, join(dir, "in")], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).toMatch(/#0 0x[0-9a-f]+ in Store .*uses_helper\.c:/);
  }, 120_000);

  test("build flags: bunfuzz's own, the compiler's (before the sources) and the linker's (after)", () => {
    const a = parseBuildArgs(["x.cpp", "-O2", "-asan", "-I", "inc", "-DX=1", "-std=c++17", "-fsanitize-coverage=trace-div,trace-gep", "-lz", "-L", "/opt/lib", "-Wl,-z,now", "-include", "pre.h", "lib.a", "-o", "x.so"]);
    expect(a.sources).toEqual(["x.cpp", "lib.a"]);
    expect(a.o.opt).toBe("-O2");
    expect(a.o.asan).toBe(true);
    expect(a.extras.includeDirs).toEqual(["inc"]);
    expect(a.extras.defines).toEqual(["-DX=1"]);
    expect(a.extras.flags).toEqual(["-std=c++17", "-fsanitize-coverage=trace-div,trace-gep", "-include", "pre.h"]);
    expect(a.extras.linkFlags).toEqual(["-lz", "-L", "/opt/lib", "-Wl,-z,now"]);
    expect(parseBuildArgs(["x.c", "-fsanitize=address"]).o.asan).toBe(true);
  });
});

describe("libFuzzer's harness contract", () => {
  test("__libfuzzer_extra_counters are cleared between executions and guide (TableLookupTest's style; seed 1: 555 runs)", () => {
    const dir = tempDir();
    const so = build(dir, "table", ["-clang", join(H, "table.cpp")]);
    const r = bunfuzz(["fuzz", so, "-seed=1", "-runs=20000", `-artifact_prefix=${dir}/`], dir);
    expect(r.stderr).not.toContain("Assertion"); // a counter left from the last execution
    expect(r.stderr).toContain("BINGO: 100 indexes"); // each index was new coverage, kept in the corpus
  }, 120_000);

  test("LLVMFuzzerInitialize gets the command line: argv[0], the flags and paths, argv[argc] NULL", () => {
    const dir = tempDir();
    const so = build(dir, "init", ["-clang", join(H, "init_args.cpp")]);
    writeFileSync(join(dir, "bang"), "!");
    const r = bunfuzz(["run", so, "-max_len=64", join(dir, "bang"), "-timeout=30"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`INIT ARGV[0]=${so}`);
    expect(r.stderr).toContain("INIT ARGV[1]=-max_len=64");
    expect(r.stderr).toContain(`INIT ARGV[2]=${join(dir, "bang")}`);
    expect(r.stderr).toContain("INIT ARGV[3]=-timeout=30");
    expect(r.stderr).toContain("INIT ARGV[argc] is NULL");
    expect(r.stderr).toContain("RUN LAST ARGV=-timeout=30"); // the strings outlive the call
  }, 120_000);
});

describe("string compares in code bunfuzz did not build reach the compare log (interceptors)", () => {
  // Objects from clang++ -fsanitize=fuzzer-no-link: no --wrap, so only the preloaded shim's
  // memcmp/strcasestr/... see these compares. Measured at seeds 1-3: 4,032-5,439 runs.
  const cases = [
    { name: "strcasestr", defines: ["-DCASELESS"], input: /CaseLess-Needle/i },
    { name: "std::string::compare inside libstdc++", defines: [], input: /^libstdc\+\+ compares this$/ },
  ];
  for (const c of cases) {
    test(`${c.name}: found at seed 1 within 50,000 runs; not in 200,000 with -use_cmp=0`, () => {
      const dir = tempDir();
      const so = join(dir, "prebuilt.so");
      runBuild(["clang++-14", "-g", "-O1", "-fsanitize=fuzzer-no-link", "-shared", "-fPIC", ...c.defines, join(H, "strings_prebuilt.cpp"), "-o", so], { quiet: true, what: so });
      const { input } = findsCrash(so, dir, ["-seed=1", "-runs=50000"]);
      expect(input.toString("latin1")).toMatch(c.input);
      const control = bunfuzz(["fuzz", so, "-seed=1", "-runs=200000", "-use_cmp=0", `-artifact_prefix=${dir}/control-`], dir);
      expect(control.stderr).toContain("Done 200000 runs");
    }, 120_000);
  }
});

describe("ASan builds", () => {
  test("exit() in the target: libFuzzer's report with the stack, not an ASan CHECK failure", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "in"), "EX");
    const r = bunfuzz(["run", planted("exits", { asan: true }), join(dir, "in")], dir);
    expect(r.code).toBe(77);
    expect(r.stderr).not.toContain("CHECK failed");
    expect(r.stderr).toContain("ERROR: libFuzzer: fuzz target exited");
    expect(r.stderr).toMatch(/#\d+ 0x[0-9a-f]+ in LLVMFuzzerTestOneInput .*exits\.c:/);
  }, 120_000);

  test("abort() in the target: ASan's ABRT report; and -close_fd_mask=3 keeps it", () => {
    const dir = tempDir();
    const so = build(dir, "abort", ["-asan", join(H, "abort.c")]);
    writeFileSync(join(dir, "in"), "AB");
    for (const mask of ["0", "3"]) {
      const r = bunfuzz(["run", so, join(dir, "in"), `-close_fd_mask=${mask}`], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain("CHECK failed");
      expect(r.stderr).toContain("ERROR: AddressSanitizer: ABRT");
      expect(r.stderr).toMatch(/#\d+ 0x[0-9a-f]+ in GiveUp .*abort\.c:/);
    }
  }, 120_000);

  test("-close_fd_mask=3 keeps ASan's heap-buffer-overflow report, as libFuzzer does", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "in"), "HOx");
    const r = bunfuzz(["run", planted("heap_overflow", { asan: true }), join(dir, "in"), "-close_fd_mask=3"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR: AddressSanitizer: heap-buffer-overflow");
    expect(r.stderr).toContain("SUMMARY: AddressSanitizer: heap-buffer-overflow");
  }, 120_000);

  test("nativeLibrary({ c, asan: true }): the worker restarts with ASan's runtime and ASan reports", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "harness.ts"), [
      `import { nativeLibrary } from ${JSON.stringify(join(PROJECT_ROOT, "src/index.ts"))};`,
      `const lib = nativeLibrary({ c: [${JSON.stringify(join(PROJECT_ROOT, "targets/planted/heap_overflow.c"))}], asan: true },`,
      `  { LLVMFuzzerTestOneInput: { args: ["ptr", "u64"], returns: "i32" } });`,
      "export function fuzz(data: Uint8Array) { lib.symbols.LLVMFuzzerTestOneInput(data, data.length); }",
    ].join("\n"));
    writeFileSync(join(dir, "in"), "HOx");
    const r = bunfuzz(["run", join(dir, "harness.ts"), join(dir, "in")], dir);
    expect(r.stderr).not.toContain("undefined symbol");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ERROR: AddressSanitizer: heap-buffer-overflow");
    // The same with two workers: each restarts with ASan's runtime, and the bug is found and reported once.
    const two = bunfuzz(["fuzz", join(dir, "harness.ts"), join(dir, "corpus"), "-workers=2", "-seed=1", "-runs=200000", `-artifact_prefix=${dir}/`], dir);
    expect(two.stderr).not.toContain("undefined symbol");
    expect(two.code).toBe(1);
    expect(two.stderr.split("ERROR: AddressSanitizer: heap-buffer-overflow").length - 1).toBeGreaterThanOrEqual(1);
    expect(two.stderr.split("Test unit written to").length - 1).toBe(1);
  }, 120_000);
});
