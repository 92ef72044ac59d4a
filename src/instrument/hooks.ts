import type { CmpKind } from "./types.ts";

/**
 * The names that instrumented code and the runtime agree on. Changing one changes every emitted
 * file, so the cache key includes INSTRUMENT_VERSION (bump it with any change to emitted code).
 */

/** Bumped whenever the emitted code changes; part of the cache key. */
export const INSTRUMENT_VERSION = 17;

/** The one global the emitted header calls: `__bunfuzz_module(fileKey, probes, sites, switchTables, literalSites, pairSites)`. */
export const MODULE_GLOBAL = "__bunfuzz_module";

/** The global an ES module's counters come from: `__bunfuzz_counters(fileKey, probes)` (see COUNTERS_SCHEME). */
export const COUNTERS_GLOBAL = "__bunfuzz_counters";

/**
 * An instrumented ES module imports its counters from the virtual module
 * `bunfuzz-counters:<probes>:<fileKey>` (served by plugin.ts), a binding the JIT can fold
 * into every probe. An import is the only binding that holds its value before the module's own
 * body runs: a cycle of imports can call an exported function first, and a module-level `const`
 * would still be in its temporal dead zone then. The import is evaluated before everything else
 * the module imports (it comes first), so before any such cycle.
 */
export const COUNTERS_SCHEME = "bunfuzz-counters:";

export function countersSpecifier(fileKey: string, probes: number): string {
  return `${COUNTERS_SCHEME}${probes}:${fileKey}`;
}

/** Module-local alias of the file's counter array (a const, or an ES module's import). */
export const COUNTERS_VAR = "__bf_c";

/**
 * Module-local alias of the process's work counter (a const, or an ES module's import): every loop
 * iteration of instrumented code adds one, an allocation of a built-in its weight (allocWork.ts),
 * the executor reads it after each execution as that execution's cost (runtime.ts executionWork).
 */
export const WORK_VAR = "__bf_w";

/**
 * Temporaries of an allocation's work (allocWork.ts): its length argument, and the sum that saturates
 * the work counter. Each is read only within the expression that assigns it, so nested allocations
 * can share them.
 */
export const ALLOC_LENGTH_VAR = "__bf_l";
export const WORK_SUM_VAR = "__bf_t";

/** The global an ES module's work counter comes from (served with its counters, COUNTERS_SCHEME). */
export const WORK_GLOBAL = "__bunfuzz_work";

/** Module-local alias of the file's hook object (used only in the header). */
export const HOOKS_VAR = "__bf_h";

/**
 * Module-local alias of one hook function: `__bf_seq(a, b, 3)` measured faster than
 * `__bf_h.seq(a, b, 3)` (no property load per call).
 */
export function hookVar(hook: string): string {
  return `__bf_${hook}`;
}

/**
 * A temporary of the compare hooks, local to the enclosing function: `a` the left operand or a
 * method call's receiver, `b` the right operand or the needle, `p` a position argument, `r` a
 * method call's result, `s` a switch's discriminant. `height` is the site's nesting height (1 for a site with no hooked site
 * in its operands, else one more than the highest such site), so the temporaries of a site and of
 * the sites inside its operands never share a name.
 */
export function tempVar(role: "a" | "b" | "p" | "r" | "s", height: number): string {
  return `__bf_${role}${height}`;
}

/** Fields of the hook object the inline record-budget test reads (runtime.ts EPOCH); aliased like hooks. */
export const EPOCHS_VAR = "e";
export const EPOCH_NOW_VAR = "x";

/**
 * Fields of the hook object a failed comparison against a literal, or a switch no case matched,
 * writes instead of calling a hook: its operand at `o[site]` and its site id in the queue `q`
 * (`q[0]` the count), which the runtime records when the execution ends (compareHooks.ts drain).
 */
export const OPERANDS_VAR = "o";
export const QUEUE_VAR = "q";

/**
 * Fields of the hook object a failed equality of two computed strings writes (compareEmit.ts pair):
 * the operands of the i-th pair at `u[2i]` and `u[2i+1]`, its site at `v[i]` (`v[0]` the count),
 * and per site the pairs stored in this execution, `k[site]`. PAIR_INDEX_VAR is the temporary
 * that holds `2i`.
 */
export const PAIRS_VAR = "u";
export const PAIR_QUEUE_VAR = "v";
export const PAIR_COUNT_VAR = "k";
export const PAIR_INDEX_VAR = "__bf_n";

/**
 * Records per compare site per execution, for sites whose operands both vary (method calls, equality
 * of two computed values). More than one: a site that sees several different operands in one run
 * (Papa Parse tries six candidate delimiters at the same indexOf) must record them all; one per
 * execution lost the bug bench/js.ts finds on Papa Parse. A comparison against a literal records
 * once: its records differ only in the other operand (a string one's all land in the log slot the
 * literal picks), and a scanner's `code === 0x2028` failing on every character paid for seven
 * records nobody read (acorn: 160 miss calls per input with 8, 63 with 1).
 */
export const SITE_RECORDS = 8;

/** Module-local (hoisted) function that initializes the hook aliases and returns the counters. */
export const INIT_FN = "__bf_i";

/** The comparison operators that get a hook (with a literal operand, or see STRING_ONLY_OPERATORS). */
export const COMPARE_OPERATORS: ReadonlySet<string> = new Set(["===", "!==", "==", "!=", "<", ">", "<=", ">="]);

/**
 * Equality between two non-literal operands records strings only (of two or more characters on
 * one side): two computed numbers are positions and counts far more often than values from the
 * input. Relational comparisons of two non-literals get no hook.
 */
export const STRING_ONLY_OPERATORS: ReadonlySet<string> = new Set(["===", "!==", "==", "!="]);

/** Methods whose calls get a hook, with the prefix of their miss hooks (stm1, stm2, enm1, enm2, inm, iom). */
export const METHOD_HOOKS: Readonly<Record<string, string>> = {
  startsWith: "st",
  endsWith: "en",
  includes: "in",
  indexOf: "io",
};

/** The CmpKind of a binary operator or method name that has a hook, else undefined. */
export function cmpKindOf(opOrMethod: string): CmpKind | undefined {
  if (COMPARE_OPERATORS.has(opOrMethod) || opOrMethod in METHOD_HOOKS) return opOrMethod as CmpKind;
  return undefined;
}
