/**
 * Jazzer.js compatibility: what a JS worker (or a fuzz test's child) sets up before it loads the
 * target, so Jazzer.js targets, custom hooks and bug detectors work unchanged. See README.md.
 *
 * Order, as in Jazzer.js: the package mapping, then the bug detectors (custom hooks may
 * configure them), then the custom hooks files, then the hooks on built-ins and globals; the
 * hooks on package functions are applied by the instrumentation plugin's rewrite as files load.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadCommonJs } from "../instrument/commonjs.ts";
import { parseSource } from "../instrument/parse.ts";
import { EngineError } from "../findings/errors.ts";
import { writeStderr } from "../util/stderr.ts";
import { dictionaryEntries } from "./api.ts";
import { rewriteForDetectors } from "./detectorRewrite.ts";
import { detectorInstalled, installDetectors } from "./detectors/index.ts";
import { prototypePollutionConfig } from "./detectors/prototypePollution.ts";
import { fileHooks, rewriteFunctionHooks } from "./functionHooks.ts";
import { applyRuntimeHooks, hooks, isBuiltin } from "./hooks.ts";
import { registerJazzerResolver, rewriteJazzerImports } from "./resolve.ts";

export { findingAware } from "./target.ts";
export { dictionaryEntries } from "./api.ts";

/** What the worker passes in (from -custom_hooks and -disable_bug_detectors). */
export interface JazzerSetup {
  /** Custom hooks files, relative to the current directory (Jazzer.js's -h); an extension may be left out. */
  readonly customHooks: readonly string[];
  /** Regular expressions of bug detectors to leave off. */
  readonly disableBugDetectors: readonly string[];
  /** Print what was set up. */
  readonly verbose?: boolean;
}

/** What the setup gives the instrumentation: packages to include, and the source rewrite. */
export interface JazzerInstrumentation {
  /** Path fragments (npm package names) of hooked functions: their files must be instrumented to be rewritten. */
  readonly packages: string[];
  readonly rewrite: (code: string, path: string) => string;
  /** Names of the bug detectors on. */
  readonly detectors: string[];
}

const EXTENSIONS = ["", ".js", ".cjs", ".mjs", ".ts", ".cts", ".mts"];

function hooksFile(name: string): string {
  for (const ext of EXTENSIONS) {
    const p = resolve(name + ext);
    if (existsSync(p)) return p;
  }
  throw new EngineError("input", `custom hooks file ${name} does not exist: give its path (relative to ${process.cwd()}) to -custom_hooks`);
}

/** Sets up Jazzer.js compatibility for a target about to load. Throws EngineErrors for bad hooks files. */
export async function setupJazzer(o: JazzerSetup): Promise<JazzerInstrumentation> {
  registerJazzerResolver();
  const detectors = installDetectors(o.disableBugDetectors);
  const firstCustom = hooks.length;
  for (const name of o.customHooks) {
    const path = hooksFile(name);
    try {
      await loadHooksFile(path);
    } catch (e) {
      throw new EngineError("input", `custom hooks file ${path} failed to load: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const missing = applyRuntimeHooks(o.verbose ?? false);
  // Detectors hook some functions a Bun version may lack (fs.lchmod): only a custom hook's miss is worth a warning.
  for (const h of missing) if (h.id >= firstCustom) writeStderr(`bunfuzz: warning: hook on ${h.pkg || "global"} ${h.target}: no such function\n`);
  if (o.verbose && dictionaryEntries.length) writeStderr(`INFO: ${dictionaryEntries.length} dictionary entries from hooks and bug detectors\n`);
  const packages = [...new Set(hooks.filter((h) => h.pkg !== "" && !isBuiltin(h.pkg)).map((h) => h.pkg))];
  return { packages, rewrite: makeRewrite(), detectors };
}

/**
 * Runs a custom hooks file, its Jazzer.js imports pointed at bunfuzz's modules first (Jazzer.js's
 * examples reach them by relative paths into its repository, which no resolver hook sees).
 */
async function loadHooksFile(path: string): Promise<void> {
  const code = rewriteJazzerImports(readFileSync(path, "utf8"), path);
  if (code === undefined) {
    await import(path);
    return;
  }
  const ts = /\.[cm]?tsx?$/.test(path);
  if (parseSource(code, path).moduleKind === "cjs") {
    loadCommonJs(path, ts ? new Bun.Transpiler({ loader: "ts" }).transformSync(code) : code);
    return;
  }
  // An ES module: served as rewritten by a plugin for exactly this file.
  const exact = new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$`);
  Bun.plugin({ name: "bunfuzz-hooks-file", setup: (b) => { b.onLoad({ filter: exact }, () => ({ contents: code, loader: ts ? "ts" : "js" })); } });
  await import(path);
}

/** The plugin's source rewrite: function hooks of this file, then the detectors' rewrites, then Jazzer.js imports. */
function makeRewrite(): (code: string, path: string) => string {
  return (code, path) => {
    try {
      const mine = fileHooks(hooks, path);
      const hooked = mine.length ? rewriteFunctionHooks(code, path, mine) : { applied: [] };
      for (const h of hooked.applied) h.applied = true;
      const out = hooked.code ?? code;
      const want = { evalCalls: detectorInstalled("remote-code-execution"), assignments: detectorInstalled("prototype-pollution") && prototypePollutionConfig.getInstrumentAssignmentsAndVariableDeclarations() };
      const detected = rewriteForDetectors(out, path, want) ?? out;
      return rewriteJazzerImports(detected, path) ?? detected;
    } catch (e) {
      writeStderr(`bunfuzz: warning: cannot apply hooks to ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
      return code;
    }
  };
}
