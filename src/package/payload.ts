/**
 * A packaged target's own files: OUT_DIR/NAME.bunfuzz/, holding the instrumented shared object
 * (NAME.so) or the JS/TS target bundled into one module (NAME.js) with whatever files the bundler
 * emits beside it. Its path starts with the target's name, so a ClusterFuzz bot unpacking only that
 * target's files keeps it (runtime.ts explains the rule).
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { RUNTIME_DIR } from "./runtime.ts";

/** The marker file in every payload folder: `bunfuzz package` replaces only folders that hold it. */
const PAYLOAD_MARK = "bunfuzz-target.json";

/** What a payload folder holds, recorded in its marker file. */
export interface PayloadInfo {
  /** "native": an instrumented shared object; "js": a bundled JS/TS module. */
  kind: "native" | "js";
  /** The file the launcher hands to `bunfuzz fuzz`, relative to the output directory. */
  entry: string;
  /** Whether the shared object needs clang's ASan runtime preloaded. */
  asan: boolean;
  /** Where the target came from (the path given to `bunfuzz package`). */
  source: string;
}

/** The payload folder's name for target `name`. */
export function payloadDirName(name: string): string {
  return `${name}.bunfuzz`;
}

/**
 * Specifiers the bundle leaves as imports, resolved when the target loads: bunfuzz itself (the
 * runtime's copy, so a harness importing bunfuzz shares the worker's shim and instrumentation
 * rather than carrying a second bunfuzz), and Jazzer.js's packages, which bunfuzz's own loader
 * resolves to its implementation of their API at run time.
 */
const BUNFUZZ_SPECIFIER = /^bunfuzz(\/.*)?$/;
const JAZZER_SPECIFIER = /^@jazzer\.js\//;

/**
 * Bundles a JS/TS target into `dir`/NAME.js with Bun's bundler (ESM for Bun; CommonJS targets keep
 * their `module.exports.fuzz` as the default export's). Dependencies are inlined: the packaged
 * target needs no node_modules, and the whole bundle is the target's folder, so all of it is
 * instrumented (libraries included, as `-instrument=<package>` would do for an unpacked target).
 */
async function bundleJs(entry: string, dir: string, name: string): Promise<void> {
  const runtimeIndex = `../${RUNTIME_DIR}/node_modules/bunfuzz/src/index.ts`;
  const result = await Bun.build({
    entrypoints: [entry],
    outdir: dir,
    target: "bun",
    format: "esm",
    naming: { entry: `${name}.js`, chunk: `${name}-[hash].js`, asset: "[name]-[hash].[ext]" },
    plugins: [{
      name: "bunfuzz-package-externals",
      setup(build) {
        build.onResolve({ filter: BUNFUZZ_SPECIFIER }, (a) => ({ path: a.path === "bunfuzz" ? runtimeIndex : a.path, external: true }));
        build.onResolve({ filter: JAZZER_SPECIFIER }, (a) => ({ path: a.path, external: true }));
      },
    }],
  }).catch((e: unknown) => ({ success: false as const, logs: [e], outputs: [] }));
  if (!result.success) {
    const why = result.logs.map((l) => (l instanceof Error ? l.message : String(l))).join("; ");
    throw new EngineError("target", `cannot bundle ${entry} (Bun's bundler: ${why || "no reason given"}): fix the import it names`);
  }
}

/**
 * Writes target `name`'s payload folder in `outDir` (into a temporary folder first, then renamed, so
 * a launcher never points at half a payload) and returns what it holds. `so`: an instrumented shared
 * object to copy; `js`: a JS/TS module to bundle.
 */
export async function writePayload(outDir: string, name: string, target: { so?: string; js?: string; asan: boolean; source: string }): Promise<PayloadInfo> {
  const dir = join(outDir, payloadDirName(name));
  if (existsSync(dir) && !existsSync(join(dir, PAYLOAD_MARK))) {
    throw new EngineError("io", `${dir} exists and was not written by bunfuzz package: move it away or choose another -name`);
  }
  const tmp = join(outDir, `.${payloadDirName(name)}-${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    let file: string;
    if (target.so) {
      file = `${name}.so`;
      copyFileSync(target.so, join(tmp, file));
    } else if (target.js) {
      file = `${name}.js`;
      await bundleJs(target.js, tmp, name);
    } else {
      throw new EngineError("internal", "writePayload needs a shared object or a JS module");
    }
    const info: PayloadInfo = { kind: target.so ? "native" : "js", entry: join(payloadDirName(name), file), asan: target.asan, source: target.source };
    writeFileSync(join(tmp, PAYLOAD_MARK), `${JSON.stringify(info, null, 2)}\n`);
    if (existsSync(dir)) {
      const old = `${dir}.${process.pid}.old`;
      renameSync(dir, old);
      rmSync(old, { recursive: true, force: true });
    }
    renameSync(tmp, dir);
    return info;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

