import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { campaignsOf, writePlot } from "../report/charts.ts";
import { writeStderr } from "../util/stderr.ts";

/**
 * `bunfuzz plot FILE... -o DIR`: charts of coverage and speed over time from campaigns' stats files
 * (CORPUS.stats.csv), every campaign of every file overlaid; DIR/index.html and one SVG per chart.
 */
export async function plotCommand(argv: readonly string[]): Promise<number> {
  let out = "";
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-o" || a === "--o") out = argv[++i] ?? "";
    else if (/^--?o=/.test(a)) out = a.slice(a.indexOf("=") + 1);
    else if (a.startsWith("-")) throw new EngineError("usage", `unknown plot flag ${a}: bunfuzz plot FILE... -o DIR`);
    else files.push(a);
  }
  if (files.length === 0 || !out) throw new EngineError("usage", "bunfuzz plot needs stats files and an output directory: bunfuzz plot CORPUS.stats.csv... -o DIR");
  for (const f of files) if (!existsSync(f)) throw new EngineError("input", `stats file ${f} does not exist: campaigns write CORPUS.stats.csv beside their corpus directory`);
  const campaigns = campaignsOf(files);
  if (campaigns.length === 0) throw new EngineError("input", `no campaign rows in ${files.join(", ")}: is it a bunfuzz stats file (CSV with a campaign column)?`);
  const index = writePlot(resolve(out), files);
  writeStderr(`INFO: plot: ${campaigns.length} campaign(s) from ${files.length} file(s); wrote ${index}\n`);
  return 0;
}
