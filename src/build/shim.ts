import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { CACHE_DIR, NATIVE_DIR } from "../util/paths.ts";
import { runBuild, zigCC } from "./toolchain.ts";

/**
 * Builds native/shim.c with `zig cc` once per source content and returns the shared object's path.
 * The output is keyed by a hash of shim.c and shim.h, and renamed into place, so parallel test
 * processes and stale builds never see a half-written library.
 */
export function shimLibrary(opts: { quiet?: boolean } = {}): string {
  const src = join(NATIVE_DIR, "shim.c");
  const hdr = join(NATIVE_DIR, "shim.h");
  const key = new Bun.CryptoHasher("sha1").update(readFileSync(src)).update(readFileSync(hdr)).digest("hex").slice(0, 12);
  const dir = join(CACHE_DIR, "native", `shim-${key}`);
  const out = join(dir, "libbunfuzz_shim.so");
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  runBuild(
    [...zigCC(), "-shared", "-fPIC", "-O2", "-g", "-Wall", "-Wl,-soname,libbunfuzz_shim.so", src, "-o", tmp, "-lpthread"],
    { quiet: opts.quiet ?? true, what: "the bunfuzz shim (native/shim.c)" },
  );
  renameSync(tmp, out);
  return out;
}
