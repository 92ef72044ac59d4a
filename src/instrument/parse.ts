import { parseSync, type Program } from "oxc-parser";
import { EngineError } from "../findings/errors.ts";
import type { ModuleKind } from "./types.ts";

/** A parsed source: the ESTree program (with TS nodes), and what kind of module it is. */
export interface Parsed {
  readonly program: Program;
  readonly moduleKind: ModuleKind;
  readonly typescript: boolean;
  readonly jsx: boolean;
}

/** Whether a filename is TypeScript (.ts, .tsx, .mts, .cts). */
export function isTypeScriptFile(filename: string): boolean {
  return /\.[cm]?tsx?$/.test(filename);
}

/**
 * Parses JS, JSX, TS or TSX with oxc (offsets are UTF-16, parentheses are kept as
 * ParenthesizedExpression nodes). The module kind comes from `force`, else the extension
 * (.cjs/.cts are CommonJS, .mjs/.mts are ES modules), else the syntax: a .js/.ts file with
 * import/export is an ES module, one without is CommonJS (parsed so that a top-level `return` is
 * allowed). Throws an EngineError naming the file and the first syntax error.
 */
export function parseSource(code: string, filename: string, force?: ModuleKind): Parsed {
  const typescript = isTypeScriptFile(filename);
  const jsx = /\.[jt]sx$/.test(filename);
  const lang = typescript ? (jsx ? "tsx" : "ts") : jsx ? "jsx" : "js";
  const byExt: ModuleKind | undefined = /\.c[jt]s$/.test(filename) ? "cjs" : /\.m[jt]s$/.test(filename) ? "esm" : undefined;
  const kind = force ?? byExt;
  const run = (sourceType: "module" | "commonjs" | "unambiguous") =>
    parseSync(filename, code, { lang, sourceType, preserveParens: true, range: false });
  let result = run(kind === "esm" ? "module" : kind === "cjs" ? "commonjs" : "unambiguous");
  let moduleKind: ModuleKind = kind ?? (result.module.hasModuleSyntax ? "esm" : "cjs");
  if (result.errors.length > 0 && kind === undefined) {
    // "unambiguous" rejects CommonJS-only syntax such as a top-level return.
    const retry = run("commonjs");
    if (retry.errors.length === 0) {
      result = retry;
      moduleKind = "cjs";
    }
  }
  const first = result.errors[0];
  if (first) {
    const at = first.labels[0]?.start;
    throw new EngineError("target", `cannot instrument ${filename}: syntax error${at === undefined ? "" : ` at offset ${at}`}: ${first.message}; exclude the file from instrumentation or fix it`);
  }
  return { program: result.program, moduleKind, typescript, jsx };
}
