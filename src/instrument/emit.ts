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
 * The hit of probe `id` as an expression. `safe` is for exported top-level function declarations
 * of an ES module: a cycle of imports can call them before the module body has run the header,
 * so they initialize the alias themselves (`__bf_c` is a hoisted var, undefined until then). It
 * costs a load and a branch per call (about 4% on smol-toml), so only those functions pay it.
 */
export function hitExpr(id: number, mode: CounterMode, safe = false): string {
  const arr = safe ? `(${COUNTERS_VAR}||${INIT_FN}())` : COUNTERS_VAR;
  if (mode === "set") return `${arr}[${id}]=1`;
  return mode === "count" ? `${arr}[${id}]++` : `++${arr}[${id}]||${COUNTERS_VAR}[${id}]++`;
}

/** The hit of probe `id` as a statement. */
export function hitStmt(id: number, mode: CounterMode, safe = false): string {
  return `${hitExpr(id, mode, safe)};`;
}

/**
 * The module header: hoisted aliases (the counters, the hook object, one variable per hook the
 * file uses) and an init function that asks the runtime for this file's counters and hooks
 * (`switchTables[t]` is a flat list `site, value, site, value, ...`).
 */
export function header(fileKey: string, probes: number, sites: number, switchTables: ReadonlyArray<ReadonlyArray<string | number>>, hooks: readonly string[], temp = false): string {
  const tables = `[${switchTables.map((t) => `[${t.map(jsValue).join(",")}]`).join(",")}]`;
  const vars = [COUNTERS_VAR, HOOKS_VAR, ...hooks.map(hookVar), ...(temp ? [TEMP_VAR] : [])].join(",");
  const assigns = hooks.map((h) => `${hookVar(h)}=${HOOKS_VAR}.${h};`).join("");
  return `var ${vars};function ${INIT_FN}(){${HOOKS_VAR}=globalThis.${MODULE_GLOBAL}(${jsString(fileKey)},${probes},${sites},${tables});${assigns}return ${COUNTERS_VAR}=${HOOKS_VAR}.c}${INIT_FN}();`;
}
