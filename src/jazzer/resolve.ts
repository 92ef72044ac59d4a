/**
 * Makes Jazzer.js's packages resolve to bunfuzz's own implementations, so targets, custom hooks
 * and Jest-style tests written for Jazzer.js load unchanged (no @jazzer.js package needs to be
 * installed, and an installed one is not used: its native addon is libFuzzer's). A Bun plugin's
 * onResolve applies to import, require and dynamic import alike.
 *
 * Jazzer.js's own examples reach the bug detectors' configuration by a path inside its
 * repository (`require("../../../packages/bug-detectors")`); such a relative path is mapped too
 * when it leads to Jazzer.js's package or to nothing. Bun 1.4 calls onResolve only for bare names
 * with a dot (`@jazzer.js/...` qualifies; relative paths do not: PLATFORM-NOTES), so files bunfuzz
 * loads itself (custom hooks) and instrumented files get their specifiers rewritten instead
 * (rewriteJazzerImports).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Node } from "../instrument/ast.ts";
import { Edits } from "../instrument/edits.ts";
import { parseSource } from "../instrument/parse.ts";

const MODULES: Record<string, string> = {
  core: "core.ts",
  hooking: "hooking.ts",
  "bug-detectors": "bugDetectors.ts",
  "jest-runner": "jestRunner.ts",
};

function ours(name: string): string {
  return join(import.meta.dir, "modules", MODULES[name]!);
}

/** Whether a relative specifier names Jazzer.js's bug-detectors package or a path that does not exist. */
function jazzerRepoPath(specifier: string, importer: string): boolean {
  const dir = resolve(dirname(importer), specifier);
  if (!existsSync(dir)) return true;
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name === "@jazzer.js/bug-detectors";
  } catch {
    return false;
  }
}

const PACKAGE = /^@jazzer\.js\/(core|hooking|bug-detectors|jest-runner)(\/.*)?$/;
const REPO_PATH = /^\.\.?\/.*packages\/bug-detectors\/?$/;

/** The file of bunfuzz's module that a Jazzer.js specifier stands for, else undefined. */
export function jazzerModule(specifier: string, importer: string): string | undefined {
  const pkg = PACKAGE.exec(specifier);
  if (pkg) return ours(pkg[1]!);
  if (REPO_PATH.test(specifier) && jazzerRepoPath(specifier, importer)) return ours("bug-detectors");
  return undefined;
}

function isNode(x: unknown): x is Node {
  return typeof x === "object" && x !== null && typeof (x as Node).type === "string";
}

/**
 * `code` (the file at `path`) with its Jazzer.js specifiers (import, export from, import(),
 * require()) replaced by the paths of bunfuzz's modules, or undefined when it has none. Lines stay
 * where they are.
 */
export function rewriteJazzerImports(code: string, path: string): string | undefined {
  if (!code.includes("@jazzer.js/") && !code.includes("packages/bug-detectors")) return undefined;
  const edits = new Edits();
  const visit = (n: Node): void => {
    const src = n.type === "ImportDeclaration" || n.type === "ExportAllDeclaration" || n.type === "ExportNamedDeclaration" || n.type === "ImportExpression" ? n.source
      : n.type === "CallExpression" && n.callee.type === "Identifier" && n.callee.name === "require" ? n.arguments[0] : undefined;
    if (src && src.type === "Literal" && typeof src.value === "string") {
      const to = jazzerModule(src.value, path);
      if (to) edits.replace(src.start, src.end, JSON.stringify(to));
    }
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c); }
      else if (isNode(v)) visit(v);
    }
  };
  visit(parseSource(code, path).program as unknown as Node);
  return edits.size ? edits.apply(code).code : undefined;
}

let registered = false;

/** Registers the mapping (once per process). */
export function registerJazzerResolver(): void {
  if (registered) return;
  registered = true;
  Bun.plugin({
    name: "bunfuzz-jazzer-resolve",
    setup(build) {
      build.onResolve({ filter: PACKAGE }, (args) => ({ path: jazzerModule(args.path, args.importer)! }));
    },
  });
}
