#!/usr/bin/env bun
/**
 * bunfuzz's command line. Subcommands are a table; each returns an exit code. Engine errors print
 * one line and exit with their own code (findings/errors.ts); nothing here prints a stack trace for
 * a user mistake.
 */
import { reportEngineError } from "../findings/errors.ts";
import { writeStderr } from "../util/stderr.ts";
import { traceStartup } from "../util/startupTrace.ts";

traceStartup("supervisor: main.ts loaded");

interface Command {
  name: string;
  usage: string;
  run: (argv: string[]) => Promise<number>;
}

// Each command's module loads when the command runs: start-up is part of every campaign's time to crash.
const COMMANDS: Command[] = [
  { name: "fuzz", usage: "fuzz <target.so | target folder> [corpus_dir... | file...] [-flag=value ...]", run: async (a) => (await import("./fuzzCommand.ts")).fuzzCommand(a, false) },
  { name: "run", usage: "run <target.so | target folder> file... [-flag=value ...]   (reproduce)", run: async (a) => (await import("./fuzzCommand.ts")).fuzzCommand(a, true) },
  { name: "build", usage: "build (<target folder> | source.c...) [-o out.so] [-asan] [-pc_guard] [-no_cmp] [-clang] [-I dir] [-D X]", run: async (a) => (await import("./buildCommand.ts")).buildCommand(a) },
  { name: "test", usage: "test [bun test args] [-max_total_time=N] [-seed=N] [-runs=N]   (fuzz every fuzz() test)", run: async (a) => (await import("./testCommand.ts")).testCommand(a) },
  { name: "package", usage: "package <target.so | target.ts | target folder | sources...> -o OUT_DIR [-name NAME]   (a libFuzzer-style executable for ClusterFuzz, OSS-Fuzz)", run: async (a) => (await import("./packageCommand.ts")).packageCommand(a) },
  { name: "setup", usage: "setup   (install Zig, needed only to build native harnesses from source)", run: async (a) => (await import("./setupCommand.ts")).setupCommand(a) },
  { name: "coverage", usage: "coverage <target> <corpus dir | file>... -o DIR   (lcov.info and an HTML report; charts from CORPUS.stats.csv)", run: async (a) => (await import("./coverageCommand.ts")).coverageCommand(a) },
  { name: "plot", usage: "plot CORPUS.stats.csv... -o DIR   (coverage and exec/s over time, campaigns overlaid)", run: async (a) => (await import("./plotCommand.ts")).plotCommand(a) },
  { name: "demo", usage: "demo [-max_total_time=60]   (fuzz the bundled libyaml target)", run: async (a) => (await import("./demoCommand.ts")).demoCommand(a) },
];

function usage(): string {
  return `Usage: bunfuzz <command> ...\n${COMMANDS.map((c) => `  bunfuzz ${c.usage}`).join("\n")}\n` +
    "Flags follow libFuzzer's; `bunfuzz fuzz -help=1` lists them.\n";
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "-help" || name === "--help" || name === "-help=1") {
    writeStderr(usage());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    writeStderr(`bunfuzz: error: unknown command \`${name}\`\n${usage()}`);
    return 2;
  }
  try {
    return await cmd.run(rest);
  } catch (e) {
    return reportEngineError(e);
  }
}

const code = await main(process.argv.slice(2));
traceStartup("supervisor: exit");
process.exit(code);
