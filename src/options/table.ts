/**
 * The one option table. Parsing (command line, `.options` files, fuzz() options and the
 * environment of `bunfuzz test`), range errors, warnings for flags bunfuzz accepts without acting
 * on them, `-help=1`, the README's flag table and docs/libfuzzer-flags.md
 * (`bun src/options/docs.ts --write`) and the fuzz() option types all come from its rows; add a
 * flag by adding a row. Names and defaults follow libFuzzer's FuzzerFlags.def (clang 14) where a
 * flag exists there, so command lines, `.options` files and CI scripts carry over: every flag of
 * libFuzzer's has a row, implemented or accepted with the reason it is not (ACCEPTED_ROWS).
 */
import { ACCEPTED_ROWS } from "./acceptedRows.ts";

/** int/uint: whole numbers (uint: not negative); bool: 0 or 1; list: comma-separated strings. */
export type OptionType = "int" | "uint" | "string" | "bool" | "list";

/** Where a flag may be set: the command line, a ClusterFuzz `.options` file, fuzz() in bun test. */
export type OptionScope = "cli" | "options" | "test";

/**
 * What bunfuzz does with a flag of libFuzzer's: "implemented" with libFuzzer's meaning, or accepted
 * and ignored ("ignored": a feature bunfuzz lacks or leaves to another mechanism; "n/a": the flag
 * cannot mean anything here, e.g. Windows exceptions), with the reason, which a run given the flag
 * with a value other than its default prints. `hidden`: one of libFuzzer's internal flags, which
 * its -help=1 does not list.
 */
export type LibFuzzerStatus =
  | { readonly status: "implemented"; readonly hidden?: boolean }
  | { readonly status: "ignored" | "n/a"; readonly why: string; readonly hidden?: boolean };

export interface OptionRow {
  readonly name: string;
  readonly type: OptionType;
  readonly default: number | string;
  /** Inclusive bounds of a number; a value outside them is a usage error that names the range. */
  readonly min?: number;
  readonly max?: number;
  /**
   * A negative value wraps to 32 bits, as libFuzzer's unsigned flags parse it (std::stoul, then a
   * cast): -seed=-1 is seed 4294967295.
   */
  readonly wraps?: boolean;
  /** The values a string flag takes; any other is a usage error that lists them. */
  readonly choices?: readonly string[];
  readonly scope: readonly OptionScope[];
  /**
   * For rows fuzz() accepts: its option name in fuzz(name, fn, { ... }), and its default there when
   * a test's defaults differ from a campaign's (a test must end on its own and report a hang soon).
   * `bunfuzz test` passes the flag to fuzz() tests as BUNFUZZ_<NAME>.
   */
  readonly test?: { readonly key: string; readonly default?: number | string };
  /** Present for libFuzzer's flags (absent: a flag of bunfuzz's own). */
  readonly libfuzzer?: LibFuzzerStatus;
  readonly help: string;
}

const ALL = ["cli", "options"] as const;
const WITH_TEST = ["cli", "options", "test"] as const;
const LF = { status: "implemented" } as const;
/** -timeout of a JS target when none is given: Jazzer.js's default (its --timeout=5000), as fuzz() tests have it. */
export const JS_DEFAULT_TIMEOUT_S = 5;
/** u32 seconds: the shim keeps -timeout in milliseconds in a u32. */
const MAX_TIMEOUT_S = Math.floor(0xffffffff / 1000);
/** Inputs larger than this are refused: the worker maps several buffers of -max_len bytes. */
export const MAX_LEN_LIMIT = 1 << 30;
const INT32 = { min: -0x80000000, max: 0x7fffffff } as const;

/** The rows bunfuzz acts on: libFuzzer's implemented flags, then bunfuzz's own. */
const ACTIVE_ROWS = [
  { name: "runs", type: "int", default: -1, ...INT32, scope: WITH_TEST, test: { key: "runs" }, libfuzzer: LF, help: "Number of individual test runs (-1, or any negative number, for infinite runs). Given input files, each runs this many times (at least once)." },
  { name: "max_len", type: "uint", default: 0, max: MAX_LEN_LIMIT, scope: WITH_TEST, test: { key: "maxLen", default: 4096 }, libfuzzer: LF, help: "Maximum length of a test input. 0: 4096, or the largest seed if larger." },
  { name: "seed", type: "int", default: 0, min: -0xffffffff, max: 0xffffffff, wraps: true, scope: WITH_TEST, test: { key: "seed" }, libfuzzer: LF, help: "Random seed. 0: a seed is generated and printed. A negative seed wraps to 32 bits, as in libFuzzer." },
  { name: "dict", type: "string", default: "", scope: ALL, libfuzzer: LF, help: "Dictionary file (libFuzzer/AFL format: name=\"value\" lines)." },
  { name: "max_total_time", type: "uint", default: 0, max: 0x7fffffff, scope: WITH_TEST, test: { key: "maxTotalTime", default: 10 }, libfuzzer: LF, help: "Stop after this many seconds (0: no limit)." },
  { name: "timeout", type: "uint", default: 1200, max: MAX_TIMEOUT_S, scope: WITH_TEST, test: { key: "timeout", default: JS_DEFAULT_TIMEOUT_S }, libfuzzer: LF, help: "Per-input timeout in seconds; a slower input is a timeout finding (0: none). Time the process spends stopped (SIGSTOP, a suspended machine) does not count. JS targets: 5 unless given, Jazzer.js's default." },
  { name: "error_exitcode", type: "int", default: 77, min: 0, max: 255, scope: ALL, libfuzzer: LF, help: "Exit code for a crash, a fuzz target that exits, a leak or a JS finding (a sanitizer's own report exits with the sanitizer's exitcode)." },
  { name: "timeout_exitcode", type: "int", default: 70, min: 0, max: 255, scope: ALL, libfuzzer: LF, help: "Exit code for a timeout." },
  { name: "rss_limit_mb", type: "uint", default: 2048, max: 0xffffffff, scope: ALL, libfuzzer: LF, help: "Memory limit in Mb; above it is an out-of-memory finding (0: none)." },
  { name: "malloc_limit_mb", type: "uint", default: 0, max: 0xffffffff, scope: ALL, libfuzzer: LF, help: "ASan builds: a single malloc of this many Mb or more is an out-of-memory finding (0: -rss_limit_mb). As in libFuzzer, it needs the sanitizer's malloc hooks, so -detect_leaks=1 and an -asan build." },
  { name: "detect_leaks", type: "bool", default: 1, scope: ALL, libfuzzer: LF, help: "ASan builds of native harnesses: an input after which LeakSanitizer finds a leak is a leak- finding (checked when an execution mallocs more than it frees, as libFuzzer)." },
  { name: "artifact_prefix", type: "string", default: "", scope: ALL, libfuzzer: LF, help: "Prefix for crash-/leak-/timeout-/oom- artifact files (a directory ends with /)." },
  { name: "exact_artifact_path", type: "string", default: "", scope: ALL, libfuzzer: LF, help: "Write the single artifact to exactly this path (overrides artifact_prefix)." },
  { name: "close_fd_mask", type: "uint", default: 0, max: 3, scope: ALL, libfuzzer: LF, help: "Silence the target: 1 closes stdout, 2 stderr, 3 both (bunfuzz's own lines, findings and a sanitizer's report still print, as in libFuzzer)." },
  { name: "print_final_stats", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Print the five stat:: lines at the end, also after a finding." },
  { name: "print_pcs", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Print a NEW_PC line (pc, function, file:line) for each newly covered edge, as libFuzzer does (native code needs a symbolizer: llvm-symbolizer or addr2line)." },
  { name: "print_coverage", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "At exit, print COVERED_FUNC/UNCOVERED_FUNC lines for every instrumented function, as libFuzzer does." },
  { name: "print_corpus_stats", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "At exit, print each corpus input's size, mutations run from it and new inputs they gave, as libFuzzer does." },
  { name: "mutate_depth", type: "uint", default: 5, min: 1, max: 1_000_000, scope: ALL, libfuzzer: LF, help: "Apply up to this many mutations to an input before going back to the corpus." },
  { name: "len_control", type: "uint", default: 100, max: 0x7fffffff, scope: ALL, libfuzzer: LF, help: "Grow the length limit slowly (runs per step scale); 0: use max_len at once." },
  { name: "use_cmp", type: "bool", default: 1, scope: ALL, libfuzzer: LF, help: "Use compare operands recorded by the target to guide mutations." },
  { name: "use_value_profile", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Use value profile to guide fuzzing (libFuzzer's): how close each compare's operands came (bits in common, distance, common prefix) is coverage, per call site, so inputs that approach a magic value are kept. Native compares and JS compare hooks alike." },
  { name: "cross_over", type: "bool", default: 1, scope: ALL, libfuzzer: LF, help: "Cross over inputs (the CrossOver mutator; 0 disables it)." },
  { name: "only_ascii", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Generate only ASCII (isprint or isspace) inputs: every mutant's other bytes become spaces, as libFuzzer's ToASCII." },
  { name: "reduce_inputs", type: "bool", default: 1, scope: ALL, libfuzzer: LF, help: "Replace a corpus input by a smaller one that reaches the same unique features (REDUCE)." },
  { name: "shrink", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Keep a smaller input that reaches a feature some corpus input already reaches, and drop a corpus input once smaller ones hold all its features." },
  { name: "entropic", type: "bool", default: 1, scope: ALL, libfuzzer: LF, help: "libFuzzer's entropic schedule (inputs whose mutants reveal rare features get more energy). 0: newest inputs first." },
  { name: "entropic_feature_frequency_threshold", type: "uint", default: 0xff, max: 0xffff, scope: ALL, libfuzzer: LF, help: "Entropic: features seen less often than this count as rare." },
  { name: "entropic_number_of_rarest_features", type: "uint", default: 100, min: 1, max: 1_000_000, scope: ALL, libfuzzer: LF, help: "Entropic: how many of the rarest features are tracked." },
  { name: "entropic_scale_per_exec_time", type: "bool", default: 1, scope: ALL, libfuzzer: LF, help: "Scale entropic energy by the cost of an input, so slow inputs get fewer mutations (libFuzzer's flag, off by default there: see src/schedulers/entropic.ts). bunfuzz counts cost rather than time, so -seed runs repeat: compare callbacks per execution in native code, loop iterations in instrumented JS (bench/results/js-cost-scaling.md); a native target without compare instrumentation is not scaled." },
  { name: "seed_inputs", type: "list", default: "", scope: ALL, libfuzzer: LF, help: "Extra seed files, comma-separated, or @FILE naming a file that holds such a list." },
  { name: "exit_on_item", type: "string", default: "", scope: ALL, libfuzzer: LF, help: "Stop (exit 0) once an input with this SHA-1 joins the corpus." },
  { name: "stop_file", type: "string", default: "", scope: ALL, libfuzzer: LF, help: "Stop fuzzing (with the usual closing lines) once this file exists." },
  { name: "merge", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Merge: fuzz OUT IN... keeps in OUT a minimal set of IN's inputs that adds every feature OUT lacks." },
  { name: "set_cover_merge", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Merge as -merge=1, choosing inputs by greedy set cover (most new features first) instead of smallest first." },
  { name: "merge_control_file", type: "string", default: "", scope: ALL, libfuzzer: LF, help: "The merge's control file (libFuzzer's format): a merge killed part way resumes from it, and a later merge with more inputs reuses the features it recorded." },
  { name: "minimize_crash", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Shrink the crashing input given as a file while it crashes the same way; writes minimized-from-<sha1>." },
  { name: "cleanse_crash", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Replace the bytes of the crashing input given as a file by ' ' or 0xff wherever it still crashes; writes -exact_artifact_path." },
  { name: "analyze_dict", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "With -dict and corpus directories: print the dictionary words that change no input's features when masked (\"Useless dictionary elements\"), then exit." },
  { name: "ignore_crashes", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "With -fork or -workers: save a crash and keep fuzzing (libFuzzer has it for -fork only). Otherwise the first finding ends the run." },
  { name: "ignore_timeouts", type: "bool", default: 1, scope: ALL, libfuzzer: LF, help: "Fork mode only, as in libFuzzer: keep fuzzing after a timeout." },
  { name: "ignore_ooms", type: "bool", default: 1, scope: ALL, libfuzzer: LF, help: "Fork mode only, as in libFuzzer: keep fuzzing after an out-of-memory finding." },
  { name: "ignore_remaining_args", type: "bool", default: 0, scope: ALL, libfuzzer: LF, help: "Ignore every argument after this one (for harnesses that parse their own)." },
  { name: "verbosity", type: "int", default: 1, ...INT32, scope: ALL, libfuzzer: LF, help: "0: no status lines, seed, module or Done lines (as libFuzzer); 2: also echo each flag given." },
  { name: "help", type: "bool", default: 0, scope: ["cli"], libfuzzer: LF, help: "Print this help and exit." },
  { name: "schedule", type: "string", default: "", choices: ["", "entropic", "vanilla", "rare"], scope: ALL, help: "Override the input schedule: entropic, vanilla (newest first), or rare (inputs holding globally rare features)." },
  { name: "input_to_state", type: "bool", default: 1, scope: ALL, help: "Input-to-state stage (Redqueen's): on a corpus input's first pick, run it with its compares traced, write each failed compare's other operand where one operand appears in the input, and repair the compares such a patch breaks that the input passed (a checksum or length stored over the patched bytes), so a tag and its checksum change in one step. Each input is offered to the stage once; the stage takes all of them while it finds more new features per execution (a traced one counted at its cost) than the random mutations, and a share of them when it finds fewer. Native compares (bunfuzz build's trace-cmp and string hooks); off with -use_cmp=0. On by default: bench/results/input-to-state.md." },
  { name: "prefix_snapshots", type: "bool", default: 0, scope: WITH_TEST, test: { key: "prefixSnapshots" }, help: "Prefix-frozen fuzzing for stateful harnesses (stateful(), statefulBytes()): a pick freezes the first operations of an input, runs them once, saves the harness's state, then fuzzes only the operations after them from restored copies of that state (256 executions per snapshot, at most half of all executions). JS/TS targets; off by default until measured to win (AlaSQL: 1.2-1.5x exec/s, same coverage at 60 and 300 s; Immutable.js: 0.88x, same coverage): bench/results/prefix-snapshots.md." },
  { name: "weighted_mutations", type: "bool", default: 0, scope: ALL, help: "Choose 80% of mutations by measured usefulness (new coverage per use), 20% uniformly." },
  { name: "chain_limit", type: "uint", default: 3, max: 1_000_000, scope: ALL, help: "Reset the input to its corpus original after this many stacked mutations without new coverage (0: stack up to -mutate_depth). The default is measured in bench/engine.ts section B." },
  { name: "instrument", type: "list", default: "", scope: WITH_TEST, test: { key: "instrument" }, help: "JS targets: comma-separated globs or npm package names to instrument (default: the target's folder and the packages it imports)." },
  { name: "instrument_exclude", type: "list", default: "", scope: ALL, help: "JS targets: comma-separated globs never to instrument (node_modules is excluded unless named)." },
  { name: "instrument_paths", type: "list", default: "", scope: ALL, help: "JS targets: comma-separated substrings of file paths; every file whose absolute path contains one is instrumented, node_modules included (* for every file). Jazzer.js's -i/--includes, to which bunfuzz fuzz translates it." },
  { name: "fuzz_entry_point", type: "string", default: "fuzz", scope: ALL, help: "JS targets: the exported function to call with each input (Jazzer.js's -f/--fuzz_entry_point)." },
  { name: "expected_errors", type: "list", default: "", scope: ALL, help: "JS targets: comma-separated error class names (or values of thrown strings) the campaign is expected to find, Jazzer.js's -x/--expected_errors: a finding that is one of them is saved and the run exits 0; another finding, or none, exits 78." },
  { name: "js_hit_counts", type: "bool", default: 0, scope: ALL, help: "JS targets: probes count hits (features by hit-count bucket, as native counters) instead of marking reached. Slower per input and grows the corpus; finds bugs that need a loop to run a number of times sooner (README)." },
  { name: "js_cmp_every", type: "uint", default: 1, min: 1, max: 1_000_000, scope: ALL, help: "JS targets: compare hooks run in one execution of this many (AFL++'s CmpLog design): the instrumented modules load twice, with probes alone for ordinary executions and with compare hooks for the traced ones, which feed the compare log. 1: every execution has hooks. Ignored with -use_cmp=0 or -use_value_profile=1. Off by default: on five packages it measured slower than hooks on every execution (traced executions run in colder, less optimized code, and a second copy of the code slows the ordinary ones; bench/results/instrument-hooks.md)." },
  { name: "keep_going", type: "bool", default: 0, scope: ALL, help: "JS targets: after a finding, save it and go on; each distinct finding (by top stack frames) is reported once." },
  { name: "custom_hooks", type: "list", default: "", scope: WITH_TEST, test: { key: "customHooks" }, help: "JS targets: comma-separated files of Jazzer.js custom hooks (its -h/--customHooks: registerBeforeHook, registerReplaceHook, registerAfterHook), loaded before the target." },
  { name: "disable_bug_detectors", type: "list", default: "", scope: WITH_TEST, test: { key: "disableBugDetectors" }, help: "JS targets: comma-separated regular expressions; the Jazzer.js bug detectors whose names match stay off (.* for all). On by default: command-injection, path-traversal, prototype-pollution, remote-code-execution, ssrf." },
  { name: "workers", type: "uint", default: 0, max: 1024, scope: WITH_TEST, test: { key: "workers" }, libfuzzer: LF, help: "Without -jobs: worker processes of this campaign, sharing one corpus and one feature set (0: one; in bun test, every core). With -jobs: how many jobs run at once (0: half the cores), as libFuzzer." },
  { name: "fork", type: "uint", default: 0, max: 1024, scope: ALL, libfuzzer: LF, help: "libFuzzer's fork mode: this many worker processes, each running a job of 1, 2, 3 ... up to 300 seconds before the next job takes its place; with -ignore_crashes/-ignore_timeouts/-ignore_ooms a finding is saved and fuzzing goes on." },
  { name: "jobs", type: "uint", default: 0, max: 1_000_000, scope: ALL, libfuzzer: LF, help: "Run this many independent campaigns (libFuzzer's jobs: each with the same flags, its output in fuzz-<i>.log), -workers at a time." },
  { name: "reload", type: "uint", default: 1, max: 0x7fffffff, scope: ALL, libfuzzer: LF, help: "Every this many seconds, take in the inputs other processes added to the corpus directory (0: never), as libFuzzer." },
  { name: "sync_dir", type: "string", default: "", scope: ALL, help: "An AFL++ sync directory (its -o shared by -M/-S instances): new inputs also go to DIR/<sync_id>/queue/ as AFL++ names them (id:NNNNNN,...), and what the other instances add to DIR/*/queue/ is taken in every -reload seconds." },
  { name: "sync_id", type: "string", default: "bunfuzz", scope: ALL, help: "This campaign's name in -sync_dir (AFL++'s -S name): its queue is DIR/<sync_id>/queue/." },
  { name: "status_interval", type: "uint", default: 3, max: 0x7fffffff, scope: ALL, help: "Seconds without output after which a pulse status line is printed, with the elapsed time (time: Ns); 0: only libFuzzer's pulse lines, which come at powers of two." },
  { name: "status_screen", type: "bool", default: 0, scope: ALL, help: "On a terminal: one status screen redrawn in place (run time, last new input, exec/s, corpus, findings, coverage) instead of scrolling lines. Ignored when stderr is not a terminal, so tools parsing the lines see them unchanged." },
  { name: "stats_file", type: "string", default: "", scope: ALL, help: "Append the campaign's time series (CSV: elapsed seconds, executions, exec/s, edges, features, corpus size, findings) to this file. Default: CORPUS.stats.csv beside the first corpus directory; none: off. bunfuzz plot and bunfuzz coverage draw it." },
] as const satisfies readonly OptionRow[];

export const OPTIONS = [...ACTIVE_ROWS, ...ACCEPTED_ROWS] as const;

type Row = (typeof OPTIONS)[number];
export type OptionName = Row["name"];
type RowNamed<K extends OptionName> = Extract<Row, { name: K }>;
type ValueOf<R extends Row> = R["type"] extends "string" ? string : R["type"] extends "list" ? string[] : number;

/** Parsed option values, by name: strings for "string" rows, string arrays for lists, numbers otherwise. */
export type Options = { [K in OptionName]: ValueOf<RowNamed<K>> };

type TestRow = Extract<Row, { test: { key: string } }>;
/** The flags fuzz() takes as options (`maxTotalTime`, `runs`, ...), typed from the table. */
export type TestFlagOptions = { [R in TestRow as R["test"]["key"]]?: ValueOf<R> };

/** A row's default as a parsed value (a list's default is its comma-separated text, split). */
export function defaultValue(row: OptionRow): number | string | string[] {
  return row.type === "list" ? splitList(String(row.default)) : row.default;
}

export function defaultOptions(): Options {
  const o: Record<string, unknown> = {};
  for (const row of OPTIONS as readonly OptionRow[]) o[row.name] = defaultValue(row);
  return o as Options;
}

const BY_NAME = new Map((OPTIONS as readonly OptionRow[]).map((r) => [r.name, r]));

export function findOption(name: string): OptionRow | undefined {
  return BY_NAME.get(name);
}

/** Whether bunfuzz acts on the flag (a row of its own, or a libFuzzer flag it implements). */
export function isActive(row: OptionRow): boolean {
  return !row.libfuzzer || row.libfuzzer.status === "implemented";
}

/** A list flag's items: comma-separated, trimmed, empty ones dropped. */
export function splitList(text: string): string[] {
  return text.split(",").map((x) => x.trim()).filter(Boolean);
}
