import Module from "node:module";
import { dirname } from "node:path";
import { jsString } from "./emit.ts";

/**
 * CommonJS under a Bun plugin. Bun 1.4 treats source returned by `onLoad` as an ES module, so a
 * CommonJS file returned that way loses its exports on `require()` (oven-sh/bun#39786). So the
 * plugin compiles instrumented CommonJS itself, into the Module object that `require.cache`
 * holds for the path (Bun creates it before calling onLoad), and returns a small ES module
 * facade that re-exports the result: `require()` takes its `"module.exports"` export, `import`
 * gets `default` and the named exports. Compiling into the cached Module keeps require cycles
 * working (the second require sees the partial exports).
 */

// node:module's internals (Module._cache, _compile, _nodeModulePaths) are not in its types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const M = Module as any;

/**
 * Our wrapper inside Bun's: Bun's `_compile` runs top-level code with `this === module`, Node
 * (and Bun's own loader) with `this === module.exports`, which UMD bundles rely on.
 */
const WRAP_OPEN = "(function(){";
const WRAP_CLOSE = "\n}).apply(module.exports,arguments)";

/** Modules compiled by us, by path: a second onLoad for the same path reuses the first. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const compiled = new Map<string, any>();

const EXPORTS_GLOBAL = "__bunfuzz_cjs_exports";
(globalThis as Record<string, unknown>)[EXPORTS_GLOBAL] = (path: string): unknown => compiled.get(path)?.exports;

/** A hashbang is only legal at offset 0: inside our wrapper it becomes a comment of the same length. */
function neutralizeHashbang(code: string): string {
  return code.startsWith("#!") ? `//${code.slice(2)}` : code;
}

/**
 * Runs CommonJS `code` as the module at `path` (once per path per process) and returns its
 * `module.exports`. A throw from the module's top level propagates, and the path is forgotten so
 * a later require tries again, as Node does.
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
    m._compile(WRAP_OPEN + neutralizeHashbang(code) + WRAP_CLOSE, path);
  } catch (e) {
    compiled.delete(path);
    delete M._cache[path];
    throw e;
  }
  m.loaded = true;
  return m.exports;
}

/**
 * The ES module source that stands for a compiled CommonJS module: `"module.exports"` (what
 * `require()` returns), `default` (module.exports, or its `default` when `__esModule` is set, as
 * Bun does), and one named export per own enumerable key.
 */
export function commonJsFacade(path: string, exports: unknown): string {
  const keys = exports !== null && (typeof exports === "object" || typeof exports === "function")
    ? Object.keys(exports).filter((k) => k !== "default" && k !== "module.exports" && k !== "__esModule")
    : [];
  const vars = keys.map((k, i) => `__bf_e${i}=__bf_m[${jsString(k)}]`);
  const names = keys.map((k, i) => `__bf_e${i} as ${jsString(k)}`);
  return `var __bf_m=globalThis.${EXPORTS_GLOBAL}(${jsString(path)});` +
    `var __bf_d=__bf_m!==null&&typeof __bf_m==="object"&&__bf_m.__esModule?__bf_m.default:__bf_m${vars.map((v) => `,${v}`).join("")};` +
    `export{__bf_m as "module.exports",__bf_d as default${names.map((n) => `,${n}`).join("")}};`;
}

let line1Shift: number | undefined;

/**
 * How many columns Bun's `_compile` wrapper plus ours put before line 1 of the code, measured
 * once by compiling a line that throws at column 0. Stack positions on line 1 of a compiled
 * CommonJS file are this much too far right.
 */
export function commonJsLine1Shift(): number {
  if (line1Shift !== undefined) return line1Shift;
  const path = "/__bunfuzz_calibrate__/shift.js";
  const m = new M(path, null);
  m.filename = path;
  m.paths = [];
  line1Shift = 0;
  try {
    m._compile(`${WRAP_OPEN}null.x${WRAP_CLOSE}`, path);
  } catch (e) {
    const match = String((e as Error).stack).match(/shift\.js:1:(\d+)/);
    if (match) line1Shift = Math.max(0, Number(match[1]) - 1);
  }
  return line1Shift;
}
