import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The test file that called fuzz(): the first stack frame outside bunfuzz's own sources. Test
 * files are where corpora live (testdata/fuzz/<name>/ beside them, as Go keeps testdata/fuzz).
 */
export function callerFile(): string {
  const own = resolve(import.meta.dir, "..");
  const stack = new Error().stack ?? "";
  for (const m of stack.matchAll(/\(?((?:\/|[A-Za-z]:\\)[^():]+):\d+:\d+\)?/g)) {
    const file = m[1]!;
    if (!file.startsWith(own)) return file;
  }
  throw new Error("bunfuzz: fuzz() could not tell which file called it");
}

/** The directory holding a fuzz test's corpus and crashers. */
export function corpusDirFor(testFile: string, name: string, override?: string): string {
  if (override) return resolve(dirname(testFile), override);
  return join(dirname(testFile), "testdata", "fuzz", name.replace(/[^\w.-]+/g, "_"));
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
