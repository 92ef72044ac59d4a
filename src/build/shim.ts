import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { CACHE_DIR, NATIVE_DIR, PROJECT_ROOT } from "../util/paths.ts";
import { hostPlatform, platformPackage, shimLinkFlags, type Platform } from "./platforms.ts";
import { writeStderr } from "../util/stderr.ts";
import { cCompiler, findZig, runBuild, zigCommand } from "./toolchain.ts";

/**
 * What a platform package's package.json says about its shim (the `bunfuzz` field, written by
 * scripts/package.ts): the library's file name and the native/ sources it was built from.
 */
export interface PrebuiltShimInfo {
  /** The library, relative to the package folder. */
  file: string;
  /** shimSourceKey() of the native/ folder it was built from. */
  sources: string;
}

/**
 * A hash of every .c and .h file in `dir` (names and contents): the identity of a shim build. A
 * prebuilt shim is used only when its key equals the installed sources' key, so an ABI change in
 * native/ can never run against a stale prebuilt library.
 */
export function shimSourceKey(dir = NATIVE_DIR): string {
  const h = new Bun.CryptoHasher("sha1");
  for (const f of shimSourceFiles(dir)) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest("hex").slice(0, 12);
}

/** The shim's sources (file names in native/), sorted. */
export function shimSourceFiles(dir = NATIVE_DIR): string[] {
  return readdirSync(dir).filter((f) => /\.[ch]$/.test(f)).sort();
}

/** The arguments after the compiler for a shim build of `sources` (paths of the .c files) into `out`. */
export function shimBuildArgs(p: { os: string }, sources: string[], out: string): string[] {
  return ["-shared", "-fPIC", "-O2", "-g", "-Wall", ...shimLinkFlags(p), ...sources, "-o", out, "-lpthread"];
}

/**
 * The platform package's shim for this machine when it is installed and was built from these
 * sources; otherwise undefined, with `why` saying what was found (for the error when no compiler is
 * there to build one).
 */
function prebuiltShim(key: string, p: Platform | undefined): { path?: string; why: string } {
  if (!p) return { why: `no prebuilt shim exists for ${process.platform}-${process.arch}` };
  const pkg = platformPackage(p);
  let manifest: string;
  try {
    manifest = Bun.resolveSync(`${pkg}/package.json`, PROJECT_ROOT);
  } catch {
    return { why: `the package ${pkg} (bunfuzz's prebuilt shim for this platform) is not installed` };
  }
  const json = JSON.parse(readFileSync(manifest, "utf8")) as { version?: string; bunfuzz?: PrebuiltShimInfo };
  const info = json.bunfuzz;
  const path = info && join(dirname(manifest), info.file);
  if (!info || !path || !existsSync(path)) return { why: `${manifest} names no shim library` };
  if (info.sources !== key) {
    return { why: `${pkg} ${json.version} was built from other native/ sources than this bunfuzz's (install the same version of both)` };
  }
  return { path, why: "" };
}

/**
 * The shim for this process: the prebuilt one from the platform package when it matches native/,
 * else built from native/*.c once per source content (cCompiler(): zig cc, or $CC) under
 * CACHE_DIR/native/shim-<key>/, renamed into place so that parallel test processes and stale builds
 * never see a half-written library.
 */
export function shimLibrary(opts: { quiet?: boolean } = {}): string {
  const key = shimSourceKey();
  const host = hostPlatform();
  const pre = prebuiltShim(key, host);
  if (pre.path) return pre.path;
  const out = join(CACHE_DIR, "native", `shim-${key}`, host?.file ?? "libbunfuzz_shim.so");
  if (existsSync(out)) return out;
  const cc = cCompiler(`the bunfuzz shim (${pre.why}, so it is built from native/)`);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const sources = shimSourceFiles().filter((f) => f.endsWith(".c")).map((f) => join(NATIVE_DIR, f));
  runBuild([...cc, ...shimBuildArgs({ os: process.platform }, sources, tmp)], {
    quiet: opts.quiet ?? true,
    what: "the bunfuzz shim (native/*.c)",
  });
  renameSync(tmp, out);
  return out;
}

/** `zig version`, part of the cache key of a cross-compiled shim. */
export function zigVersion(): string {
  return Bun.spawnSync([...zigCommand(), "version"], { stdout: "pipe" }).stdout.toString().trim();
}

/**
 * The shim for one platform, cross-compiled from native/ with `zig cc -target` (for glibc rows,
 * against glibc 2.17, so it loads on older systems than this one), cached under
 * CACHE_DIR/prebuilt by platform, source hash and Zig version. scripts/package.ts puts these in
 * the platform packages; `bunfuzz package` in a runtime meant for other machines.
 */
export function buildShim(p: Platform, key = shimSourceKey(), zigVer = zigVersion()): string {
  const out = join(CACHE_DIR, "prebuilt", `${p.name}-${key}-zig${zigVer}`, p.file);
  if (existsSync(out)) return out;
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const sources = shimSourceFiles().filter((f) => f.endsWith(".c")).map((f) => join(NATIVE_DIR, f));
  runBuild([...zigCommand(), "cc", "-target", p.zigTarget, ...shimBuildArgs(p, sources, tmp)], { quiet: true, what: `the shim for ${p.name}` });
  renameSync(tmp, out);
  return out;
}

/**
 * The shim to ship to other machines of this platform (`bunfuzz package`): the platform package's
 * prebuilt one when it matches native/, else one cross-compiled with Zig for the platform's row;
 * only without Zig the one shimLibrary() builds with $CC, which needs this machine's C library
 * version or newer wherever it runs (said on stderr).
 */
export function portableShim(p: Platform): string {
  const key = shimSourceKey();
  const pre = prebuiltShim(key, p);
  if (pre.path) return pre.path;
  if (findZig()) return buildShim(p, key);
  writeStderr(`bunfuzz: warning: no prebuilt shim (${pre.why}) and no Zig to cross-compile one: the shim built here with $CC needs this machine's C library version or newer where the package runs\n`);
  return shimLibrary();
}
