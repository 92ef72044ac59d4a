/**
 * Errors an async execution throws outside its own promise chain: a callback target (Jazzer.js's
 * `fuzz(data, done)`) or a promise target whose work runs in a timer throws there, and neither
 * done() nor the promise ever settles. Jazzer.js reports such an uncaught exception as the finding;
 * without this, the execution would wait for its timeout, and under bun test the runner would fail
 * the fuzzing test itself (it takes uncaught exceptions first: process listeners never see them).
 *
 * So while an async execution is pending, callbacks of setTimeout, setInterval, setImmediate,
 * queueMicrotask and process.nextTick that throw reject that execution instead (outside one they
 * throw as before), and in a plain worker an 'uncaughtException' does the same. The wrapping is
 * installed once per process, before the first execution (a callback scheduled by it must be
 * wrapped already): installAsyncGuards().
 */
type Reject = (e: unknown) => void;

let pendingReject: Reject | undefined;
let installed = false;

/** Routes an error thrown outside the pending execution's promise to it; false when none is pending. */
function route(e: unknown): boolean {
  const r = pendingReject;
  if (!r) return false;
  pendingReject = undefined;
  r(e);
  return true;
}

// Timer functions take any arguments; their callbacks' `this` is whatever the runtime passes.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => any;

function guard(cb: unknown): unknown {
  if (typeof cb !== "function") return cb;
  const f = cb as AnyFn;
  return function (this: unknown, ...args: unknown[]) {
    try {
      return f.apply(this, args);
    } catch (e) {
      if (!route(e)) throw e;
    }
  };
}

/** Wraps the timer functions and listens for uncaught exceptions (once per process). */
export function installAsyncGuards(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Record<string, AnyFn>;
  for (const name of ["setTimeout", "setInterval", "setImmediate", "queueMicrotask"]) {
    const orig = g[name];
    if (typeof orig !== "function") continue;
    const wrapped = function (this: unknown, cb: unknown, ...rest: unknown[]) { return orig.call(this, guard(cb), ...rest); };
    Object.assign(wrapped, orig); // setTimeout[util.promisify.custom] and the like
    g[name] = wrapped;
  }
  const tick = process.nextTick;
  process.nextTick = ((cb: unknown, ...rest: unknown[]) => tick(guard(cb) as AnyFn, ...rest)) as typeof process.nextTick;
  process.on("uncaughtException", (e) => {
    if (!route(e)) {
      // Nothing pending to take it: what an uncaught exception does without a listener.
      console.error(e);
      process.exit(1);
    }
  });
}

/** Marks `reject` as the pending async execution's (until it settles: call the returned function). */
export function pendingExecution(reject: Reject): () => void {
  installAsyncGuards();
  pendingReject = reject;
  return () => {
    if (pendingReject === reject) pendingReject = undefined;
  };
}
