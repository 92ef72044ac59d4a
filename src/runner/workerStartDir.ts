/**
 * Where a native worker process starts. Bun reads every entry of each ancestor of its working
 * directory when it starts, before any code runs (strace: getdents64 over /, /tmp and the working
 * directory for `bun -e 0` run in /tmp/x), whatever the flags: with 50,000 entries in /tmp a Bun
 * process started below it took 26-34 ms to run an empty script against 5-10 ms elsewhere. A
 * native worker loads no JS of the user's (nor their bunfig.toml), so it starts in "/" and moves to
 * the campaign's directory (WorkerConfig.cwd) as its first step, before the target is loaded; the
 * supervisor, started by the user, pays the read once.
 *
 * Not when something read before that step names a relative path: LD_PRELOAD (the dynamic
 * loader), a sanitizer runtime's options (a suppressions file is read when the runtime starts), or
 * BUN_OPTIONS.
 */
import { isAbsolute } from "node:path";

/** Options strings of the sanitizer runtimes (sanitizer_common's flag syntax). */
const SANITIZER_OPTIONS = ["ASAN_OPTIONS", "LSAN_OPTIONS", "UBSAN_OPTIONS", "MSAN_OPTIONS", "TSAN_OPTIONS", "HWASAN_OPTIONS"];
/** Option names whose value is a path even without a slash (`suppressions=supp.txt`). */
const PATH_KEY = /path|dir|suppressions|file/i;

/** "/" when a native worker with environment `env` can start there (see above), else undefined: it starts where the supervisor is. */
export function workerStartDir(env: Record<string, string | undefined>): string | undefined {
  if (env.BUN_OPTIONS) return undefined;
  for (const lib of (env.LD_PRELOAD ?? "").split(/[:\s]+/)) if (lib.includes("/") && !isAbsolute(lib)) return undefined;
  for (const name of SANITIZER_OPTIONS) {
    for (const opt of (env[name] ?? "").split(/[:\s,]+/)) {
      const eq = opt.indexOf("=");
      if (eq < 0) continue;
      const key = opt.slice(0, eq), value = opt.slice(eq + 1).replace(/^["']|["']$/g, "");
      if (value && !isAbsolute(value) && (value.includes("/") || PATH_KEY.test(key))) return undefined;
    }
  }
  return "/";
}
