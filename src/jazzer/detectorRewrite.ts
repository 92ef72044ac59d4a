/**
 * Source rewrites two bug detectors need in instrumented files (line numbers kept, as in
 * functionHooks.ts):
 *
 * - remote-code-execution: a direct `eval(x)` becomes `eval(check(x))`, so it stays a direct eval
 *   (the caller's scope) and x is checked (remoteCodeExecution.ts);
 * - prototype-pollution with instrumentAssignmentsAndVariableDeclarations(): `a.b = v` becomes
 *   `pp(a.b = v, a, "a")` and `const a = v` becomes `const a = ppd(v, "a")`, which check
 *   `__proto__` of the assigned-to variable (or declared value) after the assignment, as Jazzer.js
 *   does (its Babel plugin wraps them in arrow functions; calls with the same arguments evaluate
 *   in the same order).
 */
import type { Node } from "../instrument/ast.ts";
import { Edits } from "../instrument/edits.ts";
import { parseSource } from "../instrument/parse.ts";
import { checkAssignedValue } from "./detectors/prototypePollution.ts";
import { EVAL_CHECK_GLOBAL } from "./detectors/remoteCodeExecution.ts";

const PP_ASSIGN = "__bunfuzz_jazzer_pp";
const PP_DECLARE = "__bunfuzz_jazzer_ppd";

/** Which rewrites to make. */
export interface DetectorRewrites {
  readonly evalCalls: boolean;
  readonly assignments: boolean;
}

function isNode(x: unknown): x is Node {
  return typeof x === "object" && x !== null && typeof (x as Node).type === "string" && typeof (x as Node).start === "number";
}

/** The variable an assignment target hangs off: `a` for `a`, `a.b.c` and `a[i].c`; undefined otherwise. */
function rootIdentifier(n: Node): string | undefined {
  let cur = n;
  while (cur.type === "MemberExpression") cur = cur.object as Node;
  return cur.type === "Identifier" ? (cur.name as string) : undefined;
}

/** The rewritten code, or undefined when nothing needed rewriting. Throws what parseSource throws. */
export function rewriteForDetectors(code: string, path: string, want: DetectorRewrites): string | undefined {
  const evalCalls = want.evalCalls && code.includes("eval");
  if (!evalCalls && !want.assignments) return undefined;
  const { program } = parseSource(code, path);
  const edits = new Edits();
  const visit = (n: Node): void => {
    for (const [key, v] of Object.entries(n)) {
      if (key === "typeAnnotation" || key === "returnType" || key === "typeParameters") continue;
      if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c); }
      else if (isNode(v)) visit(v);
    }
    // Post-order, so nested wrappers that share an offset close in the right order.
    if (evalCalls && n.type === "CallExpression" && !n.optional && n.callee.type === "Identifier" && n.callee.name === "eval") {
      const arg = (n.arguments as Node[])[0];
      if (arg && arg.type !== "SpreadElement") {
        edits.insertRight(arg.start, `globalThis.${EVAL_CHECK_GLOBAL}(`);
        edits.insertLeft(arg.end, ")");
      }
    }
    if (!want.assignments) return;
    if (n.type === "AssignmentExpression") {
      const root = rootIdentifier(n.left as Node);
      if (root) {
        edits.insertRight(n.start, `globalThis.${PP_ASSIGN}(`);
        edits.insertLeft(n.end, `, ${root}, ${JSON.stringify(root)})`);
      }
    } else if (n.type === "VariableDeclarator" && n.init && n.id.type === "Identifier") {
      edits.insertRight(n.init.start, `globalThis.${PP_DECLARE}(`);
      edits.insertLeft(n.init.end, `, ${JSON.stringify(n.id.name)})`);
    }
  };
  visit(program as unknown as Node);
  return edits.size ? edits.apply(code).code : undefined;
}

(globalThis as Record<string, unknown>)[PP_ASSIGN] = (result: unknown, root: unknown, name: string) => {
  checkAssignedValue(root, name);
  return result;
};
(globalThis as Record<string, unknown>)[PP_DECLARE] = (value: unknown, name: string) => {
  checkAssignedValue(value, name);
  return value;
};
