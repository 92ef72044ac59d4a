import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { remapStack } from "../instrument/stack.ts";
import { CACHE_DIR } from "../util/paths.ts";

/** Where a test declared a fuzz test: the test file, and the 1-based line and column of the call. */
export interface CallSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The test file that called fuzz() (or it.fuzz), and where: the first stack frame outside
 * bunfuzz's own sources (columns mapped back when the test file is instrumented). Test files are
 * where seeds and crashers live (testdata/fuzz/<name>/ beside them, as Go keeps testdata/fuzz).
 */
export function callerSite(): CallSite {
  const own = resolve(import.meta.dir, "..");
  const stack = remapStack(new Error().stack ?? "");
  for (const m of stack.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?/g)) {
    const file = m[1]!;
    if (!file.startsWith(own)) return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  throw new Error("bunfuzz: fuzz() could not tell which file called it");
}

/** The test file that called fuzz(). */
export function callerFile(): string {
  return callerSite().file;
}

/** The directory holding a fuzz test's seeds and crashers (committed; replayed by plain bun test). */
export function corpusDirFor(testFile: string, name: string, override?: string): string {
  if (override) return resolve(dirname(testFile), override);
  return join(dirname(testFile), "testdata", "fuzz", safeName(name));
}

/** A test name as a folder name. */
export function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, "_");
}

/**
 * Where a fuzz test's generated corpus goes: a cache folder, as Go keeps it in $GOCACHE/fuzz, so
 * the test's folder holds only what is worth committing (seeds and crashers). Keyed by the project
 * (its path's hash and name), the test file's path in it, and the test's name.
 */
export function generatedCorpusDir(testFile: string, name: string): string {
  const root = projectRoot(testFile);
  const key = `${basename(root)}-${createHash("sha1").update(root).digest("hex").slice(0, 12)}`;
  return join(CACHE_DIR, "fuzz", key, relative(root, testFile), safeName(name));
}

/** The nearest folder above `file` with a package.json: what gets instrumented by default. */
export function projectRoot(file: string): string {
  let d = dirname(file);
  while (d !== dirname(d)) {
    if (existsSync(join(d, "package.json"))) return d;
    d = dirname(d);
  }
  return dirname(file);
}
