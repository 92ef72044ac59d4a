import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { hostLibc } from "./platforms.ts";
import { aptSetupCommand, cCompiler, cxxCompiler, runBuild } from "./toolchain.ts";

/** C++ source files, by the extensions clang's driver reads as C++. */
export const CXX_SOURCE = /\.(cc|cp|cpp|cxx|c\+\+|C|CPP)$/;
/** C source files. */
const C_SOURCE = /\.c$/;

/** Whether a build compiles C++: then the C++ driver builds it and links the C++ runtime. */
export function isCxxBuild(sources: readonly string[]): boolean {
  return sources.some((s) => CXX_SOURCE.test(s));
}

/**
 * The compiler for a build. C++ sources need the C++ driver: `zig c++` brings libc++'s headers
 * and links libc++ into the object (`zig cc` finds no <cstddef>), and clang++-14 links libstdc++
 * (clang-14 as a C driver leaves `std::cout` undefined, and the object then fails to load). ASan
 * builds use clang-14, whose runtime the worker preloads: objects from `zig cc -fsanitize=address`
 * (Zig 0.17) loaded fine under clang-14's runtime but did not report a plain heap-buffer-overflow
 * (measured), so mixing the two would hide bugs.
 */
function compilerFor(o: InstrumentOptions, cxx: boolean): string[] {
  if (!o.asan && o.cc !== "clang-14") return cxx ? cxxCompiler("an instrumented C++ target") : cCompiler("an instrumented native target");
  if (!Bun.which("clang-14")) throw new EngineError("toolchain", `this build needs clang-14: run \`${aptSetupCommand(["clang-14", "libclang-rt-14-dev"])}\``);
  return [cxx ? "clang++-14" : "clang-14"];
}

/** Whether a -std= flag names the other language's standard (it applies to one language only). */
function otherLanguageStd(flag: string, cxx: boolean): boolean {
  const m = /^-std=(c|gnu)(\+\+)?/.exec(flag);
  return m !== null && (m[2] !== undefined) !== cxx;
}

/** How to instrument a build. */
export interface InstrumentOptions {
  /** inline-8bit-counters (default, fastest) or trace-pc-guard. */
  coverage: "inline" | "pc-guard";
  /** Record compare operands (trace-cmp and the memcmp/strcmp wrappers). Default on. */
  cmp: boolean;
  /** Build with AddressSanitizer; the worker then preloads clang's ASan runtime. */
  asan: boolean;
  /** Optimisation level flag, default -O1 (libFuzzer's documented default). */
  opt: string;
  /** The compiler: `zig cc` (default) or clang-14, the compiler libFuzzer comparisons use. */
  cc?: "zig" | "clang-14";
}

export const DEFAULT_INSTRUMENT: InstrumentOptions = { coverage: "inline", cmp: true, asan: false, opt: "-O1" };

/**
 * Functions whose calls are redirected to the shim's __wrap_ versions so their operands reach the
 * compare log, and which the compiler must not expand inline (-fno-builtin-*): the set clang's
 * driver turns builtins off for under -fsanitize=fuzzer (bcmp is what clang makes of a memcmp
 * whose result is only compared with zero). The worker also intercepts them for code built
 * elsewhere (native/intercept.c).
 */
export const WRAPPED = ["bcmp", "memcmp", "strcmp", "strncmp", "strcasecmp", "strncasecmp", "strstr", "strcasestr", "memmem"];

/**
 * The optimisation flags. `zig cc` hands clang's code generator -O2 (and loop/SLP vectorisation)
 * for any of -O1, -O2, -O3, so a "-O1" build had a different control-flow graph from clang's -O1,
 * the level libFuzzer documents and our side-by-side builds use: measured on libpng (60 s, seed 1,
 * features replayed through the clang-14 libFuzzer build) 8267 features guided by zig's "-O1" vs
 * 8914 with a true -O1. The level is therefore passed to the code generator as well (the last -O
 * wins there), with vectorisation off below -O2 as clang's driver does.
 */
function optFlags(o: InstrumentOptions): string[] {
  if (o.asan || o.cc === "clang-14") return [o.opt];
  const low = o.opt === "-O0" || o.opt === "-O1" || o.opt === "-Oz";
  return [o.opt, "-Xclang", o.opt, ...(low ? ["-fno-vectorize", "-fno-slp-vectorize"] : [])];
}

/** The compiler flags for an instrumented shared object (without sources and output). */
export function instrumentFlags(o: InstrumentOptions): string[] {
  // stack-depth as -fsanitize=fuzzer turns it on (on Linux): deeper recursion is a feature. Not
  // under musl: its instrumentation reads the shim's __sancov_lowest_stack as initial-exec TLS,
  // and musl refuses to dlopen a library that does ("initial-exec TLS resolves to dynamic definition").
  const cov = [o.coverage === "inline" ? "inline-8bit-counters,pc-table" : "trace-pc-guard,pc-table"];
  if (hostLibc() !== "musl") cov.push("stack-depth");
  if (o.cmp) cov.push("trace-cmp");
  // -fsanitize=fuzzer-no-link for the compiler proper only (the driver would link a fuzzer runtime,
  // which zig brings its own of): it marks every function `optforfuzzing`, which keeps SimplifyCFG
  // from folding branches into selects, as -fsanitize=fuzzer does for libFuzzer's builds. Without
  // it cJSON had 1032 edges to libFuzzer's 1275 (clang-14's own build: 1059), so features the
  // libFuzzer build counts had no counter here to guide towards. With it, 1257: the rest is zig's
  // clang 22 rewriting switches over powers of two into a ctpop test and a cttz switch (SimplifyCFG,
  // no option turns it off; it does the same under -fsanitize=fuzzer). `-clang` builds clang-14's CFG.
  const flags = ["-shared", "-fPIC", "-g", ...optFlags(o), `-fsanitize-coverage=${cov.join(",")}`, "-Xclang", "-fsanitize=fuzzer-no-link"];
  if (o.cmp) {
    for (const f of WRAPPED) flags.push(`-fno-builtin-${f}`);
    flags.push(`-Wl,${WRAPPED.map((f) => `--wrap=${f}`).join(",")}`);
  }
  if (o.asan) flags.push("-fsanitize=address", "-fno-omit-frame-pointer");
  return flags;
}

/** What a build adds to the instrumentation flags. */
export interface BuildExtras {
  includeDirs?: readonly string[];
  /** `-DNAME[=VALUE]` flags, each with its -D. */
  defines?: readonly string[];
  /** Compiler flags, before the sources (`-std=c++17`, `-fsanitize-coverage=trace-div`, `-Wl,...`). */
  flags?: readonly string[];
  /** Flags after the sources, where the linker resolves libraries (`-lz`, `-L/opt/lib`, `libfoo.a` order). */
  linkFlags?: readonly string[];
  quiet?: boolean;
}

/**
 * Compiles C or C++ sources into an instrumented shared object with `zig cc` or `zig c++` (clang-14
 * or clang++-14 for ASan and -clang), printing the exact command
 * (unless quiet). Callbacks stay undefined: the shim provides them when the worker loads the object.
 * The output is written under a temporary name and renamed, so a reader never sees half a library.
 */
export function compileShared(
  sources: readonly string[],
  out: string,
  o: InstrumentOptions,
  extra: BuildExtras = {},
): string {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const cxx = isCxxBuild(sources);
  const common = (forCxx: boolean) => [
    ...instrumentFlags(o),
    ...(extra.includeDirs ?? []).map((d) => `-I${d}`),
    ...(extra.defines ?? []),
    ...(extra.flags ?? []).filter((f) => !otherLanguageStd(f, forCxx)),
  ];
  // C files beside C++ ones are compiled first by the C driver: the C++ driver would compile them
  // as C++ (where C's implicit void* conversions do not compile), and a -std=c++17 would reject them.
  const objDir = `${out}.${process.pid}.d`;
  const cFirst = cxx ? sources.filter((s) => C_SOURCE.test(s)) : [];
  try {
    const objects = cFirst.map((src, i) => {
      const obj = join(objDir, `${i}-${basename(src)}.o`);
      mkdirSync(objDir, { recursive: true });
      runBuild([...compilerFor(o, false), ...common(false), "-c", src, "-o", obj], { quiet: extra.quiet, what: src });
      return obj;
    });
    const inputs = sources.map((s) => (cFirst.includes(s) ? objects[cFirst.indexOf(s)]! : s));
    runBuild([...compilerFor(o, cxx), ...common(cxx), ...inputs, ...(extra.linkFlags ?? []), "-o", tmp], { quiet: extra.quiet, what: out });
  } finally {
    rmSync(objDir, { recursive: true, force: true });
  }
  renameSync(tmp, out);
  return out;
}

/**
 * compileShared with a content-addressed cache: the output lives under
 * `<cacheDir>/<name>-<hash>.so`, the hash covering every source file, include/define and flag.
 * A second call with the same inputs returns at once.
 */
export function compileCached(
  name: string,
  sources: readonly string[],
  cacheDir: string,
  o: InstrumentOptions,
  extra: BuildExtras = {},
): string {
  const h = new Bun.CryptoHasher("sha1");
  for (const s of sources) h.update(s).update(readFileSync(s));
  // The resolved command line, not just the options: a change in how options become flags rebuilds.
  h.update(JSON.stringify([compilerFor(o, isCxxBuild(sources)), instrumentFlags(o), extra.includeDirs, extra.defines, extra.flags, extra.linkFlags]));
  const out = join(cacheDir, `${name}-${h.digest("hex").slice(0, 12)}.so`);
  if (existsSync(out)) return out;
  return compileShared(sources, out, o, extra);
}
