import { existsSync, mkdirSync, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { asanEnv } from "../build/asanRuntime.ts";
import { shimLibrary } from "../build/shim.ts";
import { listCorpusFiles } from "../corpus/disk.ts";
import { EngineError } from "../findings/errors.ts";
import { applyOptionsFile } from "../options/optionsFile.ts";
import { helpText, parseArgs } from "../options/parse.ts";
import { sourceCoverage } from "../report/assemble.ts";
import { chartsFor } from "../report/charts.ts";
import { writeHtmlReport } from "../report/html.ts";
import { lcovText } from "../report/lcov.ts";
import { total, percent } from "../report/model.ts";
import { statsFileFor } from "../report/timeSeries.ts";
import { superviseCoverage } from "../runner/coverageLoop.ts";
import { atomicWrite } from "../util/atomicWrite.ts";
import { writeStderr } from "../util/stderr.ts";
import { jsOptions } from "./fuzzCommand.ts";
import { resolveTarget } from "./target.ts";

const USAGE = "Usage: bunfuzz coverage <target> <corpus dir | file>... -o DIR [-stats=FILE]... [-flag=value ...]";

/** Splits out the command's own `-o DIR` and `-stats=FILE` arguments; the rest are libFuzzer-style. */
function ownArgs(argv: readonly string[]): { out: string; stats: string[]; rest: string[] } {
  let out = "";
  const stats: string[] = [], rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-o" || a === "--o") out = argv[++i] ?? "";
    else if (/^--?o=/.test(a)) out = a.slice(a.indexOf("=") + 1);
    else if (/^--?stats=/.test(a)) stats.push(...a.slice(a.indexOf("=") + 1).split(",").filter(Boolean));
    else rest.push(a);
  }
  return { out, stats, rest };
}

/**
 * `bunfuzz coverage <target> <corpus dirs or files> -o DIR`: replays every input once in a worker
 * and writes DIR/lcov.info and DIR/index.html (per-file line, branch and function coverage,
 * sources marked reached or not). Native code is placed through its pc tables and debug info, JS
 * through the instrumenter's probe map. Time series found beside the corpus directories
 * (DIR.stats.csv, written by every campaign) or named with -stats= are drawn as charts.
 */
export async function coverageCommand(argv: readonly string[]): Promise<number> {
  const { out, stats, rest } = ownArgs(argv);
  const parsed = parseArgs(rest);
  const { options, positional } = parsed;
  if (options.help) {
    writeStderr(`${USAGE}\n${helpText()}`);
    return 0;
  }
  const [targetArg, ...inputs] = positional;
  if (!targetArg || inputs.length === 0) throw new EngineError("usage", `bunfuzz coverage needs a target and corpus directories or files: ${USAGE}`);
  if (!out) throw new EngineError("usage", `bunfuzz coverage needs an output directory: -o DIR (${USAGE})`);
  for (const p of inputs) if (!existsSync(p)) throw new EngineError("input", `${p} does not exist: give existing corpus directories or input files`);
  for (const s of stats) if (!existsSync(s)) throw new EngineError("input", `stats file ${s} does not exist: give a file a campaign wrote (CORPUS.stats.csv)`);
  const target = await resolveTarget(targetArg);
  if (target.optionsFile) applyOptionsFile(target.optionsFile, parsed);
  for (const w of parsed.warnings) writeStderr(`${w}\n`);
  const dirs = inputs.filter((p) => statSync(p).isDirectory()).map((d) => resolve(d));
  const files = inputs.filter((p) => !statSync(p).isDirectory()).map((f) => resolve(f));
  const all = [...listCorpusFiles(dirs), ...files];
  if (all.length === 0) throw new EngineError("input", `no inputs in ${inputs.join(", ")}: a coverage report needs at least one input`);
  const largest = all.reduce((m, p) => Math.max(m, statSync(p).size), 1);
  const outDir = resolve(out);
  mkdirSync(outDir, { recursive: true });
  const dumpPath = join(tmpdir(), `bunfuzz-coverage-${process.pid}.json`);
  const shimLib = shimLibrary();
  const result = await superviseCoverage({
    config: {
      mode: "coverage", target: target.so, shimLib, inputCapacity: largest, options, seed: options.seed || 1, maxLen: largest,
      corpusDirs: dirs, seedDirs: [], files, coverageOut: dumpPath,
      js: target.js ? jsOptions(options) : undefined,
    },
    env: target.asan ? asanEnv(shimLib) : {},
    reproducePrefix: `bunfuzz run ${target.arg}`,
  });
  try { unlinkSync(dumpPath); } catch { /* the worker did not get that far */ }
  if (typeof result === "number") return result;
  const reportFiles = sourceCoverage(result, result.edgeHits);
  if (reportFiles.length === 0) {
    throw new EngineError("target", `${target.arg} has no coverage that maps to source: native code needs pc-table instrumentation and debug info (bunfuzz build gives both), JS needs -instrument to name its files`);
  }
  atomicWrite(join(outDir, "lcov.info"), lcovText(reportFiles), false);
  const statsFiles = [...stats, ...dirs.map(statsFileFor).filter((s) => existsSync(s))];
  const t = total(reportFiles);
  const notes = [
    `${result.inputs} inputs replayed from ${inputs.join(", ")}`,
    `${reportFiles.length} source files: lines ${percent(t.lines)} (${t.lines.covered}/${t.lines.total}), branches ${percent(t.branches)} (${t.branches.covered}/${t.branches.total}), functions ${percent(t.functions)} (${t.functions.covered}/${t.functions.total})`,
    "Counts are inputs that reached a line or branch. Native code is placed by its pc tables and debug info, JS by the instrumenter's probe map.",
  ];
  if (result.unplaced) notes.push(`${result.unplaced} edges of native code without a pc table (trace-pc-guard or Zig builds) are not in this report.`);
  const index = writeHtmlReport(outDir, reportFiles, { title: `Coverage of ${target.name}`, notes, charts: chartsFor(statsFiles) });
  writeStderr(`INFO: coverage: ${notes[1]}\nINFO: coverage: wrote ${join(outDir, "lcov.info")} and ${index}${statsFiles.length ? ` (charts from ${statsFiles.join(", ")})` : ""}\n`);
  return 0;
}
