/**
 * A Jazzer.js-style fuzz function made ready for bunfuzz's executor: before/after-each callbacks
 * run around every call, a finding a bug detector reported (api.ts reportFinding) is the
 * execution's outcome even when the target caught the thrown Finding, and a target that takes a
 * second parameter is called with a `done` callback (Jazzer.js's callback style) and awaited.
 */
import { callbacks, pending, takeFinding } from "./api.ts";
import { installAsyncGuards, pendingExecution } from "./asyncErrors.ts";

type Fn = (data: Uint8Array, done?: (e?: unknown) => void) => unknown;

function runAll(fns: (() => void)[]): void {
  for (let i = 0; i < fns.length; i++) fns[i]!();
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === "object" && x !== null && typeof (x as PromiseLike<unknown>).then === "function";
}

let started = false;

/** Runs the start callbacks, once per process, before the first execution. */
function start(): void {
  started = true;
  runAll(callbacks.start);
}

/**
 * Wraps `fn` (a `fuzz(data)` or `fuzz(data, done)` function) so that each call runs the
 * registered callbacks and surfaces reported findings. Returns what fn returns (a promise for an
 * async or callback target), or throws the execution's finding. The synchronous path is what
 * every execution pays for: it reads the callback lists and the pending finding inline.
 */
export function findingAware(fn: Fn): (data: Uint8Array) => unknown {
  const { before, after } = callbacks;
  installAsyncGuards();
  if (fn.length > 1) return (data) => withDone(fn, data);
  const afterAll = (): void => { if (after.length !== 0) runAll(after); };
  return (data) => {
    if (!started) start();
    let r: unknown;
    try {
      if (before.length !== 0) runAll(before);
      r = fn(data);
    } catch (e) {
      afterAll();
      throw takeFinding() ?? e;
    }
    if (r !== undefined && isThenable(r)) return settleAsync(r, afterAll);
    if (after.length !== 0) runAll(after);
    if (pending.first !== undefined) throw takeFinding();
    return r;
  };
}

/** The outcome of an async execution: its value, or the finding reported meanwhile, or its error. */
function settleAsync(r: PromiseLike<unknown>, afterAll: () => void): unknown {
  const early = takeFinding();
  if (early) {
    // A hook threw inside the async body: the finding is known now; the rejected promise is moot.
    Promise.resolve(r).catch(() => {});
    afterAll();
    throw early;
  }
  // An error thrown outside the promise chain (a timer's callback) rejects it too (asyncErrors.ts).
  const settled = new Promise<unknown>((resolve, reject) => {
    const clear = pendingExecution(reject);
    Promise.resolve(r).then((v) => { clear(); resolve(v); }, (e) => { clear(); reject(e); });
  });
  return settled.then(
    (v) => { afterAll(); const f = takeFinding(); if (f) throw f; return v; },
    (e) => { afterAll(); throw takeFinding() ?? e; },
  );
}

/** A callback-style target as a promise: resolves when it calls done(), rejects on done(error) or a finding. */
function withDone(fn: Fn, data: Uint8Array): Promise<unknown> {
  return new Promise((resolveDone, rejectDone) => {
    let called = false;
    // An error thrown in a callback the target scheduled (before it calls done) rejects too (asyncErrors.ts).
    const clear = pendingExecution((e) => {
      if (called) return;
      called = true;
      if (callbacks.after.length) runAll(callbacks.after);
      rejectDone(takeFinding() ?? e);
    });
    const resolve = (v: unknown) => { clear(); resolveDone(v); };
    const reject = (e: unknown) => { clear(); rejectDone(e); };
    const done = (e?: unknown) => {
      if (called) {
        console.error("ERROR: Expected done to be called once, but it was called multiple times.");
        return;
      }
      called = true;
      if (callbacks.after.length) runAll(callbacks.after);
      const f = takeFinding();
      if (f) reject(f);
      else if (e !== undefined && e !== null) reject(typeof e === "string" ? new Error(e) : e);
      else resolve(undefined);
    };
    try {
      if (!started) start();
      if (callbacks.before.length) runAll(callbacks.before);
      const r = fn(data, done);
      if (isThenable(r)) reject(new Error("a fuzz target that takes a done callback must not return a promise: use one or the other"));
      const f = takeFinding();
      if (f) reject(f);
    } catch (e) {
      if (callbacks.after.length) runAll(callbacks.after);
      reject(takeFinding() ?? e);
    }
  });
}
