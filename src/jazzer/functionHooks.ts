/**
 * Function hooks on functions of ordinary modules (hooks.ts has the semantics): a hooked
 * function's body is rewritten as the file loads, the way Jazzer.js's Babel plugin does it.
 *
 * A function is named by the dotted path of the names around it, outermost first: each enclosing
 * node with an identifier `id` (function, class, variable declarator) adds it, each property or
 * method key adds the key, each assignment adds its left side's source text. So in
 * `var JpegImage = (function jpegImage() { constructor.prototype = { parse: function parse() {
 * function readUint16() {} } } })()`, readUint16 is "JpegImage.jpegImage.constructor.prototype.parse.parse.readUint16".
 *
 * Rewritten, for a function `f(a, b) { BODY }`:
 *   before:  `{ H(i, this, [a, b]); BODY }`
 *   replace: `{ const o = (a, b) => { BODY }; return H(i, this, [a, b], o); }`
 *   after:   `{ const o = (a, b) => { BODY }; const r = o(a, b); H(i, this, [a, b], r); return r; }`
 *            (async: `return o(a, b).then((r) => { H(...); return r; });`)
 * where H is the global hooks.ts installs. The arrow keeps `this`, `arguments` and `super`. As
 * in Jazzer.js, only functions whose parameters are all plain identifiers are hooked; generators
 * and derived-class constructors are left alone too (their bodies cannot move into an arrow).
 * Every insertion is on the line it belongs to, so line numbers do not move.
 */
import { Edits } from "../instrument/edits.ts";
import { parseSource } from "../instrument/parse.ts";
import type { Node } from "../instrument/ast.ts";
import { HOOK_GLOBAL, isBuiltin, matching, type Hook } from "./hooks.ts";

/** Hooks whose package names a part of `path` (built-in and global hooks excluded). */
export function fileHooks(all: readonly Hook[], path: string): Hook[] {
  return all.filter((h) => h.pkg !== "" && !isBuiltin(h.pkg) && path.includes(h.pkg));
}

/** The name a node adds to the path of the functions inside it, if any. */
function nameOf(n: Node, code: string): string | undefined {
  if (n.id && n.id.type === "Identifier") return n.id.name as string;
  if ("key" in n && n.key) {
    if (n.key.type === "Identifier") return n.key.name as string;
    if (n.key.type === "Literal" && typeof n.key.value === "string") return n.key.value;
    return undefined;
  }
  if (n.type === "AssignmentExpression") return code.slice(n.left.start, n.left.end);
  return undefined;
}

const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

function isNode(x: unknown): x is Node {
  return typeof x === "object" && x !== null && typeof (x as Node).type === "string" && typeof (x as Node).start === "number";
}

/** What a rewrite did: the new code (undefined when nothing matched) and the hooks it applied. */
export interface HookRewrite {
  code?: string;
  applied: Hook[];
}

/**
 * Rewrites the functions of `code` (the file at `path`) that `list` hooks. Throws what parseSource
 * throws for a file oxc cannot parse, and Jazzer.js's errors for an invalid mix of hooks.
 */
export function rewriteFunctionHooks(code: string, path: string, list: readonly Hook[]): HookRewrite {
  if (list.length === 0) return { applied: [] };
  const byTarget = new Map<string, Hook[]>();
  for (const h of list) byTarget.set(h.target, [...(byTarget.get(h.target) ?? []), h]);
  const { program } = parseSource(code, path);
  const edits = new Edits();
  const applied: Hook[] = [];
  let serial = 0;

  const parents: Node[] = [];
  const visit = (n: Node, names: string[]): void => {
    const own = nameOf(n, code);
    const inner = own === undefined ? names : [...names, own];
    parents.push(n);
    for (const [key, v] of Object.entries(n)) {
      if (key === "typeAnnotation" || key === "returnType" || key === "typeParameters") continue;
      if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c, inner); }
      else if (isNode(v)) visit(v, inner);
    }
    parents.pop();
    // Post-order: an inner function's closing text is placed before its outer function's at a shared offset.
    if (!FUNCTION_TYPES.has(n.type)) return;
    const set = byTarget.get(inner.join("."));
    if (!set || !hookable(n, parents)) return;
    emit(n, matching(set), serial++);
    applied.push(...set);
  };

  const emit = (fn: Node, m: ReturnType<typeof matching>, k: number): void => {
    const params = (fn.params as Node[]).map((p) => p.name as string).join(", ");
    const H = `globalThis.${HOOK_GLOBAL}`;
    const body = fn.body as Node;
    const block = body.type === "BlockStatement";
    let open = block ? body.start + 1 : body.start;
    if (block) for (const st of body.body as Node[]) { if (st.type === "ExpressionStatement" && st.directive) open = st.end; else break; }
    const close = block ? body.end - 1 : body.end;
    const call = (h: Hook, extra?: string) => `${H}(${h.id}, this, [${params}]${extra ? `, ${extra}` : ""});`;
    let head = block ? "" : "{";
    for (const h of m.before) head += ` ${call(h)}`;
    let tail = "";
    if (m.replace || m.after.length) {
      const o = `__bf_o${k}`, r = `__bf_r${k}`;
      head += ` const ${o} = ${fn.async ? "async " : ""}(${params}) => {`;
      if (!block) head += " return ";
      tail = block ? "}; " : "; }; ";
      if (m.replace) tail += `return ${H}(${m.replace.id}, this, [${params}], ${o});`;
      else if (m.after[0]!.async) tail += `return ${o}(${params}).then((${r}) => { ${m.after.map((h) => call(h, r)).join(" ")} return ${r}; });`;
      else tail += `const ${r} = ${o}(${params}); ${m.after.map((h) => call(h, r)).join(" ")} return ${r};`;
    } else if (!block) {
      head += " return ";
      tail = ";";
    }
    if (!block) tail += " }";
    edits.insertRight(open, `${head} `);
    if (tail) edits.insertLeft(close, ` ${tail}`);
  };

  visit(program as unknown as Node, []);
  if (applied.length === 0) return { applied };
  return { code: edits.apply(code).code, applied };
}

/** Whether a function's body can be wrapped: plain identifier parameters, not a generator, not a derived constructor. */
function hookable(fn: Node, parents: Node[]): boolean {
  if (fn.generator || !(fn.params as Node[]).every((p) => p.type === "Identifier")) return false;
  const method = parents[parents.length - 1];
  if (method?.type === "MethodDefinition" && method.kind === "constructor") {
    const cls = parents[parents.length - 3];
    if (cls?.superClass) return false;
  }
  return fn.body !== null && fn.body !== undefined;
}
