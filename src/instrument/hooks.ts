import type { CmpKind } from "./types.ts";

/**
 * The names that instrumented code and the runtime agree on. Changing one changes every emitted
 * file, so the cache key includes INSTRUMENT_VERSION (bump it with any change to emitted code).
 */

/** Bumped whenever the emitted code changes; part of the cache key. */
export const INSTRUMENT_VERSION = 11;

/** The one global the emitted header calls: `__bunfuzz_module(fileKey, probes, sites, switchTables)`. */
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
 * Inlined hooks: the comparison stays in the emitted code, so the equal (true) path costs nothing,
 * and only a failure calls one of these, which records and returns the result the failure already
 * decided: fm/tm false/true (any operands), fms/tms the same for string operands only (see
 * BINARY_STRING_HOOKS).
 */
export const MISS_HOOKS = { false: "fm", true: "tm", falseStrings: "fms", trueStrings: "tms" } as const;

/** Module-local temporary of inlined method hooks (see transform.ts inlineMethod). */
export const TEMP_VAR = "__bf_v";

/** Fields of the hook object the inline record-budget test reads (runtime.ts EPOCH); aliased like hooks. */
export const EPOCHS_VAR = "e";
export const EPOCH_NOW_VAR = "x";

/** Module-local (hoisted) function that initializes the hook aliases and returns the counters. */
export const INIT_FN = "__bf_i";

/** Hook names for binary comparisons: each returns exactly what the operator returns. */
export const BINARY_HOOKS: Readonly<Record<string, string>> = {
  "===": "seq",
  "!==": "sne",
  "==": "eq",
  "!=": "ne",
  "<": "lt",
  ">": "gt",
  "<=": "le",
  ">=": "ge",
};

/**
 * Hooks for equality between two non-literal operands: the same results, but they record only
 * strings (of two or more characters on one side): two computed numbers are positions and
 * counts far more often than values from the input.
 */
export const BINARY_STRING_HOOKS: Readonly<Record<string, string>> = {
  "===": "seqs",
  "!==": "snes",
  "==": "eqs",
  "!=": "nes",
};

/** Hook name for a switch discriminant: `sw(value, table)` returns value. */
export const SWITCH_HOOK = "sw";

/** Methods whose calls become hooks, with the hook name prefix; the suffix is the argument count. */
export const METHOD_HOOKS: Readonly<Record<string, string>> = {
  startsWith: "st",
  endsWith: "en",
  includes: "in",
  indexOf: "io",
};

/** The CmpKind of a binary operator or method name that has a hook, else undefined. */
export function cmpKindOf(opOrMethod: string): CmpKind | undefined {
  if (opOrMethod in BINARY_HOOKS || opOrMethod in METHOD_HOOKS) return opOrMethod as CmpKind;
  return undefined;
}
