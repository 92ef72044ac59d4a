import { join } from "node:path";
import { PROJECT_ROOT } from "../util/paths.ts";
import { fuzzCommand } from "./fuzzCommand.ts";

/** The quick start's campaign: the real libyaml target, built from Debian's source package, for 60 s by default. */
export function demoCommand(argv: string[]): Promise<number> {
  const hasTime = argv.some((a) => /^--?max_total_time=/.test(a));
  return fuzzCommand([join(PROJECT_ROOT, "targets/c/libyaml"), ...(hasTime ? [] : ["-max_total_time=60"]), "-print_final_stats=1", ...argv], false);
}
