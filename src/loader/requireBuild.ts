/**
 * A package imported from a TypeScript file loads the build Node would load for it.
 *
 * Node runs TypeScript after it is compiled, and in a package without `"type": "module"` the
 * compiled file is CommonJS: `import yaml from "js-yaml"` becomes `require("js-yaml")`, which
 * takes the package's "require" build. Bun runs the .ts file itself as an ES module and takes the
 * "import" build. For packages that ship both, the two can differ in ways targets notice: one
 * parser's ESM bundle names its error class `YAMLException2`, so a target that compares error
 * names turned every syntax error into a finding.
 *
 * So in such .ts files (loaded through the instrumentation plugin), the specifiers of imports
 * that resolve differently under `require` are replaced by the path `require` resolves to (same
 * line, same length of lines before it). A Bun plugin's onResolve cannot do this: Bun 1.4 does not
 * call it for bare package names without a dot (PLATFORM-NOTES). .mts files, files of "module"
 * packages, .js files and everything in node_modules load as Bun loads them.
 */
import { createRequire } from "node:module";
import { isAbsolute } from "node:path";
import type { Node } from "../instrument/ast.ts";
import { Edits } from "../instrument/edits.ts";
import { packageTypeOf } from "../instrument/packageType.ts";
import { parseSource } from "../instrument/parse.ts";
import { packageName } from "./imports.ts";

/** Whether Node would run the compiled form of this file as CommonJS. */
export function compilesToCommonJs(path: string): boolean {
  if (!/\.c?tsx?$/.test(path) || path.includes("/node_modules/")) return false;
  return path.endsWith(".cts") || packageTypeOf(path) === "commonjs";
}

/** The "require" build's path where it differs from what Bun resolves for an import, else undefined. */
function requireBuild(spec: string, from: string): string | undefined {
  if (packageName(spec) === undefined) return undefined;
  try {
    const cjs = createRequire(from).resolve(spec);
    if (!isAbsolute(cjs)) return undefined;
    return cjs === Bun.resolveSync(spec, from) ? undefined : cjs;
  } catch {
    return undefined; // no "require" build (an ESM-only package): Bun's own resolution
  }
}

function isNode(x: unknown): x is Node {
  return typeof x === "object" && x !== null && typeof (x as Node).type === "string";
}

/**
 * `code` (the file at `path`) with bare import specifiers pointed at their "require" builds, or
 * undefined when the file is not one Node would run as CommonJS or no import differs.
 */
export function rewriteRequireBuilds(code: string, path: string): string | undefined {
  if (!compilesToCommonJs(path) || !/\bimport\b|\bexport\b/.test(code)) return undefined;
  const { program } = parseSource(code, path);
  const edits = new Edits();
  const visit = (n: Node): void => {
    const src = n.type === "ImportDeclaration" || n.type === "ExportAllDeclaration" || n.type === "ExportNamedDeclaration" || n.type === "ImportExpression" ? n.source : undefined;
    if (src && src.type === "Literal" && typeof src.value === "string" && n.importKind !== "type" && n.exportKind !== "type") {
      const cjs = requireBuild(src.value, path);
      if (cjs) edits.replace(src.start, src.end, JSON.stringify(cjs));
    }
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c); }
      else if (isNode(v)) visit(v);
    }
  };
  visit(program as unknown as Node);
  return edits.size ? edits.apply(code).code : undefined;
}
