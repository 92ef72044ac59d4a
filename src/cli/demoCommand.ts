import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { writeStderr } from "../util/stderr.ts";
import { CACHE_DIR, PROJECT_ROOT } from "../util/paths.ts";
import { coverageCommand } from "./coverageCommand.ts";
import { fuzzCommand } from "./fuzzCommand.ts";

/**
 * The quick start's campaign: the real libyaml target, built from Debian's source package, fuzzed
 * for 60 s (by default) on every core, then its coverage report written, so the first run ends with
 * something to open as well as the log lines. Flags given pass through to the campaign.
 */
export async function demoCommand(argv: string[]): Promise<number> {
  const target = join(PROJECT_ROOT, "targets/c/libyaml");
  // The npm package ships no targets/: the demo builds a real library from source, a checkout's business.
  if (!existsSync(target)) throw new EngineError("usage", "bunfuzz demo runs in a clone of bunfuzz's repository (it builds the bundled libyaml target); an installed bunfuzz fuzzes your targets: bunfuzz fuzz <target>");
  const given = (flag: string) => argv.some((a) => new RegExp(`^--?${flag}=`).test(a));
  const time = given("max_total_time") ? [] : ["-max_total_time=60"];
  const cores = given("workers") || given("jobs") || given("fork") ? [] : [`-workers=${availableParallelism()}`];
  const code = await fuzzCommand([target, ...time, ...cores, "-print_final_stats=1", ...argv], false);
  if (code !== 0) return code; // a finding or an error: its report is the last thing printed
  // The folder target's default corpus (targets/build/targetDir.ts), where the campaign wrote.
  const corpus = join(CACHE_DIR, "corpus", "libyaml"), report = join(CACHE_DIR, "report");
  writeStderr(`INFO: writing the coverage report: bunfuzz coverage ${target} ${corpus} -o ${report}\n`);
  return coverageCommand([target, corpus, "-o", report]);
}
