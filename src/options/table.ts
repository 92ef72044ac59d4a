/**
 * The one option table. Parsing, `-help`, `.options` files and defaults all come from it; add a
 * flag by adding a row. Names and defaults follow libFuzzer's FuzzerFlags.def where a flag exists
 * there, so command lines and CI scripts carry over.
 */
export type OptionType = "int" | "uint" | "string" | "bool";

export interface OptionRow {
  readonly name: string;
  readonly type: OptionType;
  readonly default: number | string;
  readonly help: string;
}

export const OPTIONS = [
  { name: "runs", type: "int", default: -1, help: "Number of individual test runs (-1 for infinite runs)." },
  { name: "max_len", type: "uint", default: 0, help: "Maximum length of a test input. 0: 4096, or the largest seed if larger." },
  { name: "seed", type: "uint", default: 0, help: "Random seed. 0: a seed is generated and printed." },
  { name: "dict", type: "string", default: "", help: "Dictionary file (libFuzzer/AFL format: name=\"value\" lines)." },
  { name: "max_total_time", type: "uint", default: 0, help: "Stop after this many seconds (0: no limit)." },
  { name: "timeout", type: "uint", default: 1200, help: "Per-input timeout in seconds; a slower input is a timeout finding." },
  { name: "rss_limit_mb", type: "uint", default: 2048, help: "Memory limit in Mb; above it is an out-of-memory finding (0: none)." },
  { name: "artifact_prefix", type: "string", default: "", help: "Prefix for crash-/timeout-/oom- artifact files (a directory ends with /)." },
  { name: "exact_artifact_path", type: "string", default: "", help: "Write the single artifact to exactly this path (overrides artifact_prefix)." },
  { name: "close_fd_mask", type: "uint", default: 0, help: "Silence the target: 1 closes stdout, 2 stderr, 3 both (bunfuzz's own lines still print; so do findings, but not a sanitizer's report, as in libFuzzer)." },
  { name: "print_final_stats", type: "bool", default: 0, help: "Print stat:: lines at the end." },
  { name: "mutate_depth", type: "uint", default: 5, help: "Apply up to this many mutations to an input before going back to the corpus." },
  { name: "len_control", type: "uint", default: 100, help: "Grow the length limit slowly (runs per step scale); 0: use max_len at once." },
  { name: "use_cmp", type: "bool", default: 1, help: "Use compare operands recorded by the target to guide mutations." },
  { name: "reduce_inputs", type: "bool", default: 1, help: "Replace a corpus input by a smaller one that reaches the same unique features (REDUCE)." },
  { name: "entropic", type: "bool", default: 1, help: "libFuzzer's entropic schedule (inputs whose mutants reveal rare features get more energy). 0: newest inputs first." },
  { name: "entropic_scale_per_exec_time", type: "bool", default: 1, help: "Scale entropic energy by the cost of an input, so slow inputs get fewer mutations (libFuzzer's flag, off by default there: see src/schedulers/entropic.ts). bunfuzz counts cost in compare callbacks per execution rather than time, so -seed runs repeat; a target without compare instrumentation is not scaled." },
  { name: "schedule", type: "string", default: "", help: "Override the input schedule: entropic, vanilla (newest first), or rare (inputs holding globally rare features)." },
  { name: "weighted_mutations", type: "bool", default: 0, help: "Choose 80% of mutations by measured usefulness (new coverage per use), 20% uniformly." },
  { name: "chain_limit", type: "uint", default: 3, help: "Reset the input to its corpus original after this many stacked mutations without new coverage (0: stack up to -mutate_depth). Default from bench/engine.ts section B." },
  { name: "instrument", type: "string", default: "", help: "JS targets: comma-separated globs or npm package names to instrument (default: the target's folder)." },
  { name: "instrument_exclude", type: "string", default: "", help: "JS targets: comma-separated globs never to instrument (node_modules is excluded unless named)." },
  { name: "js_hit_counts", type: "bool", default: 0, help: "JS targets: probes count hits (features by hit-count bucket, as native counters) instead of marking reached. Slower per input and grows the corpus; found the Papa Parse round-trip bug 3.4x sooner at the median (README)." },
  { name: "keep_going", type: "bool", default: 0, help: "JS targets: after a finding, save it and go on; each distinct finding (by top stack frames) is reported once." },
  { name: "merge", type: "bool", default: 0, help: "Merge: fuzz OUT IN... keeps in OUT a minimal set of IN's inputs that adds every feature OUT lacks." },
  { name: "minimize_crash", type: "bool", default: 0, help: "Shrink the crashing input given as a file while it crashes the same way; writes minimized-from-<sha1>." },
  { name: "verbosity", type: "uint", default: 1, help: "Verbosity level." },
  { name: "help", type: "bool", default: 0, help: "Print this help and exit." },
] as const satisfies readonly OptionRow[];

export type OptionName = (typeof OPTIONS)[number]["name"];

/** Parsed option values, by name. Strings for "string" rows, numbers otherwise. */
export type Options = { [K in OptionName]: Extract<(typeof OPTIONS)[number], { name: K }>["type"] extends "string" ? string : number };

export function defaultOptions(): Options {
  const o: Record<string, number | string> = {};
  for (const row of OPTIONS) o[row.name] = row.default;
  return o as Options;
}

export function findOption(name: string): OptionRow | undefined {
  return (OPTIONS as readonly OptionRow[]).find((r) => r.name === name);
}
