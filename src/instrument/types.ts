/**
 * The shapes shared by the instrumenter, its runtime and the plugin. Probe ids and compare-site
 * ids are local to one file: 0..n-1 in a deterministic traversal order, so the same file content
 * always gets the same ids (no hashing, no collisions). The runtime turns them into global
 * positions when the module first runs.
 */

/** Where a coverage probe sits: one per branch edge. */
export type ProbeKind =
  | "function" // entry of any function, arrow, method, getter, setter or constructor
  | "if" // the consequent of an if
  | "else" // an explicit else (an `else if` has no probe of its own: the inner if's arms cover it)
  | "implicit-else" // an if without else, when its test is false
  | "cond-then" // the `?` arm of a ternary
  | "cond-else" // the `:` arm of a ternary
  | "logical" // the right-hand side of &&, ||, ?? and of &&=, ||=, ??=, except below
  | "or-true" // in a test, an operand of an || chain that is true (then the rest does not run)
  | "case" // a switch case or default clause (entered by match or fall-through)
  | "implicit-default" // a switch without default when no case matches
  | "loop" // the body of for, for-in, for-of, while, do-while
  | "catch"; // a catch clause

/** One probe: its local id and where it is in the original source. */
export interface ProbeSite {
  /** Local probe id: the index into the file's counter array. */
  readonly id: number;
  readonly kind: ProbeKind;
  /** 1-based line in the original source. */
  readonly line: number;
  /** 0-based column in the original source, in UTF-16 code units. */
  readonly column: number;
}

/**
 * A stretch of original source that a set of probes speaks for: it ran when any of them was hit
 * (one probe for a function body, an if arm, a loop body, a ternary arm, a case clause, the right
 * side of `&&`; the arms of its leading `if` for a body that has no probe of its own). Coverage
 * reports mark each line by the innermost region around it: the instrumenter's own map, with no
 * second pass over the source.
 */
export interface ProbeRegion {
  /** 1-based line and 0-based UTF-16 column where the region starts. */
  readonly line: number;
  readonly column: number;
  /** Where it ends (exclusive), same units. */
  readonly endLine: number;
  readonly endColumn: number;
  /** Local probe ids; any of them hit means the region ran. */
  readonly probes: readonly number[];
  /** For a function's region: its name as written (absent for anonymous functions). */
  readonly name?: string;
}

/** What a compare site compares. */
export type CmpKind =
  | "==="
  | "!=="
  | "=="
  | "!="
  | "<"
  | ">"
  | "<="
  | ">="
  | "switch" // the discriminant against one literal case value
  | "startsWith"
  | "endsWith"
  | "includes"
  | "indexOf";

/** One compare site: its local id and where it is in the original source. */
export interface CmpSite {
  /** Local site id; the runtime adds the file's base to make it unique in the process. */
  readonly id: number;
  readonly kind: CmpKind;
  /** 1-based line in the original source. */
  readonly line: number;
  /** 0-based column in the original source (operator, method name or case value). */
  readonly column: number;
}

/**
 * How a probe records a hit. "set" writes 1 (cheapest; hit-count buckets see only "hit").
 * "count" increments and wraps 255 to 0 like SanitizerCoverage's inline 8-bit counters (an edge
 * hit a multiple of 256 times in one execution reads as not hit). "count-nonzero" increments and
 * skips zero (AFL's NeverZero: 255 then 1).
 */
export type CounterMode = "set" | "count" | "count-nonzero";

/** Whether a source is an ES module or CommonJS (which decides how it is emitted and loaded). */
export type ModuleKind = "esm" | "cjs";

/** Options of one transform. Absent fields take the defaults named on each. */
export interface InstrumentOptions {
  /**
   * The identity under which the runtime allocates this file's counters (once per key per
   * process). Default: the filename.
   */
  readonly fileKey?: string;
  /** Default "set" (measured in bench/instrument.ts; see src/instrument/README.md). */
  readonly counterMode?: CounterMode;
  /** Rewrite comparisons into compare hooks. Default true. */
  readonly compareHooks?: boolean;
  /**
   * Hook comparisons against byte-sized literals too (integers -1..255, one-character strings).
   * Default false: lexers make them on every character, and the compare log gains little from
   * them; value profile wants them (libFuzzer's 1-byte compares feed only its value profile), so
   * -use_value_profile=1 turns this on.
   */
  readonly byteCompares?: boolean;
  /**
   * Count loop iterations as work (hooks.ts WORK_VAR), for the entropic schedule's cost scaling.
   * Default true; false leaves loops with their probes only (bench/instrument.ts measures the
   * difference).
   */
  readonly countWork?: boolean;
  /**
   * Force the module kind; default: decided from the extension (.cjs/.cts, .mjs/.mts) and, for
   * .js/.ts, from the presence of import/export syntax.
   */
  readonly moduleKind?: ModuleKind;
}

/**
 * Per-line column anchors from instrumented to original code, flat triples
 * `[line, generatedColumn, originalColumn, ...]` sorted by line then column (line 1-based,
 * columns 0-based). Lines never move: the instrumenter inserts no line terminator.
 */
export type ColumnAnchors = readonly number[];

/** The output of one transform. */
export interface InstrumentResult {
  /** The instrumented source: same lines as the input, JS or TS as the input was. */
  readonly code: string;
  /** Number of probes (the length of the counter array); 0 means the code is unchanged. */
  readonly probes: number;
  /** Every probe, indexed by id. */
  readonly sites: readonly ProbeSite[];
  /** Every compare site, indexed by id. */
  readonly cmpSites: readonly CmpSite[];
  /** The source each probe speaks for (coverage reports); functions first come in walk order. */
  readonly regions: readonly ProbeRegion[];
  /**
   * Every distinct string or number literal compared against (operators, switch cases, method
   * arguments), hooked or not, in source order: material for the engine's dictionary.
   */
  readonly literals: ReadonlyArray<string | number>;
  /** Column anchors for remapping stack traces (see columnMap.ts). */
  readonly anchors: ColumnAnchors;
  /** The module kind the code was instrumented as. */
  readonly moduleKind: ModuleKind;
  /** Whether the code is TypeScript (then Bun must transpile it: loader "ts" or "tsx"). */
  readonly typescript: boolean;
}
