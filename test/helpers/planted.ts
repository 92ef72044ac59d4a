import { join } from "node:path";
import { compileCached, DEFAULT_INSTRUMENT, type InstrumentOptions } from "../../src/build/compile.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../../src/util/paths.ts";

/** Builds (once, cached by content) a planted-bug target from targets/planted/<name>.c. */
export function planted(name: string, o: Partial<InstrumentOptions> = {}): string {
  return compileCached(
    name,
    [join(PROJECT_ROOT, "targets/planted", `${name}.c`)],
    join(CACHE_DIR, "test-targets"),
    { ...DEFAULT_INSTRUMENT, ...o },
    { quiet: true },
  );
}
