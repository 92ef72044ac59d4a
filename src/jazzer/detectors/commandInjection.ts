/**
 * Command injection (Jazzer.js's detector of that name): a finding when a command or file that a
 * child_process function (or Bun.spawn/spawnSync) is about to run contains the marker "jaz_zer";
 * otherwise the command is recorded as a failed comparison with the marker, which steers the
 * fuzzer towards writing it into the input.
 */
import { guideTowardsContainment, reportAndThrowFinding } from "../api.ts";
import { registerBeforeHook } from "../hooks.ts";

/** The string whose presence in a command proves the input controls it. */
export const COMMAND_GOAL = "jaz_zer";

const CHILD_PROCESS = ["exec", "execSync", "execFile", "execFileSync", "spawn", "spawnSync", "fork"];

function check(fn: string, command: unknown, hookId: number): void {
  if (typeof command !== "string") return;
  if (command.includes(COMMAND_GOAL)) reportAndThrowFinding(`Command Injection\n    in ${fn}(): called with '${command}'`);
  guideTowardsContainment(COMMAND_GOAL, command, hookId);
}

/** Bun.spawn(cmd, opts) and Bun.spawn({ cmd }): the command is an argv array. */
function argv(params: unknown[]): unknown[] {
  const first = params[0];
  if (Array.isArray(first)) return first;
  const cmd = (first as { cmd?: unknown } | null)?.cmd;
  return Array.isArray(cmd) ? cmd : [];
}

/** Registers the detector's hooks. */
export function installCommandInjection(): void {
  for (const fn of CHILD_PROCESS) registerBeforeHook(fn, "child_process", false, (_this, params, id) => check(fn, params[0], id));
  for (const fn of ["spawn", "spawnSync"]) {
    registerBeforeHook(`Bun.${fn}`, "", false, (_this, params, id) => { for (const a of argv(params)) check(`Bun.${fn}`, a, id); });
  }
}
