import type { FFIFunction, Library } from "bun:ffi";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT } from "../build/compile.ts";
import { buildZigCached } from "../build/zig.ts";
import { currentShim } from "../coverage/ffi.ts";
import { EngineError } from "../findings/errors.ts";
import { CACHE_DIR } from "../util/paths.ts";

/** Where a harness's native library comes from. Paths are relative to the current directory. */
export interface NativeSource {
  /** C or C++ sources, compiled with `zig cc` / `zig c++` and SanitizerCoverage. */
  c?: string[];
  /** Build the C sources with AddressSanitizer (clang-14); the worker then runs with ASan's runtime. */
  asan?: boolean;
  includeDirs?: string[];
  defines?: string[];
  /** A Zig root file, built with sanitizer coverage for the Zig code (see src/build/zig.ts). */
  zig?: string;
  /** A shared object already built with -fsanitize-coverage and undefined callbacks. */
  so?: string;
}

/**
 * Builds (cached) or takes an instrumented native library and opens it for a TypeScript harness,
 * returning bun:ffi's typed symbol table. Its coverage is counted with the harness's JS coverage
 * in one map, and a fault inside it is a finding caught by the supervisor. It needs bunfuzz's
 * runtime in the process: a `bunfuzz fuzz harness.ts` worker, or a fuzz() test (with `native: true`).
 */
export function nativeLibrary<S extends Record<string, FFIFunction>>(src: NativeSource, symbols: S): Pick<Library<S>, "symbols"> {
  // Opened on first use: a test file declares the library at its top level, but only the process
  // that fuzzes or replays (a child with the runtime) calls into it.
  let lib: Library<S> | undefined;
  return {
    get symbols() {
      lib ??= openNative(src, symbols);
      return lib.symbols;
    },
  };
}

function openNative<S extends Record<string, FFIFunction>>(src: NativeSource, symbols: S): Library<S> {
  const shim = currentShim();
  if (!shim) {
    throw new EngineError("usage", "nativeLibrary() needs bunfuzz's runtime: run the harness with `bunfuzz fuzz harness.ts`, or from a fuzz() test declared with `native: true`");
  }
  let so: string;
  if (src.so) so = resolve(src.so);
  else if (src.zig) so = buildZigCached(resolve(src.zig), { quiet: true });
  else if (src.c?.length) {
    const files = src.c.map((f) => resolve(f));
    so = compileCached("native", files, join(CACHE_DIR, "native-libs"), { ...DEFAULT_INSTRUMENT, asan: src.asan ?? false }, {
      includeDirs: (src.includeDirs ?? []).map((d) => resolve(d)),
      defines: (src.defines ?? []).map((d) => (d.startsWith("-D") ? d : `-D${d}`)),
      quiet: true,
    });
  } else {
    throw new EngineError("usage", "nativeLibrary() needs one of { c: [...] }, { zig: '...' } or { so: '...' }");
  }
  // An ASan-built object needs ASan's runtime, which only loads at process start: the supervisor
  // restarts this worker with it preloaded (the restarted worker gets here again and goes on).
  if (!shim.header.asan && readFileSync(so).indexOf("__asan_init") >= 0) shim.exitNeedingAsan();
  return shim.openLibrary(so, symbols);
}
