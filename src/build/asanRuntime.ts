import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { aptSetupCommand } from "./toolchain.ts";

/**
 * Finds clang's ASan runtime (from Debian's libclang-rt-14-dev), which a worker must preload to run
 * an ASan-instrumented target. BUNFUZZ_ASAN_RUNTIME overrides the search.
 */
export function asanRuntime(): string {
  const env = process.env.BUNFUZZ_ASAN_RUNTIME;
  if (env) return env;
  for (const base of ["/usr/lib/llvm-14/lib/clang", "/usr/lib/clang"]) {
    if (!existsSync(base)) continue;
    for (const v of readdirSync(base).sort().reverse()) {
      const p = join(base, v, "lib/linux/libclang_rt.asan-x86_64.so");
      if (existsSync(p)) return p;
    }
  }
  throw new EngineError("toolchain", `clang's ASan runtime (libclang_rt.asan-x86_64.so) was not found: run \`${aptSetupCommand(["libclang-rt-14-dev"])}\` or set BUNFUZZ_ASAN_RUNTIME`);
}

/**
 * Environment for a worker running an ASan target. The shim is preloaded before the ASan runtime
 * so that its __sanitizer_cov_* callbacks win over ASan's weak no-op ones (PLATFORM-NOTES);
 * verify_asan_link_order=0 lets ASan accept not being first. LeakSanitizer stays on when
 * `detectLeaks` (libFuzzer's -detect_leaks, default 1) so the shim can ask it about an input, but
 * never at exit: the worker is a Bun process, whose own allocations it would report. The user's
 * ASAN_OPTIONS come after ours, so their detect_leaks=0 turns leak checks off, as it does in
 * libFuzzer.
 */
export function asanEnv(shimLib: string, detectLeaks = false): Record<string, string> {
  const prev = process.env.ASAN_OPTIONS;
  return {
    LD_PRELOAD: `${shimLib}:${asanRuntime()}`,
    ASAN_OPTIONS: `detect_leaks=${detectLeaks ? 1 : 0}:leak_check_at_exit=0:${prev ? `${prev}:` : ""}verify_asan_link_order=0:handle_abort=1`,
  };
}
