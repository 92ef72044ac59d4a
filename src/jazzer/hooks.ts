/**
 * Jazzer.js's function hooks (`@jazzer.js/hooking`): registerBeforeHook, registerReplaceHook and
 * registerAfterHook, with its semantics (docs/custom-hooks.md):
 *
 * - `pkg` names where the function lives: a built-in module ("child_process", "fs", "net"...),
 *   whose exported function (`target` may be a dotted path such as "Socket.prototype.connect") is
 *   replaced by a wrapper; "" for a global function ("eval", "Function"); otherwise a substring of
 *   the file paths whose functions are rewritten as they load (functionHooks.ts), the function
 *   named by its dotted path of enclosing names ("JpegImage.jpegImage.buildHuffmanTable").
 * - before: `hook(this, params, hookId)` then the original; replace: `hook(this, params, hookId,
 *   original)` instead; after: the original, then `hook(this, params, hookId, result)` (its return
 *   value is ignored; with async=true it runs when the returned promise resolves).
 * - a function takes one replace hook, or before/after hooks, not both.
 *
 * Hooks on built-ins act on every call in the worker, as in Jazzer.js: target code also runs from
 * the event loop between executions (a server's handler, a timer), and the engine's own calls
 * (corpus files, a few per new input, never per execution) pass their checks harmlessly.
 */
import { builtinModules, syncBuiltinESMExports } from "node:module";
import { writeStderr } from "../util/stderr.ts";

/** When a hook runs relative to the hooked function. */
export type HookKind = "before" | "replace" | "after";

// Hook functions take whatever the hooked function takes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HookFn = (thisPtr: any, params: any[], hookId: number, extra?: any) => any;

/** One registered hook. `id` is its index in `hooks`, the number rewritten code calls it by. */
export interface Hook {
  readonly id: number;
  readonly kind: HookKind;
  readonly target: string;
  readonly pkg: string;
  readonly async: boolean;
  readonly fn: HookFn;
  /** Set once the hook was put in place (a built-in or global patched, a function rewritten). */
  applied: boolean;
}

/** Every hook registered in this process, in registration order. */
export const hooks: Hook[] = [];

/** The global that rewritten functions call: `__bunfuzz_jazzer_hook(id, this, params, extra)`. */
export const HOOK_GLOBAL = "__bunfuzz_jazzer_hook";

/**
 * A stable id for one hook, passed to hook functions as `hookId` (guideTowards* use it to tell
 * call sites apart). FNV-1a of package and target.
 */
function hookIdOf(pkg: string, target: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${pkg}\0${target}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  return h >>> 0;
}

function register(kind: HookKind, target: string, pkg: string, async: boolean, fn: HookFn): Hook {
  if (typeof target !== "string" || typeof pkg !== "string" || typeof fn !== "function") {
    throw new TypeError(`register${kind[0]!.toUpperCase()}${kind.slice(1)}Hook(target: string, pkg: string, async: boolean, hookFn: function)`);
  }
  const h: Hook = { id: hooks.length, kind, target, pkg, async, fn, applied: false };
  hooks.push(h);
  return h;
}

/** Calls `hookFn(this, params, hookId)` before `target` of `pkg`. */
export function registerBeforeHook(target: string, pkg: string, async: boolean, hookFn: HookFn): void {
  register("before", target, pkg, async, hookFn);
}

/** Calls `hookFn(this, params, hookId, original)` instead of `target` of `pkg`. */
export function registerReplaceHook(target: string, pkg: string, async: boolean, hookFn: HookFn): void {
  register("replace", target, pkg, async, hookFn);
}

/** Calls `hookFn(this, params, hookId, result)` after `target` of `pkg` returned `result`. */
export function registerAfterHook(target: string, pkg: string, async: boolean, hookFn: HookFn): void {
  register("after", target, pkg, async, hookFn);
}

/** Whether `pkg` is a Node built-in module name (with or without `node:`). */
export function isBuiltin(pkg: string): boolean {
  return builtinModules.includes(pkg.replace(/^node:/, ""));
}

/**
 * The hooks that apply to one function: at most one replace hook, else before and after hooks.
 * Throws Jazzer.js's errors for a mix.
 */
export function matching(list: readonly Hook[]): { before: Hook[]; replace?: Hook; after: Hook[] } {
  const before = list.filter((h) => h.kind === "before"), after = list.filter((h) => h.kind === "after");
  const replace = list.filter((h) => h.kind === "replace");
  if (replace.length > 1) throw new Error(`For a given target function, one REPLACE hook can be configured. Found: ${replace.length}`);
  if (replace.length && (before.length || after.length)) {
    throw new Error(`For a given target function, REPLACE hooks cannot be mixed up with BEFORE/AFTER hooks. Found ${replace.length} REPLACE hooks and ${before.length + after.length} BEFORE/AFTER hooks`);
  }
  if (after.length && !after.every((h) => h.async === after[0]!.async)) throw new Error("For a given target function, AFTER hooks have to be either all sync or all async.");
  return { before, replace: replace[0], after };
}

type AnyFn = (...args: unknown[]) => unknown;

/** A wrapper of `original` that runs `set` of hooks around it. */
function wrap(original: AnyFn, set: ReturnType<typeof matching>): AnyFn {
  const { before, replace, after } = set;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    for (const h of before) h.fn(this, args, hookIdOf(h.pkg, h.target));
    if (replace) return replace.fn(this, args, hookIdOf(replace.pkg, replace.target), original);
    // `new wrapper()` constructs the original (a class cannot be called without new).
    const result = new.target ? Reflect.construct(original, args, new.target) : original.apply(this, args);
    if (!after.length) return result;
    if (after[0]!.async && result instanceof Promise) {
      return result.then((r) => { for (const h of after) h.fn(this, args, hookIdOf(h.pkg, h.target), r); return r; });
    }
    for (const h of after) h.fn(this, args, hookIdOf(h.pkg, h.target), result);
    return result;
  };
  Object.defineProperty(wrapped, "name", { value: original.name });
  wrapped.prototype = original.prototype;
  return wrapped;
}

/** Walks `path` from `root`; returns the object holding the last key, or undefined. */
function holder(root: unknown, path: string[]): Record<string, unknown> | undefined {
  let cur = root as Record<string, unknown> | undefined;
  for (const key of path.slice(0, -1)) {
    if (cur === null || (typeof cur !== "object" && typeof cur !== "function")) return undefined;
    cur = cur[key] as Record<string, unknown> | undefined;
  }
  return cur !== null && (typeof cur === "object" || typeof cur === "function") ? cur : undefined;
}

/**
 * Puts the hooks on built-in modules and global functions in place (functions of other packages
 * are hooked as their files load). Call after hooks are registered and before the target loads:
 * an ES module that imports a built-in afterwards sees the wrapper (syncBuiltinESMExports updates
 * the named exports modules imported before). Returns the hooks that found nothing to hook.
 */
export function applyRuntimeHooks(verbose: boolean): Hook[] {
  const missing: Hook[] = [];
  const groups = new Map<string, Hook[]>();
  for (const h of hooks) {
    if (h.applied || !(h.pkg === "" || isBuiltin(h.pkg))) continue;
    const key = `${h.pkg}\0${h.target}`;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  for (const list of groups.values()) {
    const { pkg, target } = list[0]!;
    const path = target.split(".");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const root = pkg === "" ? globalThis : require(pkg.startsWith("node:") ? pkg : `node:${pkg}`);
    const obj = holder(root, path);
    const key = path[path.length - 1]!;
    const original = obj?.[key];
    if (typeof original !== "function") {
      missing.push(...list);
      continue;
    }
    obj![key] = wrap(original as AnyFn, matching(list));
    for (const h of list) h.applied = true;
    if (verbose) writeStderr(`INFO: hooked ${pkg || "global"} ${target} (${list.map((h) => h.kind).join(", ")})\n`);
  }
  syncBuiltinESMExports();
  return missing;
}

/**
 * The entry point rewritten functions call (functionHooks.ts): runs hook `id` for a call of its
 * function with `params`; `extra` is the original (replace) or its result (after).
 */
function callHook(id: number, thisPtr: unknown, params: unknown[], extra?: unknown): unknown {
  const h = hooks[id]!;
  return h.fn(thisPtr, params, hookIdOf(h.pkg, h.target), extra);
}

(globalThis as Record<string, unknown>)[HOOK_GLOBAL] = callHook;
