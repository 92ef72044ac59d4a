import { join, resolve } from "node:path";

/** The bunfuzz checkout or installed package (the folder holding package.json). */
export const PROJECT_ROOT = resolve(import.meta.dir, "../..");

/** Build outputs and downloaded sources; never committed. BUNFUZZ_CACHE overrides it. */
export const CACHE_DIR = process.env.BUNFUZZ_CACHE ?? join(PROJECT_ROOT, ".cache");

export const NATIVE_DIR = join(PROJECT_ROOT, "native");
