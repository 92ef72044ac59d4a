import { homedir } from "node:os";
import { join, resolve, sep } from "node:path";

/** The bunfuzz checkout or installed package (the folder holding package.json). */
export const PROJECT_ROOT = resolve(import.meta.dir, "../..");

/**
 * True when bunfuzz runs from an installed package (a folder inside node_modules, global installs
 * included), false in a checkout of its repository.
 */
export const INSTALLED = PROJECT_ROOT.split(sep).includes("node_modules");

/**
 * The user's cache folder for bunfuzz: $XDG_CACHE_HOME/bunfuzz, else ~/Library/Caches/bunfuzz on
 * macOS and ~/.cache/bunfuzz elsewhere.
 */
export function userCacheDir(): string {
  if (process.env.XDG_CACHE_HOME) return join(process.env.XDG_CACHE_HOME, "bunfuzz");
  return process.platform === "darwin" ? join(homedir(), "Library", "Caches", "bunfuzz") : join(homedir(), ".cache", "bunfuzz");
}

/**
 * Build outputs, instrumented files and downloaded sources; never committed. $BUNFUZZ_CACHE
 * overrides it. A checkout keeps them in its own .cache; an installed package never writes into
 * its folder (a global install may be read-only, and a reinstall would drop them), so it uses the
 * user's cache folder, where builds are keyed by content and shared between projects.
 */
export const CACHE_DIR = process.env.BUNFUZZ_CACHE ?? (INSTALLED ? userCacheDir() : join(PROJECT_ROOT, ".cache"));

export const NATIVE_DIR = join(PROJECT_ROOT, "native");
