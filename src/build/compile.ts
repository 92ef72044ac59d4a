import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { runBuild, zigCC } from "./toolchain.ts";

/**
 * The C compiler for a build. ASan builds use clang-14, whose runtime the worker preloads: objects
 * from `zig cc -fsanitize=address` (Zig 0.17) loaded fine under clang-14's runtime but did not
 * report a plain heap-buffer-overflow (measured), so mixing the two would hide bugs.
 */
function compilerFor(o: InstrumentOptions): string[] {
  if (!o.asan && o.cc !== "clang-14") return zigCC();
  if (!Bun.which("clang-14")) throw new EngineError("toolchain", "this build needs clang-14: run `npm run setup` (installs clang-14 and libclang-rt-14-dev)");
  return ["clang-14"];
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

/** Functions whose calls are redirected to the shim's __wrap_ versions so their operands reach the compare log. */
export const WRAPPED = ["memcmp", "strcmp", "strncmp", "strcasecmp", "strncasecmp", "strstr", "memmem"];

/** The compiler flags for an instrumented shared object (without sources and output). */
export function instrumentFlags(o: InstrumentOptions): string[] {
  const cov = [o.coverage === "inline" ? "inline-8bit-counters,pc-table" : "trace-pc-guard,pc-table"];
  if (o.cmp) cov.push("trace-cmp");
  const flags = ["-shared", "-fPIC", "-g", o.opt, `-fsanitize-coverage=${cov.join(",")}`];
  if (o.cmp) {
    for (const f of WRAPPED) flags.push(`-fno-builtin-${f}`);
    flags.push(`-Wl,${WRAPPED.map((f) => `--wrap=${f}`).join(",")}`);
  }
  if (o.asan) flags.push("-fsanitize=address", "-fno-omit-frame-pointer");
  return flags;
}

/**
 * Compiles C sources into an instrumented shared object with `zig cc` (clang-14 for ASan), printing the exact command
 * (unless quiet). Callbacks stay undefined: the shim provides them when the worker loads the object.
 * The output is written under a temporary name and renamed, so a reader never sees half a library.
 */
export function compileShared(
  sources: readonly string[],
  out: string,
  o: InstrumentOptions,
  extra: { includeDirs?: readonly string[]; defines?: readonly string[]; flags?: readonly string[]; quiet?: boolean } = {},
): string {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const argv = [
    ...compilerFor(o),
    ...instrumentFlags(o),
    ...(extra.includeDirs ?? []).map((d) => `-I${d}`),
    ...(extra.defines ?? []),
    ...(extra.flags ?? []),
    ...sources,
    "-o",
    tmp,
  ];
  runBuild(argv, { quiet: extra.quiet, what: out });
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
  extra: { includeDirs?: readonly string[]; defines?: readonly string[]; flags?: readonly string[]; quiet?: boolean } = {},
): string {
  const h = new Bun.CryptoHasher("sha1");
  for (const s of sources) h.update(s).update(readFileSync(s));
  h.update(JSON.stringify([o, extra.includeDirs, extra.defines, extra.flags]));
  const out = join(cacheDir, `${name}-${h.digest("hex").slice(0, 12)}.so`);
  if (existsSync(out)) return out;
  return compileShared(sources, out, o, extra);
}
