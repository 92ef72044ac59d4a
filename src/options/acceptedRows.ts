/**
 * libFuzzer's flags that bunfuzz accepts without acting on them, each with the reason. Scripts,
 * `.options` files and ClusterFuzz pass them, and libFuzzer itself warns and goes on for a flag it
 * does not know, so refusing them would stop a campaign over a knob. A run given one with a value
 * other than its default prints the reason (options/parse.ts). Rows move to table.ts's ACTIVE_ROWS
 * as they are implemented. Help texts are libFuzzer's, shortened.
 */
import type { OptionRow } from "./table.ts";

const ALL = ["cli", "options"] as const;
const LATER = (what: string) => ({ status: "ignored", why: `not implemented yet (${what})` }) as const;
const NA = (why: string) => ({ status: "n/a", why }) as const;
const IGNORED = (why: string) => ({ status: "ignored", why }) as const;
const SIGNALS = "the worker always handles deadly signals (the supervisor recovers the input from them) and SIGINT/SIGTERM (they stop the run with its closing lines)";
const USR = "libFuzzer stops gracefully on SIGUSR1/SIGUSR2; bunfuzz does not intercept them: send SIGINT or SIGTERM, which stop the run with its closing lines";
const COVERAGE_REPORT = "`bunfuzz coverage` writes lcov and an HTML report of every line and branch instead";

export const ACCEPTED_ROWS = [
  { name: "keep_seed", type: "int", default: 0, scope: ALL, libfuzzer: IGNORED("seed inputs join the corpus only when they reach new features"), help: "Keep seed inputs in the corpus even if they do not produce new coverage." },
  { name: "cross_over_uniform_dist", type: "int", default: 0, scope: ALL, libfuzzer: IGNORED("cross-over partners are drawn by the input schedule"), help: "Experimental: choose cross-over partners uniformly." },
  { name: "reduce_depth", type: "int", default: 0, scope: ALL, libfuzzer: IGNORED("experimental in libFuzzer; bunfuzz's -chain_limit resets stacked mutations instead"), help: "Experimental: reduce depth if mutations lose unique features." },
  { name: "shuffle", type: "int", default: 1, scope: ALL, libfuzzer: IGNORED("seeds run smallest first, in path order within a size"), help: "Shuffle inputs at startup." },
  { name: "prefer_small", type: "int", default: 1, scope: ALL, libfuzzer: IGNORED("seeds always run smallest first"), help: "Prefer smaller inputs during the corpus shuffle." },
  { name: "fork_corpus_groups", type: "int", default: 0, scope: ALL, libfuzzer: LATER("corpus groups by size for -fork jobs"), help: "Fork mode: give each child seeds from corpus groups by size." },
  { name: "use_counters", type: "int", default: 1, scope: ALL, libfuzzer: IGNORED("features always include hit-count buckets"), help: "Use coverage counters." },
  { name: "use_memmem", type: "int", default: 1, scope: ALL, libfuzzer: IGNORED("memmem and strstr operands always feed the compare log"), help: "Use hints from intercepting memmem, strstr, etc." },
  { name: "report_slow_units", type: "int", default: 10, scope: ALL, libfuzzer: IGNORED("slow inputs are not saved as slow-unit- artifacts; stat::slowest_unit_time_sec reports the slowest"), help: "Report slowest units if they run for more than this number of seconds." },
  { name: "mutation_graph_file", type: "string", default: "", scope: ALL, libfuzzer: IGNORED("no mutation graph is written"), help: "Save a graph (DOT) of inputs with unique coverage and the mutations between them." },
  { name: "print_funcs", type: "int", default: 2, scope: ALL, libfuzzer: IGNORED(COVERAGE_REPORT), help: "Print at most this many newly covered functions." },
  { name: "print_full_coverage", type: "int", default: 0, scope: ALL, libfuzzer: IGNORED(COVERAGE_REPORT), help: "Print full coverage information (all branches) as text at exit." },
  { name: "dump_coverage", type: "int", default: 0, scope: ALL, libfuzzer: NA("deprecated in libFuzzer"), help: "Deprecated." },
  { name: "handle_segv", type: "int", default: 1, scope: ALL, libfuzzer: NA(SIGNALS), help: "Intercept SIGSEGV." },
  { name: "handle_bus", type: "int", default: 1, scope: ALL, libfuzzer: NA(SIGNALS), help: "Intercept SIGBUS." },
  { name: "handle_abrt", type: "int", default: 1, scope: ALL, libfuzzer: NA(SIGNALS), help: "Intercept SIGABRT." },
  { name: "handle_ill", type: "int", default: 1, scope: ALL, libfuzzer: NA(SIGNALS), help: "Intercept SIGILL." },
  { name: "handle_fpe", type: "int", default: 1, scope: ALL, libfuzzer: NA(SIGNALS), help: "Intercept SIGFPE." },
  { name: "handle_int", type: "int", default: 1, scope: ALL, libfuzzer: NA(SIGNALS), help: "Intercept SIGINT." },
  { name: "handle_term", type: "int", default: 1, scope: ALL, libfuzzer: NA(SIGNALS), help: "Intercept SIGTERM." },
  { name: "handle_xfsz", type: "int", default: 1, scope: ALL, libfuzzer: IGNORED("SIGXFSZ (a file over the size limit) is not intercepted; libFuzzer reports it as \"file size exceeded\""), help: "Intercept SIGXFSZ." },
  { name: "handle_usr1", type: "int", default: 1, scope: ALL, libfuzzer: IGNORED(USR), help: "Intercept SIGUSR1." },
  { name: "handle_usr2", type: "int", default: 1, scope: ALL, libfuzzer: IGNORED(USR), help: "Intercept SIGUSR2." },
  { name: "handle_winexcept", type: "int", default: 1, scope: ALL, libfuzzer: NA("Windows only"), help: "Intercept uncaught Windows Visual C++ exceptions." },
  { name: "purge_allocator_interval", type: "int", default: 1, scope: ALL, libfuzzer: IGNORED("the sanitizer allocator's caches are not purged"), help: "Purge allocator caches and quarantines every N seconds (-1: never)." },
  { name: "trace_malloc", type: "int", default: 0, scope: ALL, libfuzzer: IGNORED("mallocs and frees are not traced"), help: "Print all mallocs/frees (2: with stack traces)." },
  { name: "exit_on_src_pos", type: "string", default: "", scope: ALL, libfuzzer: IGNORED("new PCs are not symbolized while fuzzing"), help: "Exit once a newly covered PC comes from this source position (foo.cc:123)." },
  { name: "focus_function", type: "string", default: "", scope: ALL, libfuzzer: IGNORED("no focus function"), help: "Experimental: focus on inputs that call this function." },
  { name: "use_clang_coverage", type: "int", default: 0, scope: ALL, libfuzzer: NA("deprecated in libFuzzer"), help: "Deprecated; don't use." },
  { name: "data_flow_trace", type: "string", default: "", scope: ALL, libfuzzer: IGNORED("no data-flow traces (they need a DFSan build)"), help: "Experimental: use the data flow trace." },
  { name: "collect_data_flow", type: "string", default: "", scope: ALL, libfuzzer: IGNORED("no data-flow traces (they need a DFSan build)"), help: "Experimental: collect the data flow trace." },
  { name: "create_missing_dirs", type: "int", default: 0, scope: ALL, libfuzzer: IGNORED("bunfuzz always creates the output corpus and the artifact directory when missing"), help: "Create the directories flags name when they do not exist." },
  { name: "merge_inner", type: "string", default: "", scope: ALL, libfuzzer: { ...NA("libFuzzer's internal flag for its merge child process"), hidden: true }, help: "Internal." },
  { name: "minimize_crash_internal_step", type: "int", default: 0, scope: ALL, libfuzzer: { ...NA("libFuzzer's internal flag for its -minimize_crash child process"), hidden: true }, help: "Internal." },
  { name: "features_dir", type: "string", default: "", scope: ALL, libfuzzer: { ...IGNORED("feature sets are not written to disk"), hidden: true }, help: "Internal: write each corpus input's unique features to this directory." },
] as const satisfies readonly OptionRow[];
