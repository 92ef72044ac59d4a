import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { CACHE_DIR } from "../../src/util/paths.ts";
import { compileCached, DEFAULT_INSTRUMENT, type InstrumentOptions } from "../../src/build/compile.ts";
import { prepareTargetSources, readTargetSpec, type PreparedSources, type TargetSpec } from "./sources.ts";
import { EngineError } from "../../src/findings/errors.ts";
import { runBuild } from "../../src/build/toolchain.ts";

/** A target folder, built: its instrumented object and what the folder provides. */
export interface BuiltTarget {
  so: string;
  name: string;
  seedDirs: string[];
  dict?: string;
  optionsFile?: string;
  /** Where new corpus inputs go when the command line names no corpus directory. */
  defaultCorpus: string;
}

function defineFlags(defines: readonly string[]): string[] {
  return defines.map((d) => (d.startsWith("-D") ? d : `-D${d}`));
}

/** Fetches (cached) and prepares a target folder's sources. */
export function targetSources(dir: string, quiet = true): { spec: TargetSpec; src: PreparedSources } {
  const spec = readTargetSpec(dir);
  return { spec, src: prepareTargetSources(spec, { quiet }) };
}

/**
 * Builds a target folder (targets/c/<lib>): fetches its library sources (cached), compiles harness
 * and library into one instrumented shared object (cached by content), and returns it with the
 * folder's seeds, dictionary and .options file.
 */
export function buildTargetDir(
  dir: string, opts: { quiet?: boolean; asan?: boolean; instrument?: InstrumentOptions; defines?: readonly string[] } = {},
): BuiltTarget {
  const { spec, src } = targetSources(dir, opts.quiet ?? true);
  const o: InstrumentOptions = { ...(opts.instrument ?? DEFAULT_INSTRUMENT), asan: opts.asan ?? opts.instrument?.asan ?? false };
  const so = compileCached(spec.name, [spec.harness, ...src.files], join(CACHE_DIR, "targets", spec.name), o, {
    includeDirs: src.includeDirs,
    defines: defineFlags([...src.defines, ...(opts.defines ?? [])]),
    quiet: opts.quiet,
  });
  const optionsFile = join(spec.dir, `${spec.name}.options`);
  return {
    so,
    name: spec.name,
    seedDirs: spec.seeds ? [spec.seeds] : [],
    dict: spec.dict,
    optionsFile: existsSync(optionsFile) ? optionsFile : undefined,
    defaultCorpus: join(CACHE_DIR, "corpus", spec.name),
  };
}

/**
 * The same harness and library built as a libFuzzer binary with clang-14 (`-fsanitize=fuzzer`),
 * for side-by-side benchmarks. Cached by content like the bunfuzz build. `defines` are added to
 * the folder's own (a benchmark's build variant); `asan` adds AddressSanitizer
 * (`-fsanitize=fuzzer,address`), for time-to-bug measurements against bunfuzz's `-asan` build.
 */
export function buildLibFuzzerBinary(dir: string, opt = DEFAULT_INSTRUMENT.opt, defines: readonly string[] = [], asan = false): string {
  const { spec, src } = targetSources(dir);
  if (!Bun.which("clang-14")) throw new EngineError("toolchain", "clang-14 is not installed: run `npm run setup` (installs clang-14 and libclang-rt-14-dev)");
  const h = new Bun.CryptoHasher("sha1").update(JSON.stringify(asan ? [spec, src, opt, defines, "asan"] : defines.length ? [spec, src, opt, defines] : [spec, src, opt]));
  for (const f of [spec.harness, ...src.files]) h.update(readFileSync(f));
  const out = join(CACHE_DIR, "targets", spec.name, `libfuzzer-${h.digest("hex").slice(0, 12)}`);
  if (existsSync(out)) return out;
  mkdirSync(dirname(out), { recursive: true });
  runBuild(
    ["clang-14", "-g", opt, asan ? "-fsanitize=fuzzer,address" : "-fsanitize=fuzzer", ...src.includeDirs.map((d) => `-I${d}`), ...defineFlags([...src.defines, ...defines]), spec.harness, ...src.files, "-o", `${out}.${process.pid}.tmp`],
    { quiet: true, what: `${spec.name} (libFuzzer build)` },
  );
  renameSync(`${out}.${process.pid}.tmp`, out); // per-process temporary: parallel builds must not collide
  return out;
}
