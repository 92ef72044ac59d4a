import { COUNTERS_VAR, HOOKS_VAR, INIT_FN, MODULE_GLOBAL, TEMP_VAR, hookVar } from "./hooks.ts";
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
 * the header, so they initialize the aliases themselves. Probes alone need not: `__bf_c` is a
 * hoisted function declaration until the header replaces it with the counters, and a probe that
 * runs before then sets a property of that function, harmlessly. The check costs a load and a
 * branch per call (about 4% on smol-toml when every exported function paid it).
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

/**
 * The module header: hoisted aliases (the counters, declared as a function so that a probe run
 * before the header is harmless, see hitExpr; the hook object; one variable per hook the file
 * uses) and an init function that asks the runtime for this file's counters and hooks
 * (`switchTables[t]` is a flat list `site, value, site, value, ...`).
 */
export function header(fileKey: string, probes: number, sites: number, switchTables: ReadonlyArray<ReadonlyArray<string | number>>, hooks: readonly string[], temp = false): string {
  const tables = `[${switchTables.map((t) => `[${t.map(jsValue).join(",")}]`).join(",")}]`;
  const vars = [HOOKS_VAR, ...hooks.map(hookVar), ...(temp ? [TEMP_VAR] : [])].join(",");
  const assigns = hooks.map((h) => `${hookVar(h)}=${HOOKS_VAR}.${h};`).join("");
  return `function ${COUNTERS_VAR}(){}var ${vars};function ${INIT_FN}(){${HOOKS_VAR}=globalThis.${MODULE_GLOBAL}(${jsString(fileKey)},${probes},${sites},${tables});${assigns}return ${COUNTERS_VAR}=${HOOKS_VAR}.c}${INIT_FN}();`;
}
