import Module from "node:module";
import { dirname } from "node:path";
import { visitorKeys } from "oxc-parser";
import type { Node } from "./ast.ts";
import { runWrapped } from "./commonjs.ts";
import { jsString } from "./emit.ts";
import { parseSource } from "./parse.ts";

/**
 * The traced copy of a target (CmpLog's design, as AFL++ builds it): the instrumented modules are
 * loaded twice, once with probes alone for ordinary executions and once with compare hooks for the
 * executions whose compare operands are wanted (`-js_cmp_every=N`). The copies are two module
 * graphs in one process: the traced one lives in the Bun plugin namespace TRACED_NAMESPACE, whose
 * modules import and require the traced copies of the files the plugin instruments and share every
 * other module (node builtins, packages left uninstrumented) with the ordinary graph. Both copies
 * of a file write the same counters (one file key), so coverage does not depend on which ran.
 *
 * Why two graphs and not two bodies per function behind a flag: the two bodies must sit on the
 * same lines (stack traces, findings' identity), which one function body cannot give; two copies
 * of a module keep each on the original lines.
 */

/** The plugin namespace of the traced copies: `bunfuzz-traced:/abs/path` is the traced copy of that file. */
export const TRACED_NAMESPACE = "bunfuzz-traced";

/** The specifier of the traced copy of the file at `path`. */
export function tracedSpecifier(path: string): string {
  return `${TRACED_NAMESPACE}:${path}`;
}

// node:module's internals (createRequire, _nodeModulePaths) are partly untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const M = Module as any;

/** The string-literal sources of a program's static imports, re-exports and `import("...")` calls. */
function importSources(program: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    const t = n.type;
    if ((t === "ImportDeclaration" || t === "ExportNamedDeclaration" || t === "ExportAllDeclaration" || t === "ImportExpression") && n.source?.type === "Literal" && typeof n.source.value === "string") {
      if (!(n.importKind === "type" || n.exportKind === "type")) out.push(n.source);
    }
    for (const key of visitorKeys[t] ?? []) {
      const v = n[key];
      if (Array.isArray(v)) { for (const c of v) if (c && typeof c.type === "string") walk(c); } else if (v && typeof v.type === "string") walk(v);
    }
  };
  walk(program);
  return out;
}

/**
 * An ES module's source with each import of a file `wanted` accepts pointed at that file's traced
 * copy (a specifier on one line, so lines stay where they were). A specifier that does not resolve
 * is left as it is: the module fails to load as its ordinary copy would.
 */
export function tracedImports(code: string, path: string, wanted: (resolved: string) => boolean): string {
  let program: Node;
  try {
    program = parseSource(code, path, "esm").program as unknown as Node;
  } catch {
    return code;
  }
  const dir = dirname(path);
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const src of importSources(program)) {
    let resolved: string;
    try {
      resolved = Bun.resolveSync(src.value as string, dir);
    } catch {
      continue;
    }
    if (wanted(resolved)) edits.push({ start: src.start, end: src.end, text: jsString(tracedSpecifier(resolved)) });
  }
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Traced CommonJS modules by path (their own cache: require.cache holds the ordinary copies). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const tracedCjs = new Map<string, any>();

/**
 * The traced exports of a CommonJS file; undefined for an ES module, which a `require` from traced
 * code gets as its ordinary copy (a synchronous require cannot load a plugin namespace's module).
 */
export type TracedLoad = (path: string) => { exports: unknown } | undefined;

/**
 * `require` for a traced CommonJS module at `from`: a file `wanted` accepts loads as its traced
 * copy (`load`), anything else (builtins, uninstrumented packages) is the ordinary module.
 */
function tracedRequire(from: string, wanted: (resolved: string) => boolean, load: TracedLoad): NodeJS.Require {
  const real = M.createRequire(from) as NodeJS.Require;
  const req = ((spec: string) => {
    const p = real.resolve(spec);
    const traced = wanted(p) ? load(p) : undefined;
    return traced ? traced.exports : real(spec);
  }) as NodeJS.Require;
  req.resolve = real.resolve;
  req.cache = real.cache;
  req.main = real.main;
  return req;
}

/**
 * Runs CommonJS `code` as the traced copy of `path` (once per path) and returns its exports, as
 * commonjs.ts loadCommonJs does for the ordinary copy; `require` inside it reaches traced copies
 * (tracedRequire) through `load`. Its stack frames
 * name `frameName`, so remapStack can tell the copies' columns apart.
 */
export function loadTracedCommonJs(path: string, code: string, frameName: string, wanted: (resolved: string) => boolean, load: TracedLoad): unknown {
  const done = tracedCjs.get(path);
  if (done) return done.exports;
  const m = new M(path, null);
  m.filename = path;
  m.paths = M._nodeModulePaths(dirname(path));
  tracedCjs.set(path, m);
  try {
    runWrapped(m, code, frameName, tracedRequire(path, wanted, load));
  } catch (e) {
    tracedCjs.delete(path);
    throw e;
  }
  m.loaded = true;
  return m.exports;
}
