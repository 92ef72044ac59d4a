import { existsSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { PROJECT_ROOT } from "../util/paths.ts";
import { fuzzCommand } from "./fuzzCommand.ts";

/** The quick start's campaign: the real libyaml target, built from Debian's source package, for 60 s by default. */
export function demoCommand(argv: string[]): Promise<number> {
  const target = join(PROJECT_ROOT, "targets/c/libyaml");
  // The npm package ships no targets/: the demo builds a real library from source, a checkout's business.
  if (!existsSync(target)) throw new EngineError("usage", "bunfuzz demo runs in a clone of bunfuzz's repository (it builds the bundled libyaml target); an installed bunfuzz fuzzes your targets: bunfuzz fuzz <target>");
  const hasTime = argv.some((a) => /^--?max_total_time=/.test(a));
  return fuzzCommand([target, ...(hasTime ? [] : ["-max_total_time=60"]), "-print_final_stats=1", ...argv], false);
}
