import { resolve } from "node:path";
import { compileShared, DEFAULT_INSTRUMENT, type InstrumentOptions } from "../build/compile.ts";
import { EngineError } from "../findings/errors.ts";
import { targetFolderBuilder } from "./targetFolder.ts";

/** Build-only flags (not libFuzzer's), parsed here because they never reach a worker. */
const BOOL_FLAGS: Record<string, (o: InstrumentOptions) => void> = {
  asan: (o) => { o.asan = true; },
  pc_guard: (o) => { o.coverage = "pc-guard"; },
  no_cmp: (o) => { o.cmp = false; },
  clang: (o) => { o.cc = "clang-14"; },
};

/**
 * `bunfuzz build`: a target folder (sources fetched and built, cached), or C sources compiled into
 * one instrumented shared object. Prints the exact compiler command.
 */
export async function buildCommand(argv: string[]): Promise<number> {
  const o: InstrumentOptions = { ...DEFAULT_INSTRUMENT };
  const sources: string[] = [], includes: string[] = [], defines: string[] = [];
  let out = "";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const flag = a.replace(/^--?/, "");
    if (a === "-o") out = argv[++i] ?? "";
    else if (a.startsWith("-I")) includes.push(a.length > 2 ? a.slice(2) : argv[++i] ?? "");
    else if (a.startsWith("-D")) defines.push(a.length > 2 ? a : `-D${argv[++i] ?? ""}`);
    else if (/^-O[0-3sz]$/.test(a)) o.opt = a;
    else if (a.startsWith("-") && BOOL_FLAGS[flag]) BOOL_FLAGS[flag](o);
    else if (a.startsWith("-")) throw new EngineError("usage", `unknown build flag ${a}: bunfuzz build takes -o, -I, -D, -O<n>, -asan, -pc_guard, -no_cmp, -clang`);
    else sources.push(a);
  }
  if (sources.length === 0) throw new EngineError("usage", "bunfuzz build needs a target folder or C source files");
  if (sources.length === 1 && !/\.(c|cc|cpp)$/.test(sources[0]!)) {
    const { buildTargetDir } = await targetFolderBuilder(sources[0]!);
    const t = buildTargetDir(resolve(sources[0]!), { quiet: false, asan: o.asan, instrument: o });
    process.stdout.write(`${t.so}\n`);
    return 0;
  }
  if (!out) throw new EngineError("usage", "bunfuzz build with sources needs -o <output.so>");
  compileShared(sources, resolve(out), o, { includeDirs: includes, defines });
  process.stdout.write(`${resolve(out)}\n`);
  return 0;
}
