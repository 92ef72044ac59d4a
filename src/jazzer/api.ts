/**
 * Jazzer.js's fuzzing API for targets, hooks and bug detectors (what `@jazzer.js/core` exports
 * besides FuzzedDataProvider), over bunfuzz's runtime:
 *
 * - guideTowardsEquality / guideTowardsContainment record into the engine's compare log, as a
 *   failed instrumented comparison does (the CMP mutator then splices the target string in);
 * - exploreState marks one of STATE_SLOTS counters per (id, state) pair, so a new state is new
 *   coverage. (Jazzer.js feeds it to libFuzzer's value profile, so it acts only with
 *   -use_value_profile=1; its 4.0 release also drops every numeric state, a type check that tests
 *   for a string. Here it works as documented, always.)
 * - reportFinding stores the first finding of an execution; the engine checks it after each run
 *   (target.ts), so a finding a target's own try/catch swallowed is still reported.
 *
 * Counters and compare records go through the instrumentation runtime's public entry point (the
 * global an instrumented file's header calls), as if this were one more instrumented file. Without
 * a runtime (plain `bun test` replays) guidance does nothing and findings still throw.
 */
import { MODULE_GLOBAL } from "../instrument/hooks.ts";
import type { ModuleHooks } from "../instrument/runtime.ts";

/** A bug detector's finding: thrown, and remembered even when the target catches it. */
export class Finding extends Error {}

/** exploreState's counters: states of all ids share them (a hash picks the slot). A guess: room for a few thousand states. */
export const STATE_SLOTS = 4096;
/** Compare sites for guidance: hook ids share them modulo this. Picked without much thought. */
const GUIDE_SITES = 256;
const RUNTIME_KEY = "bunfuzz:jazzer-api";

type ModuleInit = (fileKey: string, probes: number, sites: number, tables: unknown[]) => ModuleHooks;
let hooks: ModuleHooks | null | undefined;

/** The runtime's hooks for this API, or null when no fuzzing runtime is installed. */
function runtime(): ModuleHooks | null {
  if (hooks !== undefined) return hooks;
  const init = (globalThis as Record<string, unknown>)[MODULE_GLOBAL] as ModuleInit | undefined;
  hooks = init ? init(RUNTIME_KEY, STATE_SLOTS, GUIDE_SITES, []) : null;
  return hooks;
}

/** Forgets the runtime binding (tests install a fresh runtime per case). */
export function resetRuntimeBinding(): void {
  hooks = undefined;
}

function siteOf(id: number): number {
  return ((id % GUIDE_SITES) + GUIDE_SITES) % GUIDE_SITES;
}

/**
 * Guides mutations towards making `current` equal to `target` (a failed comparison of the two is
 * recorded; nothing happens when they are equal or not both strings). `id` tells call sites apart.
 */
export function guideTowardsEquality(current: string, target: string, id: number): void {
  if (typeof current !== "string" || typeof target !== "string" || typeof id !== "number" || current === target) return;
  runtime()?.fm(current, target, siteOf(id));
}

/** Guides mutations towards making `haystack` contain `needle` (recorded when it does not). */
export function guideTowardsContainment(needle: string, haystack: string, id: number): void {
  if (typeof needle !== "string" || typeof haystack !== "string" || typeof id !== "number" || haystack.includes(needle)) return;
  runtime()?.inm(haystack, needle, siteOf(id));
}

/**
 * Counts each distinct (id, state) pair as coverage, so the fuzzer keeps inputs that reach new
 * values of `state` (e.g. positions in a maze). States are hashed into STATE_SLOTS counters.
 */
export function exploreState(state: number, id: number): void {
  if (typeof state !== "number" || typeof id !== "number") return;
  const rt = runtime();
  if (!rt) return;
  const h = Math.imul((Math.imul(id | 0, 0x9e3779b1) ^ (state | 0)) >>> 0, 0x85ebca6b) >>> 0;
  rt.c[h % STATE_SLOTS] = 1;
}

/** Jazzer.js's older entry point for the three guidance functions. */
export const jazzer = { guideTowardsEquality, guideTowardsContainment, exploreState };

/** The current execution's first finding (read inline by target.ts after every execution). */
export const pending: { first: Finding | undefined } = { first: undefined };

/**
 * Remembers the first finding of the current execution and returns it; later ones are ignored
 * (returns undefined), as in Jazzer.js. A string becomes a Finding; containStack=false drops the stack.
 */
export function reportFinding(cause: string | Finding, containStack = true): Finding | undefined {
  if (pending.first) return undefined;
  const f = typeof cause === "string" ? new Finding(cause) : cause;
  if (!containStack) f.stack = f.message;
  pending.first = f;
  return f;
}

/** reportFinding, then throws the execution's first finding, to leave the target at once. */
export function reportAndThrowFinding(cause: string | Finding, containStack = true): never {
  throw reportFinding(cause, containStack) ?? pending.first;
}

/** Engine side: the execution's first finding, cleared. */
export function takeFinding(): Finding | undefined {
  const f = pending.first;
  pending.first = undefined;
  return f;
}

/**
 * Functions run before and after every execution of the target (bug detectors use them), and
 * once before the first (`start`: not part of Jazzer.js's API; a detector's baseline).
 */
export const callbacks = { start: [] as (() => void)[], before: [] as (() => void)[], after: [] as (() => void)[] };

/** Runs `fn` before each execution of the fuzz target. */
export function registerBeforeEachCallback(fn: () => void): void {
  callbacks.before.push(fn);
}

/** Runs `fn` after each execution of the fuzz target (also after one that threw). */
export function registerAfterEachCallback(fn: () => void): void {
  callbacks.after.push(fn);
}

/** Dictionary entries added through addDictionary, in libFuzzer's quoted form; the worker adds them to -dict's. */
export const dictionaryEntries: string[] = [];

/** Adds libFuzzer dictionary lines (`"value"`, or `name="value"`) to the fuzzer's dictionary. */
export function addDictionary(...entries: string[]): void {
  dictionaryEntries.push(...entries);
}

const globals = new Map<string, unknown>();

/** Jazzer.js's process-wide key/value store for hooks and detectors. */
export function getJazzerJsGlobal<T>(name: string): T | undefined {
  return globals.get(name) as T | undefined;
}

export function setJazzerJsGlobal<T>(name: string, value: T): void {
  globals.set(name, value);
}

export function getOrSetJazzerJsGlobal<T>(name: string, value: T): T {
  if (!globals.has(name)) globals.set(name, value);
  return globals.get(name) as T;
}
