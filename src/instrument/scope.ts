import type { Node } from "./ast.ts";

/**
 * Which identifiers name a binding the file declares. A compare hook reads a bound identifier again
 * on its miss path instead of holding it in a temporary: reading a variable has no effect. An
 * unbound identifier is a global, which can be an accessor property of globalThis, and inside a
 * `with` body any identifier can be a property of the object; those are held (read once).
 *
 * Scopes follow the walk: `enter(node)` before a node's children, `leave(node)` after. Names are
 * collected per scope the way JavaScript binds them: a function's parameters, its own name (a
 * named function expression) and every `var` and function declaration of its body at any block
 * depth (hoisting); a block's `let`/`const`/`class`/function declarations; a for statement's
 * `let`/`const`; a catch clause's parameter; a class expression's name; a program's imports.
 * Over-approximating is harmless only in the other direction, so TypeScript `declare` forms,
 * which create no binding, are left out.
 */
export class Scopes {
  private readonly stack: Array<Set<string>> = [];
  private readonly pushed = new WeakSet<Node>();
  private withDepth = 0;

  constructor(program: Node, commonjs: boolean) {
    const names = new Set<string>();
    if (commonjs) for (const n of ["module", "exports", "require", "__filename", "__dirname", "arguments"]) names.add(n);
    const body = program.body as Node[];
    hoisted(body, names);
    lexical(body, names);
    for (const s of body) {
      if (s.type === "ImportDeclaration") for (const sp of s.specifiers as Node[]) names.add(sp.local.name);
    }
    this.stack.push(names);
  }

  /** Whether `name`, referenced here, names a binding of the file (never inside a `with` body). */
  isBound(name: string): boolean {
    if (this.withDepth > 0) return false;
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i]!.has(name)) return true;
    return false;
  }

  /** Opens the scope `node` creates, if any. Call before walking its children. */
  enter(node: Node): void {
    const names = scopeNames(node);
    if (names) {
      this.stack.push(names);
      this.pushed.add(node);
    }
  }

  /** Closes what `enter(node)` opened. */
  leave(node: Node): void {
    if (this.pushed.has(node)) this.stack.pop();
  }

  /** A `with` body: identifiers there may resolve to the object's properties. */
  enterWith(): void { this.withDepth++; }
  leaveWith(): void { this.withDepth--; }
}

const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/** The names a scope-creating node binds for its children, or undefined if it creates none. */
function scopeNames(node: Node): Set<string> | undefined {
  const names = new Set<string>();
  switch (node.type) {
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression": {
      if (node.type === "FunctionExpression" && node.id) names.add(node.id.name);
      if (node.type !== "ArrowFunctionExpression") names.add("arguments");
      for (const p of node.params as Node[]) patternNames(p, names);
      const body = node.body as Node | null;
      if (body?.type === "BlockStatement") {
        hoisted(body.body as Node[], names);
        lexical(body.body as Node[], names);
      }
      return names;
    }
    case "BlockStatement":
    case "StaticBlock":
      if (node.type === "StaticBlock") hoisted(node.body as Node[], names);
      lexical(node.body as Node[], names);
      return names;
    case "SwitchStatement":
      for (const c of node.cases as Node[]) lexical(c.consequent as Node[], names);
      return names;
    case "ForStatement":
    case "ForInStatement":
    case "ForOfStatement": {
      const decl = (node.type === "ForStatement" ? node.init : node.left) as Node | null;
      if (decl?.type === "VariableDeclaration" && decl.kind !== "var" && !decl.declare) for (const d of decl.declarations as Node[]) patternNames(d.id, names);
      return names;
    }
    case "CatchClause":
      if (node.param) patternNames(node.param, names);
      return names;
    case "ClassExpression":
    case "ClassDeclaration":
      if (node.id) names.add(node.id.name);
      return names;
    default:
      return undefined;
  }
}

/** Names bound by a binding pattern (parameter, declarator id, catch parameter). */
function patternNames(p: Node | null | undefined, out: Set<string>): void {
  if (!p) return;
  switch (p.type) {
    case "Identifier": out.add(p.name); return;
    case "ObjectPattern": for (const prop of p.properties as Node[]) patternNames(prop.type === "RestElement" ? prop.argument : prop.value, out); return;
    case "ArrayPattern": for (const e of p.elements as Array<Node | null>) patternNames(e, out); return;
    case "RestElement": patternNames(p.argument, out); return;
    case "AssignmentPattern": patternNames(p.left, out); return;
    case "TSParameterProperty": patternNames(p.parameter, out); return;
    default: return;
  }
}

/** `let`/`const`/`class`/function/enum/namespace declarations directly in a statement list. */
function lexical(body: readonly Node[], out: Set<string>): void {
  for (const raw of body) {
    const s = raw.type === "ExportNamedDeclaration" || raw.type === "ExportDefaultDeclaration" ? raw.declaration : raw;
    if (!s || s.declare) continue;
    if (s.type === "VariableDeclaration" && s.kind !== "var") for (const d of s.declarations as Node[]) patternNames(d.id, out);
    else if ((s.type === "ClassDeclaration" || s.type === "FunctionDeclaration" || s.type === "TSEnumDeclaration") && s.id) out.add(s.id.name);
    else if (s.type === "TSModuleDeclaration" && s.id?.type === "Identifier") out.add(s.id.name);
  }
}

/** `var` and function declarations of a function body at any block depth, not inside nested functions or classes. */
function hoisted(body: readonly Node[], out: Set<string>): void {
  const visit = (n: Node | null | undefined): void => {
    if (!n || typeof n.type !== "string" || n.declare) return;
    if (n.type === "ExportNamedDeclaration" || n.type === "ExportDefaultDeclaration") return visit(n.declaration);
    if (n.type === "VariableDeclaration") {
      if (n.kind === "var") for (const d of n.declarations as Node[]) patternNames(d.id, out);
      return;
    }
    if (n.type === "FunctionDeclaration") {
      if (n.id) out.add(n.id.name);
      return;
    }
    if (FUNCTION_TYPES.has(n.type) || n.type === "ClassDeclaration" || n.type === "ClassExpression") return;
    for (const key of STATEMENT_KEYS) {
      const v = n[key];
      if (Array.isArray(v)) for (const c of v) visit(c as Node);
      else if (v && typeof v === "object") visit(v as Node);
    }
  };
  for (const s of body) visit(s);
}

/** Where a `var` can sit below a statement: nested statements and for heads, never expressions. */
const STATEMENT_KEYS = ["body", "consequent", "alternate", "block", "handler", "finalizer", "cases", "init", "left"] as const;
