import { COUNTERS_VAR, HOOKS_VAR, INIT_FN, MODULE_GLOBAL, WORK_VAR, countersSpecifier, hookVar } from "./hooks.ts";
import type { CounterMode } from "./types.ts";

/**
 * The text the instrumenter inserts. Every piece is one line: the emitted code keeps the line
 * numbers of the original.
 */

/** A JS string literal for s, safe on one line (JSON escapes \n; U+2028/2029 are escaped too). */
export function jsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A JS literal for a switch case value. */
export function jsValue(v: string | number): string {
  if (typeof v === "string") return jsString(v);
  return Object.is(v, -0) ? "-0" : String(v);
}

/**
 * The hit of probe `id` as an expression. `init` is for exported top-level function declarations
 * of an ES module that call hooks: a cycle of imports can call them before the module body has run
 * the header, so they initialize the hook aliases themselves. Probes alone need not: an ES
 * module's counters are an import, bound before any of its code can run (see COUNTERS_SCHEME). The
 * check costs a load and a branch per call (about 4% on smol-toml when every exported function paid it).
 */
export function hitExpr(id: number, mode: CounterMode, init = false): string {
  const arr = init ? `(${initExpr()},${COUNTERS_VAR})` : COUNTERS_VAR;
  if (mode === "set") return `${arr}[${id}]=1`;
  return mode === "count" ? `${arr}[${id}]++` : `++${arr}[${id}]||${COUNTERS_VAR}[${id}]++`;
}

/** Initializes the module's aliases unless the header has run: `__bf_h||__bf_i()`. */
function initExpr(): string {
  return `${HOOKS_VAR}||${INIT_FN}()`;
}

/** The hit of probe `id` as a statement. */
export function hitStmt(id: number, mode: CounterMode, init = false): string {
  return `${hitExpr(id, mode, init)};`;
}

/** One unit of work (a loop iteration): see hooks.ts WORK_VAR. */
export const WORK_STMT = `${WORK_VAR}[0]++;`;

/**
 * The module header: the counters and the work counter as bindings that never change (an ES module's import, see
 * COUNTERS_SCHEME; a CommonJS `const`, whose code cannot run before its first statement), which
 * the JIT folds into each probe as a constant address: a `var` assigned at run time cost smol-toml
 * about 4% more (bench/instrument.ts); then the hook object, one variable per hook the file uses,
 * the compare hooks' temporaries (for code outside any function, parameter defaults and class
 * fields; a function declares its own), and an init function that asks the runtime for them (`switchTables[t]` is a flat list
 * `site, value, site, value, ...`; `literalSites` one of `site, literal, ...` with `~site` for a
 * literal on the left, see compareEmit.ts store; `pairSites` the number of string equalities, pair).
 */
export function header(fileKey: string, probes: number, sites: number, switchTables: ReadonlyArray<ReadonlyArray<string | number>>, literalSites: ReadonlyArray<string | number>, pairSites: number, hooks: readonly string[], temps: readonly string[], esm: boolean): string {
  const tables = `[${switchTables.map((t) => `[${t.map(jsValue).join(",")}]`).join(",")}],[${literalSites.map(jsValue).join(",")}],${pairSites}`;
  const vars = [HOOKS_VAR, ...hooks.map(hookVar), ...temps].join(",");
  const assigns = hooks.map((h) => `${hookVar(h)}=${HOOKS_VAR}.${h};`).join("");
  const call = `globalThis.${MODULE_GLOBAL}(${jsString(fileKey)},${probes},${sites},${tables})`;
  if (!esm) {
    const consts = [`${HOOKS_VAR}=${call}`, `${COUNTERS_VAR}=${HOOKS_VAR}.c`, `${WORK_VAR}=${HOOKS_VAR}.w`, ...hooks.map((h) => `${hookVar(h)}=${HOOKS_VAR}.${h}`)];
    return `const ${consts.join(",")};${temps.length > 0 ? `var ${temps.join(",")};` : ""}`;
  }
  const init = `var ${vars};function ${INIT_FN}(){${HOOKS_VAR}=${call};${assigns}return ${HOOKS_VAR}.c}`;
  return `import{c as ${COUNTERS_VAR},w as ${WORK_VAR}}from${jsString(countersSpecifier(fileKey, probes))};${init}${INIT_FN}();`;
}
