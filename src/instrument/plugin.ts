import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { CACHE_DIR } from "../util/paths.ts";
import { instrumentCached } from "./cache.ts";
import { isTypeScriptFile, parseSource } from "./parse.ts";
import { COMMONJS_LINE1_SHIFT, commonJsNamespace, loadCommonJs } from "./commonjs.ts";
import { buildFilter, type FileSelection } from "./filter.ts";
import { packageTypeOf } from "./packageType.ts";
import { COUNTERS_GLOBAL, COUNTERS_SCHEME, WORK_GLOBAL } from "./hooks.ts";
import { installRuntime, isRuntimeInstalled, type CoverageSink } from "./runtime.ts";
import { registerColumnMap } from "./stack.ts";
import type { CounterMode, InstrumentResult, ProbeRegion, ProbeSite } from "./types.ts";
import { writeStderr } from "../util/stderr.ts";
import { loadTracedCommonJs, TRACED_NAMESPACE, tracedImports, tracedSpecifier } from "./traced.ts";

/** Options of registerInstrumentation. */
export interface InstrumentationOptions extends FileSelection {
  /** Default "set". */
  readonly counterMode?: CounterMode;
  /** Default true. */
  readonly compareHooks?: boolean;
  /** Default false (types.ts InstrumentOptions). */
  readonly byteCompares?: boolean;
  /** Default true (types.ts InstrumentOptions). */
  readonly countWork?: boolean;
  /**
   * Compare hooks only in a traced copy of the instrumented modules (traced.ts): the ordinary
   * copy has probes alone, `import(tracedSpecifier(entry))` loads the traced copy of the target.
   * Default false. Needs compareHooks.
   */
  readonly traced?: boolean;
  /** Where instrumented files are cached; default CACHE_DIR/instrument; false disables the cache. */
  readonly cacheDir?: string | false;
  /** If given, installRuntime(sink) first; otherwise the runtime must already be installed. */
  readonly sink?: CoverageSink;
  /** Called once per instrumented file, after it is instrumented and before it runs. */
  readonly onFile?: (info: InstrumentedFile) => void;
  /**
   * A source rewrite applied before instrumentation (Jazzer.js function hooks, src/jazzer/); it
   * must keep line numbers. The cache keys on its output, so it needs no key of its own.
   */
  readonly rewrite?: (code: string, path: string) => string;
}

/** What the plugin did with one file. */
export interface InstrumentedFile {
  readonly path: string;
  readonly probes: number;
  readonly cmpSites: number;
  readonly moduleKind: "esm" | "cjs";
  /** Whether the output came from the cache. */
  readonly cached: boolean;
  /** Set when the file could not be instrumented and runs uninstrumented; the reason. */
  readonly skipped?: string;
  /** Where each probe is, and the source each speaks for (coverage reports read them). */
  readonly sites?: readonly ProbeSite[];
  readonly regions?: readonly ProbeRegion[];
}

/** The registered plugin: its filter (exactly the files it instruments) and running totals. */
export interface InstrumentationHandle {
  readonly filter: RegExp;
  readonly files: InstrumentedFile[];
  /** Compare sites of the traced copies loaded so far (InstrumentationOptions.traced). */
  tracedCmpSites?: number;
}

function loaderOf(path: string): "js" | "jsx" | "ts" | "tsx" {
  if (path.endsWith(".tsx")) return "tsx";
  if (path.endsWith(".jsx")) return "jsx";
  return /\.[cm]?ts$/.test(path) ? "ts" : "js";
}

let tsTranspiler: InstanceType<typeof Bun.Transpiler> | undefined;
let tsxTranspiler: InstanceType<typeof Bun.Transpiler> | undefined;

/**
 * CommonJS TypeScript must become JS before `_compile`. Bun's transpiler reprints the code, so
 * line numbers of such files are not preserved and their stack columns are not remapped.
 */
function transpileTs(code: string, path: string): string {
  const tsx = path.endsWith(".tsx");
  const t = tsx ? (tsxTranspiler ??= new Bun.Transpiler({ loader: "tsx" })) : (tsTranspiler ??= new Bun.Transpiler({ loader: "ts" }));
  return t.transformSync(code);
}

type OnLoadResult = { contents: string; loader: "js" | "jsx" | "ts" | "tsx" } | { exports: Record<string, unknown>; loader: "object" };

/** Loads an instrumentation result the way its module kind needs (see commonjs.ts). */
function emit(path: string, r: InstrumentResult): OnLoadResult {
  if (r.moduleKind === "esm") {
    if (r.probes > 0 || r.cmpSites.length > 0) registerColumnMap(path, r.anchors, 0);
    return { contents: r.code, loader: loaderOf(path) };
  }
  let js = r.code;
  if (r.typescript) js = transpileTs(js, path);
  else if (r.probes > 0 || r.cmpSites.length > 0) registerColumnMap(path, r.anchors, COMMONJS_LINE1_SHIFT);
  return { exports: commonJsNamespace(loadCommonJs(path, js)), loader: "object" };
}

/**
 * Loads the traced copy of the file at `path` (traced.ts): `r` is its instrumentation (with compare
 * hooks), or the file as it is for a module the plugin does not instrument (the target's entry).
 * Its column map is registered under the name its frames carry and printed as the path.
 */
function emitTraced(path: string, r: InstrumentResult, wanted: (p: string) => boolean, load: (p: string) => { exports: unknown } | undefined): OnLoadResult {
  const frame = tracedSpecifier(path);
  if (r.moduleKind === "esm") {
    if (r.probes > 0 || r.cmpSites.length > 0) registerColumnMap(frame, r.anchors, 0, path);
    return { contents: r.code, loader: loaderOf(path) };
  }
  let js = r.code;
  if (r.typescript) js = transpileTs(js, path);
  else if (r.probes > 0 || r.cmpSites.length > 0) registerColumnMap(frame, r.anchors, COMMONJS_LINE1_SHIFT, path);
  return { exports: commonJsNamespace(loadTracedCommonJs(path, js, frame, wanted, load)), loader: "object" };
}

/**
 * Registers a Bun plugin that instruments the selected files as they load (import and require,
 * ES modules and CommonJS, JS and TS). Call it before the code under test is imported: at the top
 * of the worker file, or from a `preload` (bunfig `preload` does not reach Worker threads).
 * Instrumented output is cached by content hash under CACHE_DIR/instrument/.
 */
export function registerInstrumentation(opts: InstrumentationOptions): InstrumentationHandle {
  if (opts.sink) installRuntime(opts.sink);
  else if (!isRuntimeInstalled()) throw new EngineError("internal", "registerInstrumentation needs a coverage runtime: pass `sink` or call installRuntime(sink) first");
  const filter = buildFilter(opts);
  const cacheDir = opts.cacheDir ?? join(CACHE_DIR, "instrument");
  const handle: InstrumentationHandle = { filter, files: [] };
  const hooks = opts.compareHooks ?? true;
  const traced = hooks && (opts.traced ?? false);
  const iopts = { counterMode: opts.counterMode ?? "set", compareHooks: hooks && !traced, byteCompares: opts.byteCompares ?? false, countWork: opts.countWork ?? true } as const;
  const source = (path: string): string => (opts.rewrite ? opts.rewrite(readFileSync(path, "utf8"), path) : readFileSync(path, "utf8"));
  const forcedKind = (path: string) => (/\.[jt]sx?$/.test(path) && packageTypeOf(path) === "module" ? "esm" as const : undefined);
  const wanted = (p: string): boolean => filter.test(p);
  /**
   * The traced copy of `path`: instrumented with compare hooks if the plugin instruments it, else as
   * it is (the target's entry); an ES module's imports point at traced copies. Undefined when it
   * cannot be parsed (its ordinary copy serves a require).
   */
  const tracedResult = (path: string): InstrumentResult | undefined => {
    const code = source(path);
    const kind = forcedKind(path);
    try {
      const r: InstrumentResult = wanted(path)
        ? instrumentCached(code, path, { ...iopts, compareHooks: true, fileKey: path, moduleKind: kind }, cacheDir).result
        : { code, probes: 0, sites: [], cmpSites: [], regions: [], literals: [], anchors: [], moduleKind: parseSource(code, path, kind).moduleKind, typescript: isTypeScriptFile(path) };
      return r.moduleKind === "esm" ? { ...r, code: tracedImports(r.code, path, wanted) } : r;
    } catch {
      return undefined;
    }
  };
  const loadTracedCjs = (p: string): { exports: unknown } | undefined => {
    const r = tracedResult(p);
    if (!r || r.moduleKind !== "cjs") return undefined;
    handle.tracedCmpSites = (handle.tracedCmpSites ?? 0) + r.cmpSites.length;
    const ns = emitTraced(p, r, wanted, loadTracedCjs) as { exports: Record<string, unknown> };
    return { exports: ns.exports["module.exports"] };
  };
  Bun.plugin({
    name: "bunfuzz-instrument",
    setup(build) {
      // An instrumented ES module's counters (hooks.ts COUNTERS_SCHEME): `bunfuzz-counters:<probes>:<fileKey>`.
      const scheme = new RegExp(`^${COUNTERS_SCHEME}`);
      build.onResolve({ filter: scheme }, (args) => ({ path: args.path.slice(COUNTERS_SCHEME.length), namespace: "bunfuzz-counters" }));
      build.onLoad({ filter: /^/, namespace: "bunfuzz-counters" }, (args) => {
        const colon = args.path.indexOf(":");
        const probes = Number(args.path.slice(0, colon)), fileKey = args.path.slice(colon + 1);
        return { contents: `export const c=globalThis.${COUNTERS_GLOBAL}(${JSON.stringify(fileKey)},${probes}),w=globalThis.${WORK_GLOBAL};`, loader: "js" };
      });
      if (traced) {
        build.onLoad({ filter: /^/, namespace: TRACED_NAMESPACE }, (args) => {
          const path = args.path;
          const r = tracedResult(path);
          if (!r) throw new EngineError("target", `cannot load the traced copy of ${path}: run with -js_cmp_every=1`);
          handle.tracedCmpSites = (handle.tracedCmpSites ?? 0) + r.cmpSites.length;
          return emitTraced(path, r, wanted, loadTracedCjs);
        });
      }
      build.onLoad({ filter }, (args) => {
        const path = args.path;
        const code = source(path);
        const force = forcedKind(path);
        let result: InstrumentResult;
        let cached = false;
        try {
          const out = instrumentCached(code, path, { ...iopts, fileKey: path, moduleKind: force }, cacheDir);
          result = out.result;
          cached = out.hit;
        } catch (e) {
          // oxc rejected what Bun may accept: run the file uninstrumented rather than not at all.
          const reason = e instanceof Error ? e.message : String(e);
          writeStderr(`bunfuzz: warning: ${reason}; running it uninstrumented\n`);
          const cjs = /\.c[jt]s$/.test(path) || (force !== "esm" && !/\.m[jt]s$/.test(path) && !/^\s*(?:import|export)\b/m.test(code));
          result = { code, probes: 0, sites: [], cmpSites: [], regions: [], literals: [], anchors: [], moduleKind: cjs ? "cjs" : "esm", typescript: /\.[cm]?tsx?$/.test(path) };
          handle.files.push({ path, probes: 0, cmpSites: 0, moduleKind: result.moduleKind, cached: false, skipped: reason });
          return emit(path, result);
        }
        const info: InstrumentedFile = { path, probes: result.probes, cmpSites: result.cmpSites.length, moduleKind: result.moduleKind, cached, sites: result.sites, regions: result.regions };
        handle.files.push(info);
        opts.onFile?.(info);
        return emit(path, result);
      });
    },
  });
  return handle;
}
