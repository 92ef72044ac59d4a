import Module from "node:module";
import { dirname } from "node:path";
import vm from "node:vm";

/**
 * CommonJS under a Bun plugin. Bun 1.4 treats source returned by `onLoad` as an ES module, so a
 * CommonJS file returned that way loses its exports on `require()` (oven-sh/bun#39786). So the
 * plugin evaluates instrumented CommonJS itself, into the Module object that `require.cache`
 * holds for the path (Bun creates it before calling onLoad), and returns the result through
 * onLoad's `loader: "object"`: `require()` takes its `"module.exports"` key, `import` gets
 * `default` and the named exports. Evaluating into the cached Module keeps require cycles
 * working (the second require sees the partial exports).
 *
 * Two measured traps decided the details. An ES module facade (`export { m as "module.exports" }`)
 * makes Bun map every stack frame of the path through the facade's source map (all frames came
 * out at 1:41); the object loader has no source. And `Module.prototype._compile` runs Bun's
 * transpiler, whose source map only keeps statement starts (every error in a statement reported
 * the same column); `vm.runInThisContext` hands the text to JavaScriptCore as is, so positions are
 * exact and only line 1 is shifted, by our wrapper.
 */

// node:module's internals (Module._cache, _nodeModulePaths, createRequire) are partly untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const M = Module as any;

/** Node's CommonJS wrapper; on one line, so only line 1 columns move (by its length). */
const WRAP_OPEN = "(function (exports, require, module, __filename, __dirname) {";
const WRAP_CLOSE = "\n})";

/** Columns that stack positions on line 1 of a loadCommonJs module are too far right. */
export const COMMONJS_LINE1_SHIFT = WRAP_OPEN.length;

/** Modules evaluated by us, by path: a second onLoad for the same path reuses the first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const compiled = new Map<string, any>();

/** A hashbang is only legal at offset 0: inside the wrapper it becomes a comment of the same length. */
function neutralizeHashbang(code: string): string {
  return code.startsWith("#!") ? `//${code.slice(2)}` : code;
}

/**
 * Runs CommonJS `code` as the module at `path` (once per path per process) and returns its
 * `module.exports`, with Node's wrapper semantics: `this` is module.exports, `require` resolves
 * from the file, `__filename` and `__dirname` are the file's. A throw from the module's top level
 * propagates, and the path is forgotten so a later require tries again, as Node does.
 */
export function loadCommonJs(path: string, code: string): unknown {
  const done = compiled.get(path);
  if (done) return done.exports;
  let m = M._cache[path];
  if (!m) {
    m = new M(path, null);
    M._cache[path] = m;
  }
  m.filename = path;
  m.paths = M._nodeModulePaths(dirname(path));
  m.loaded = false;
  compiled.set(path, m);
  try {
    runWrapped(m, code, path, M.createRequire(path));
  } catch (e) {
    compiled.delete(path);
    delete M._cache[path];
    throw e;
  }
  m.loaded = true;
  return m.exports;
}

/**
 * Evaluates CommonJS `code` in Node's wrapper into the Module `m` (whose `filename` is the file's
 * path): `this` is module.exports, `require` the given one; stack frames name `frameName`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function runWrapped(m: any, code: string, frameName: string, require: NodeJS.Require): void {
  const fn = vm.runInThisContext(WRAP_OPEN + neutralizeHashbang(code) + WRAP_CLOSE, { filename: frameName });
  fn.call(m.exports, m.exports, require, m, m.filename, dirname(m.filename));
}

/**
 * The namespace that stands for a loaded CommonJS module under `loader: "object"`:
 * `"module.exports"` (what `require()` returns), `default` (module.exports, or its `default` when
 * `__esModule` is set, as Bun does), and one named export per own enumerable key, read once.
 */
export function commonJsNamespace(exports: unknown): Record<string, unknown> {
  const ns: Record<string, unknown> = {};
  if (exports !== null && (typeof exports === "object" || typeof exports === "function")) {
    const obj = exports as Record<string, unknown>;
    for (const k of Object.keys(obj)) if (k !== "default" && k !== "module.exports" && k !== "__esModule") ns[k] = obj[k];
  }
  const esm = exports !== null && typeof exports === "object" && (exports as { __esModule?: unknown }).__esModule;
  ns.default = esm ? (exports as { default?: unknown }).default : exports;
  ns["module.exports"] = exports;
  return ns;
}
