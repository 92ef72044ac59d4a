import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { CACHE_DIR, NATIVE_DIR } from "../util/paths.ts";
import { runBuild, zigCC } from "./toolchain.ts";

/**
 * Builds native/*.c with `zig cc` once per source content and returns the shared object's path.
 * The output is keyed by a hash of every .c and .h file there, and renamed into place, so parallel test
 * processes and stale builds never see a half-written library.
 */
export function shimLibrary(opts: { quiet?: boolean } = {}): string {
  const files = readdirSync(NATIVE_DIR).filter((f) => /\.[ch]$/.test(f)).sort();
  const h = new Bun.CryptoHasher("sha1");
  for (const f of files) h.update(f).update(readFileSync(join(NATIVE_DIR, f)));
  const key = h.digest("hex").slice(0, 12);
  const sources = files.filter((f) => f.endsWith(".c")).map((f) => join(NATIVE_DIR, f));
  const dir = join(CACHE_DIR, "native", `shim-${key}`);
  const out = join(dir, "libbunfuzz_shim.so");
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  runBuild(
    [...zigCC(), "-shared", "-fPIC", "-O2", "-g", "-Wall", "-Wl,-soname,libbunfuzz_shim.so", ...sources, "-o", tmp, "-lpthread"],
    { quiet: opts.quiet ?? true, what: "the bunfuzz shim (native/*.c)" },
  );
  renameSync(tmp, out);
  return out;
}
