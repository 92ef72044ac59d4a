/**
 * The runtime folder that `bunfuzz package` puts once in an output directory and every packaged
 * target there shares: Bun itself, bunfuzz's sources, its dependencies and the shim, laid out as an
 * installed package (`node_modules/bunfuzz`, `node_modules/bunfuzz-<platform>` holding the shim, as
 * src/build/shim.ts looks for it), so the launcher runs `bun.bin node_modules/bunfuzz/src/cli/main.ts`
 * with no compiler, no network and no Bun on the machine.
 *
 * Why a shared folder rather than one `bun build --compile` executable per target: Bun is 107 MB
 * and a compiled executable about 109 MB, once per target; a JS target must stay a file on disk for
 * the instrumenter to see it load; the ASan runtime must be a file to be preloaded; the symbolizer
 * reads the target's debug info from its file. OSS-Fuzz runs Jazzer.js the same way (a wrapper
 * script in $OUT and the project's node_modules beside it).
 *
 * Every file the runtime needs at run time has a file name extension other than ClusterFuzz's
 * excluded ones (exe, options, txt, zip, exe.pdb, par): a ClusterFuzz bot unpacks, for the target it
 * fuzzes, the files whose path starts with the target's name and the other files that have such an
 * extension, nothing else (build_manager.py, _get_file_match_callback). Hence `bun.bin`, and no
 * `bin/bunfuzz`.
 */
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { portableShim, shimSourceKey, type PrebuiltShimInfo } from "../build/shim.ts";
import { hostPlatform, platformPackage } from "../build/platforms.ts";
import { EngineError } from "../findings/errors.ts";
import { NATIVE_DIR, PROJECT_ROOT } from "../util/paths.ts";

/** The runtime's folder name inside an output directory. */
export const RUNTIME_DIR = "bunfuzz-runtime";
/** Bun's executable inside the runtime (an extension, so a ClusterFuzz bot unpacks it). */
export const RUNTIME_BUN = "bun.bin";
/** bunfuzz's command line inside the runtime. */
export const RUNTIME_MAIN = "node_modules/bunfuzz/src/cli/main.ts";
/** clang's ASan runtime inside the runtime, present once an ASan target was packaged. */
export const RUNTIME_ASAN = "asan/libclang_rt.asan-x86_64.so";
/** What identifies a runtime folder's contents (written last, compared before reuse). */
const MANIFEST = "bunfuzz-runtime.json";

/** A package to copy into the runtime's node_modules. */
interface Dependency {
  name: string;
  version: string;
  dir: string;
}

/** The folder of package `name` as Node resolution finds it from `from`: the nearest node_modules/<name> upwards. */
function findPackageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * bunfuzz's run-time dependencies, transitively: `dependencies`, plus the `optionalDependencies`
 * that are installed (a native addon's package for this platform, such as oxc-parser's binding).
 * A missing required dependency is an install problem, said as such.
 */
function runtimeDependencies(): Dependency[] {
  const seen = new Map<string, Dependency>();
  const visit = (fromDir: string, optional: boolean, name: string) => {
    if (seen.has(name)) return;
    const dir = findPackageDir(name, fromDir);
    if (!dir) {
      if (optional) return;
      throw new EngineError("toolchain", `bunfuzz's dependency ${name} is not installed (looked upwards from ${fromDir}): reinstall bunfuzz`);
    }
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    seen.set(name, { name, version: pkg.version ?? "", dir });
    for (const d of Object.keys(pkg.dependencies ?? {})) visit(dir, false, d);
    for (const d of Object.keys(pkg.optionalDependencies ?? {})) visit(dir, true, d);
  };
  const own = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const d of Object.keys(own.dependencies ?? {})) visit(PROJECT_ROOT, false, d);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** bunfuzz's own files the runtime needs, relative to PROJECT_ROOT: package.json, src/, native/'s C sources (the shim's identity is their hash). */
function bunfuzzFiles(): string[] {
  const out = ["package.json"];
  const walk = (rel: string) => {
    for (const e of readdirSync(join(PROJECT_ROOT, rel), { withFileTypes: true })) {
      const r = join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.isFile()) out.push(r);
    }
  };
  walk("src");
  for (const f of readdirSync(NATIVE_DIR)) if (/\.[ch]$/.test(f)) out.push(join(relative(PROJECT_ROOT, NATIVE_DIR), f));
  return out.sort();
}

/** The identity of the runtime this bunfuzz would write: a runtime with an equal manifest is reused as it is. */
interface RuntimeManifest {
  bun: string;
  bunfuzz: string;
  dependencies: string[];
  shim: string;
}

function wantedManifest(files: string[], deps: Dependency[], shimKey: string, platform: string): RuntimeManifest {
  const h = new Bun.CryptoHasher("sha1");
  for (const f of files) h.update(f).update(readFileSync(join(PROJECT_ROOT, f)));
  return {
    bun: `${Bun.version}+${Bun.revision}`,
    bunfuzz: h.digest("hex"),
    dependencies: deps.map((d) => `${d.name}@${d.version}`),
    shim: `${platform}-${shimKey}`,
  };
}

function readManifest(dir: string): RuntimeManifest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as RuntimeManifest;
  } catch {
    return undefined;
  }
}

/** Writes a whole runtime into `dir` (a fresh temporary folder). */
function writeRuntime(dir: string, files: string[], deps: Dependency[], shim: { path: string; key: string; platform: NonNullable<ReturnType<typeof hostPlatform>> }, manifest: RuntimeManifest): void {
  const bun = join(dir, RUNTIME_BUN);
  copyFileSync(process.execPath, bun);
  chmodSync(bun, 0o755);
  const own = join(dir, "node_modules", "bunfuzz");
  for (const f of files) {
    mkdirSync(dirname(join(own, f)), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, f), join(own, f));
  }
  for (const d of deps) cpSync(d.dir, join(dir, "node_modules", d.name), { recursive: true, dereference: true });
  // The shim as a platform package, so shim.ts's prebuilt lookup finds it and checks its sources key.
  const p = shim.platform;
  const pkgDir = join(dir, "node_modules", platformPackage(p));
  mkdirSync(pkgDir, { recursive: true });
  copyFileSync(shim.path, join(pkgDir, p.file));
  const info: PrebuiltShimInfo = { file: p.file, sources: shim.key };
  writeFileSync(join(pkgDir, "package.json"), `${JSON.stringify({ name: platformPackage(p), version: "0.0.0-runtime", bunfuzz: info }, null, 2)}\n`);
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Makes sure `outDir/bunfuzz-runtime` holds this bunfuzz's runtime (and clang's ASan runtime when
 * `asanRuntime` is given): reused when its manifest matches, otherwise written into a temporary
 * folder and renamed into place, so a target never sees half a runtime. Returns its path. A folder
 * of that name that bunfuzz did not write is never touched.
 */
export function ensureRuntime(outDir: string, opts: { asanRuntime?: string } = {}): string {
  const dir = join(outDir, RUNTIME_DIR);
  const platform = hostPlatform();
  if (!platform) throw new EngineError("toolchain", `bunfuzz has no shim for ${process.platform}-${process.arch}: package targets on a supported platform (linux or macOS, x64 or arm64)`);
  const files = bunfuzzFiles();
  const deps = runtimeDependencies();
  const key = shimSourceKey();
  const want = wantedManifest(files, deps, key, platform.name);
  const have = existsSync(dir) ? readManifest(dir) : undefined;
  if (existsSync(dir) && !have) {
    throw new EngineError("io", `${dir} exists and was not written by bunfuzz package: move it away or choose another output directory`);
  }
  if (JSON.stringify(have) !== JSON.stringify(want)) {
    const tmp = join(outDir, `.${RUNTIME_DIR}-${process.pid}.tmp`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    try {
      writeRuntime(tmp, files, deps, { path: portableShim(platform), key, platform }, want);
      replaceDir(tmp, dir);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (opts.asanRuntime) addAsanRuntime(dir, opts.asanRuntime);
  return dir;
}

/**
 * Moves `fresh` to `dir`, replacing an older runtime there (one with a manifest: bunfuzz wrote it).
 * Another `bunfuzz package` may have put an identical runtime in place meanwhile: then that one stays.
 */
function replaceDir(fresh: string, dir: string): void {
  if (existsSync(dir)) {
    const old = `${dir}.${process.pid}.old`;
    renameSync(dir, old);
    rmSync(old, { recursive: true, force: true });
  }
  try {
    renameSync(fresh, dir);
  } catch (e) {
    if (!existsSync(join(dir, MANIFEST))) throw e;
  }
}

/** Copies clang's ASan runtime into the runtime folder (atomically), unless an identical copy is there. */
function addAsanRuntime(dir: string, src: string): void {
  const dest = join(dir, RUNTIME_ASAN);
  if (existsSync(dest) && statSync(dest).size === statSync(src).size && Bun.hash(readFileSync(dest)) === Bun.hash(readFileSync(src))) return;
  mkdirSync(dirname(dest), { recursive: true });
  const tmp = join(dirname(dest), `.${basename(dest)}.${process.pid}.tmp`);
  copyFileSync(src, tmp);
  renameSync(tmp, dest);
}
