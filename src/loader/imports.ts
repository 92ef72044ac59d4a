/**
 * The npm packages a target uses directly: what bunfuzz instruments by default besides the
 * target's own folder. A user fuzzing a parser wants the parser's branches counted; Jazzer.js
 * leaves node_modules out unless told, its most asked-about pitfall, and a campaign over an
 * uninstrumented library reports `cov: 3` for as long as it runs.
 *
 * "Directly" means imported (import, export ... from, import(), require()) by the target file or
 * by the local files it imports, followed through relative imports outside node_modules. The
 * packages' own dependencies are not included: a library's internals are its own business, and
 * -instrument names any that matter.
 */
import { readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import { isAbsolute } from "node:path";
import type { Node } from "../instrument/ast.ts";
import { parseSource } from "../instrument/parse.ts";

/** Local files followed at most (a guess: projects whose harness imports more have -instrument). */
const MAX_FILES = 200;

/** Packages that are bunfuzz's own or mapped by it, never instrumented. */
const SKIP = /^(?:bunfuzz|@jazzer\.js\/.*)$/;

/** The package a bare specifier names (`@scope/name`, `name`), or undefined for a relative, absolute or built-in one. */
export function packageName(spec: string): string | undefined {
  if (spec.startsWith(".") || spec.startsWith("/") || /^[a-z]+:/.test(spec)) return undefined;
  const parts = spec.split("/");
  const name = spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  if (builtinModules.includes(name) || builtinModules.includes(spec) || SKIP.test(name)) return undefined;
  return name;
}

function isNode(x: unknown): x is Node {
  return typeof x === "object" && x !== null && typeof (x as Node).type === "string";
}

/** Module specifiers a source imports at run time (type-only imports left out). */
export function importSpecifiers(code: string, path: string): string[] {
  const out: string[] = [];
  const { program } = parseSource(code, path);
  const str = (n: Node | undefined) => (n && n.type === "Literal" && typeof n.value === "string" ? n.value : undefined);
  const visit = (n: Node): void => {
    if ((n.type === "ImportDeclaration" && n.importKind !== "type") || ((n.type === "ExportNamedDeclaration" || n.type === "ExportAllDeclaration") && n.exportKind !== "type")) {
      const s = str(n.source);
      if (s) out.push(s);
    } else if (n.type === "ImportExpression") {
      const s = str(n.source);
      if (s) out.push(s);
    } else if (n.type === "CallExpression" && n.callee.type === "Identifier" && n.callee.name === "require" && n.arguments.length === 1) {
      const s = str(n.arguments[0]);
      if (s) out.push(s);
    }
    for (const [key, v] of Object.entries(n)) {
      if (key === "typeAnnotation" || key === "returnType" || key === "typeParameters") continue;
      if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c); }
      else if (isNode(v)) visit(v);
    }
  };
  visit(program as unknown as Node);
  return out;
}

/**
 * The installed packages that `entry` and the local files it imports (relative imports, outside
 * node_modules) import, sorted. Files that do not parse are skipped; a package that does not
 * resolve from the importing file (a type-only or optional dependency) is left out.
 */
export function importedPackages(entry: string): string[] {
  const packages = new Set<string>();
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length && seen.size <= MAX_FILES) {
    const file = queue.shift()!;
    let specs: string[];
    try {
      specs = importSpecifiers(readFileSync(file, "utf8"), file);
    } catch {
      continue;
    }
    const req = createRequire(file);
    for (const spec of specs) {
      const name = packageName(spec);
      if (name) {
        if (!packages.has(name) && resolvable(spec, file)) packages.add(name);
        continue;
      }
      if (!spec.startsWith(".")) continue;
      let path: string;
      try {
        path = req.resolve(spec);
      } catch {
        continue;
      }
      if (isAbsolute(path) && !path.includes("/node_modules/") && !seen.has(path)) {
        seen.add(path);
        queue.push(path);
      }
    }
  }
  return [...packages].sort();
}

function resolvable(spec: string, from: string): boolean {
  try {
    createRequire(from).resolve(spec);
    return true;
  } catch {
    try {
      Bun.resolveSync(spec, from);
      return true;
    } catch {
      return false;
    }
  }
}
