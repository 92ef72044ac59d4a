import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { aptSetupCommand } from "./toolchain.ts";

/**
 * The ASan runtime of the clang named by $CC (or `clang`), as that clang reports it: the runtime of
 * the compiler that built a prebuilt ASan target where bunfuzz did not build it (OSS-Fuzz's and
 * ClusterFuzzLite's base-builder has its own clang, whose runtimes sit in the per-target layout,
 * lib/x86_64-unknown-linux-gnu/libclang_rt.asan.so, rather than lib/linux/).
 */
export function compilerAsanRuntime(): string | undefined {
  const cc = process.env.CC?.trim().split(/\s+/)[0] || "clang";
  if (!/clang/.test(cc) || !Bun.which(cc)) return undefined;
  for (const name of ["libclang_rt.asan.so", "libclang_rt.asan-x86_64.so"]) {
    const r = Bun.spawnSync([cc, `-print-file-name=${name}`], { stdout: "pipe", stderr: "ignore" });
    const p = r.stdout.toString().trim();
    if (r.exitCode === 0 && p.startsWith("/") && existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Finds clang's ASan runtime (from Debian's libclang-rt-14-dev, else the one of the clang in $CC),
 * which a worker must preload to run an ASan-instrumented target. BUNFUZZ_ASAN_RUNTIME overrides the search.
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
  const fromCompiler = compilerAsanRuntime();
  if (fromCompiler) return fromCompiler;
  throw new EngineError("toolchain", `clang's ASan runtime (libclang_rt.asan-x86_64.so) was not found: run \`${aptSetupCommand(["libclang-rt-14-dev"])}\` or set BUNFUZZ_ASAN_RUNTIME`);
}

/** LD_PRELOAD with `libs` first and whatever the user preloads after them. */
function preload(libs: string[]): string {
  return [...libs, ...(process.env.LD_PRELOAD ?? "").split(/[:\s]+/).filter(Boolean)].join(":");
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
    LD_PRELOAD: preload([shimLib, asanRuntime()]),
    ASAN_OPTIONS: `detect_leaks=${detectLeaks ? 1 : 0}:leak_check_at_exit=0:${prev ? `${prev}:` : ""}verify_asan_link_order=0:handle_abort=1`,
  };
}

/**
 * Environment for a worker: the shim preloaded (Linux), so that its string compare interceptors
 * come before the C library's for every object the target brings (native/intercept.c says why a
 * shim opened later cannot), plus the ASan runtime for an ASan target (see asanEnv for detectLeaks). BUNFUZZ_INTERCEPT=0 leaves
 * the shim to be opened as any library (no interceptors; `bunfuzz build`'s --wrap still works): for
 * measuring them (bench/intercept.ts), or a target that interposes these functions itself.
 */
export function workerEnv(shimLib: string, asan: boolean, detectLeaks = false): Record<string, string> {
  if (asan) return asanEnv(shimLib, detectLeaks);
  if (process.platform !== "linux" || process.env.BUNFUZZ_INTERCEPT === "0") return {};
  return { LD_PRELOAD: preload([shimLib]) };
}
