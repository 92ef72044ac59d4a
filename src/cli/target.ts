import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { checkElf } from "./elf.ts";
import { targetFolderBuilder } from "./targetFolder.ts";

/** A target ready to run: an instrumented shared object plus what its folder provides. */
export interface ResolvedTarget {
  /** Absolute path of the instrumented shared object. */
  so: string;
  name: string;
  /** Seed directories that are read but never written (a target folder's seeds/). */
  seedDirs: string[];
  /** The default dictionary (a target folder's), used when -dict is not given. */
  dict?: string;
  /** A ClusterFuzz-style .options file, if one exists. */
  optionsFile?: string;
  /** Default output corpus when the command line names none (target folders only). */
  defaultCorpus?: string;
  /** Whether the object was built with ASan (its worker needs the runtime preloaded). */
  asan: boolean;
  /** The argument a user passes to reproduce (the folder or the .so). */
  arg: string;
  /** A JS/TS module exporting fuzz(data), instrumented when it loads (so: no .so). */
  js?: boolean;
}

const JS_EXT = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * Cheap look at the object's bytes, before spawning anything: an ELF shared object that mentions
 * no __sanitizer_cov_ callback cannot be instrumented, one for another machine or truncated
 * cannot load (elf.ts), and one that imports __asan_init needs the ASan runtime. (The worker checks instrumentation for real after loading.)
 */
function inspectObject(path: string): { asan: boolean } {
  const bytes = readFileSync(path);
  if (bytes.length < 4 || bytes.readUInt32BE(0) !== 0x7f454c46) {
    throw new EngineError("target", `${path} is not an ELF shared object: build one with \`bunfuzz build harness.c lib.c -o target.so\``);
  }
  checkElf(path, bytes);
  if (bytes.indexOf("__sanitizer_cov_") < 0) {
    throw new EngineError("target", `${path} is not instrumented for coverage: rebuild it with \`bunfuzz build\` (or -fsanitize-coverage=inline-8bit-counters,pc-table,trace-cmp)`);
  }
  return { asan: bytes.indexOf("__asan_init") >= 0 };
}

/**
 * Resolves a target argument: a .so file, a target folder (built on demand), or a JS/TS module
 * (named with or without `.js`, as Jazzer.js names it).
 */
export async function resolveTarget(arg: string, opts: { quiet?: boolean; asan?: boolean } = {}): Promise<ResolvedTarget> {
  // A Jazzer.js target is named as a module, without its extension (`jazzer fuzz` runs fuzz.js).
  const path = resolve(!existsSync(resolve(arg)) && existsSync(resolve(`${arg}.js`)) ? `${arg}.js` : arg);
  if (!existsSync(path)) {
    throw new EngineError("target", `target ${arg} does not exist: give an instrumented .so or a target folder (e.g. targets/c/cjson)`);
  }
  if (statSync(path).isDirectory()) {
    if (!existsSync(resolve(path, "target.json"))) {
      throw new EngineError("target", `${arg} is a folder without target.json: give an instrumented .so or a target folder`);
    }
    const { buildTargetDir } = await targetFolderBuilder(arg);
    const built = buildTargetDir(path, { quiet: opts.quiet, asan: opts.asan ?? false });
    return { ...built, asan: opts.asan ?? false, arg };
  }
  if (JS_EXT.test(path)) {
    return { so: path, name: basename(path).replace(JS_EXT, ""), seedDirs: [], asan: false, arg, js: true };
  }
  const { asan } = inspectObject(path);
  const optionsFile = path.replace(/\.so$/, "") + ".options";
  return {
    so: path,
    name: basename(path).replace(/\.so$/, ""),
    seedDirs: [],
    optionsFile: existsSync(optionsFile) ? optionsFile : undefined,
    asan,
    arg,
  };
}
