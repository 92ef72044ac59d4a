import { resolve } from "node:path";
import { compileShared, DEFAULT_INSTRUMENT, type BuildExtras, type InstrumentOptions } from "../build/compile.ts";
import { EngineError } from "../findings/errors.ts";
import { writeStderr } from "../util/stderr.ts";
import { targetFolderBuilder } from "./targetFolder.ts";

/** Build-only flags (not libFuzzer's and not the compiler's), parsed here because they never reach a worker. */
const BOOL_FLAGS: Record<string, (o: InstrumentOptions) => void> = {
  asan: (o) => { o.asan = true; },
  pc_guard: (o) => { o.coverage = "pc-guard"; },
  no_cmp: (o) => { o.cmp = false; },
  clang: (o) => { o.cc = "clang-14"; },
};

/** Compiler flags whose value may be the next argument (`-I dir`, `-L dir`, `-include x.h`). */
const TAKES_VALUE = new Set(["-I", "-D", "-U", "-L", "-l", "-include", "-imacros", "-isystem", "-iquote", "-idirafter", "-Xclang", "-Xlinker", "-x", "-MF", "-MT", "-MQ"]);
/** Flags the linker must see after the sources, where it resolves the libraries they name. */
const LINK_FLAG = /^-(l|L|Wl,|Xlinker$|pthread$|static-lib)/;

const USAGE = `Usage: bunfuzz build SOURCES... -o TARGET.so [flags]   (C and C++ harnesses and libraries)
       bunfuzz build TARGET_FOLDER
  -asan       AddressSanitizer (clang-14, its runtime preloaded into the worker; -fsanitize=address too)
  -clang      clang-14 / clang++-14 instead of zig cc / zig c++
  -pc_guard   trace-pc-guard instead of inline 8-bit counters
  -no_cmp     no compare operands (trace-cmp and the string compare wrappers)
  -O<n>       optimisation level (default -O1)
  Any other flag goes to the compiler (-I, -D, -std=..., -fsanitize-coverage=trace-div,trace-gep, ...),
  and -l, -L, -Wl, and .o/.a/.so inputs to the linker, after the sources.
`;

/** The parsed command line of `bunfuzz build`. */
export interface BuildArgs {
  o: InstrumentOptions;
  sources: string[];
  extras: { includeDirs: string[]; defines: string[]; flags: string[]; linkFlags: string[] } & BuildExtras;
  out: string;
  help: boolean;
}

/**
 * Reads `bunfuzz build`'s arguments: its own flags, and every other flag passed through to the
 * compiler (or to the linker, after the sources, for libraries), as a libFuzzer user's build
 * line carries them.
 */
export function parseBuildArgs(argv: readonly string[]): BuildArgs {
  const o: InstrumentOptions = { ...DEFAULT_INSTRUMENT };
  const a: BuildArgs = { o, sources: [], extras: { includeDirs: [], defines: [], flags: [], linkFlags: [] }, out: "", help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = arg.replace(/^--?/, "");
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new EngineError("usage", `bunfuzz build: ${arg} needs a value`);
      return v;
    };
    if (arg === "-o") a.out = next();
    else if (flag === "help" || flag === "h") a.help = true;
    else if (arg.startsWith("-") && BOOL_FLAGS[flag]) BOOL_FLAGS[flag](o);
    else if (/^-O[0-3sz]$/.test(arg)) o.opt = arg;
    else if (arg === "-fsanitize=address") o.asan = true; // the same build as -asan (clang-14 + its runtime)
    else if (arg.startsWith("-I")) a.extras.includeDirs.push(arg.length > 2 ? arg.slice(2) : next());
    else if (arg.startsWith("-D")) a.extras.defines.push(arg.length > 2 ? arg : `-D${next()}`);
    else if (arg.startsWith("-")) {
      const parts = TAKES_VALUE.has(arg) ? [arg, next()] : [arg];
      (LINK_FLAG.test(arg) ? a.extras.linkFlags : a.extras.flags).push(...parts);
    } else a.sources.push(arg);
  }
  return a;
}

/**
 * `bunfuzz build`: a target folder (sources fetched and built, cached), or C/C++ sources compiled
 * into one instrumented shared object. Prints the exact compiler command.
 */
export async function buildCommand(argv: string[]): Promise<number> {
  const a = parseBuildArgs(argv);
  if (a.help) {
    writeStderr(USAGE);
    return 0;
  }
  const { o, sources } = a;
  if (sources.length === 0) throw new EngineError("usage", "bunfuzz build needs a target folder or C/C++ source files (bunfuzz build -help)");
  if (sources.length === 1 && !/\.(c|cc|cp|cpp|cxx|c\+\+|C|CPP|o|a|so)$/.test(sources[0]!)) {
    const { buildTargetDir } = await targetFolderBuilder(sources[0]!);
    const t = buildTargetDir(resolve(sources[0]!), { quiet: false, asan: o.asan, instrument: o });
    process.stdout.write(`${t.so}\n`);
    return 0;
  }
  if (!a.out) throw new EngineError("usage", "bunfuzz build with sources needs -o <output.so>");
  compileShared(sources, resolve(a.out), o, a.extras);
  process.stdout.write(`${resolve(a.out)}\n`);
  return 0;
}
