/**
 * Remote code execution (Jazzer.js's detector of that name): a finding when code given to eval
 * or to the Function constructor contains the marker "jaz_zer"; otherwise the code is recorded as
 * a failed comparison with the marker.
 *
 * Jazzer.js replaces the global eval, which turns every direct `eval(x)` into an indirect one
 * (global scope instead of the caller's). bunfuzz keeps direct eval direct: in instrumented files,
 * `eval(x)` becomes `eval(check(x))` (detectorRewrite.ts); the global Function is wrapped.
 */
import { guideTowardsContainment, reportAndThrowFinding } from "../api.ts";
import { registerBeforeHook } from "../hooks.ts";

/** The string whose presence in evaluated code proves the input controls it. */
export const CODE_GOAL = "jaz_zer";

/** The global rewritten `eval(x)` calls check x with: returns x. */
export const EVAL_CHECK_GLOBAL = "__bunfuzz_jazzer_eval";

/** Stable compare-site ids for the two entry points (any number works; these are arbitrary). */
const EVAL_ID = 0xe7a1, FUNCTION_ID = 0xf0c;

function check(how: string, code: unknown, id: number): void {
  if (typeof code !== "string") return;
  if (code.includes(CODE_GOAL)) reportAndThrowFinding(`Remote Code Execution\n    using ${how}:\n        '${code}'`);
  guideTowardsContainment(CODE_GOAL, code, id);
}

/** Registers the detector: the Function hook, and the check rewritten eval calls use. */
export function installRemoteCodeExecution(): void {
  (globalThis as Record<string, unknown>)[EVAL_CHECK_GLOBAL] = (code: unknown) => {
    check("eval", code, EVAL_ID);
    return code;
  };
  registerBeforeHook("Function", "", false, (_this, params) => {
    if (params.length > 0) check("Function", params[params.length - 1], FUNCTION_ID);
  });
}
