import { visitorKeys } from "oxc-parser";
import { FUNCTIONS, LOOPS, TS_RUNTIME, TYPE_KEYS, coveredByFirst, unparen, type Node } from "./ast.ts";
import { allocation } from "./allocWork.ts";
import { CompareEmitter } from "./compareEmit.ts";
import { Edits } from "./edits.ts";
import { header, hitExpr, hitStmt, WORK_STMT } from "./emit.ts";
import { parseSource } from "./parse.ts";
import { Scopes } from "./scope.ts";
import { lineColumn, lineStarts } from "./scan.ts";
import type { CounterMode, InstrumentOptions, InstrumentResult, ModuleKind, ProbeKind, ProbeRegion, ProbeSite } from "./types.ts";

/**
 * Walks one program and records the edits that add probes and compare hooks. Ids are allocated
 * in pre-order (a node's own probes before its children's), edits are made in post-order
 * (children first), which is what lets wrappers that share an offset nest (see edits.ts).
 */
class Instrumenter {
  readonly edits = new Edits();
  readonly sites: ProbeSite[] = [];
  readonly regions: ProbeRegion[] = [];
  /** Per if statement and ternary: the probes whose hits say it ran (see firstCover). */
  private readonly covers = new WeakMap<Node, number[]>();
  /** Which nodes get compare hooks, and their inline text. */
  readonly cmp: CompareEmitter;
  private scopes!: Scopes;
  /** Expressions whose value only decides a branch: tests of if, loops, ?: and operands of `!`. */
  private readonly tests = new WeakSet<Node>();
  /** Exported top-level function declarations of an ES module (see emit.ts hitExpr). */
  private readonly hoisted = new WeakSet<Node>();
  private readonly starts: number[];

  constructor(
    private readonly code: string,
    private readonly mode: CounterMode,
    compares: boolean,
    private readonly moduleKind: ModuleKind,
    byteCompares = false,
    private readonly countWork = true,
  ) {
    this.starts = lineStarts(code);
    this.cmp = new CompareEmitter(code, this.starts, this.edits, mode, compares, byteCompares, () => this.scopes);
  }

  private probe(kind: ProbeKind, offset: number): number {
    const id = this.sites.length;
    this.sites.push({ id, kind, ...lineColumn(this.starts, offset) });
    return id;
  }

  /** Names of functions that have none of their own: methods, properties, `const f = () => …`. */
  private readonly names = new WeakMap<Node, string>();

  private noteFunctionName(node: Node): void {
    const t = node.type;
    if ((t === "MethodDefinition" || t === "Property" || t === "PropertyDefinition") && node.value && FUNCTIONS.has(node.value.type)) {
      const k = node.key as Node | undefined;
      const name = k?.type === "Identifier" ? (k.name as string) : typeof k?.value === "string" ? k.value : undefined;
      if (name) this.names.set(node.value, name);
    } else if (t === "VariableDeclarator" && node.init && node.id?.type === "Identifier") {
      const init = unparen(node.init as Node);
      if (FUNCTIONS.has(init.type)) this.names.set(init, node.id.name as string);
    }
  }

  /** Records the source span a set of probes speaks for (nothing for an empty set). */
  private region(node: Node, probes: number[], name?: string): void {
    if (probes.length === 0) return;
    const a = lineColumn(this.starts, node.start), b = lineColumn(this.starts, node.end);
    this.regions.push({ line: a.line, column: a.column, endLine: b.line, endColumn: b.column, probes, ...(name ? { name } : {}) });
  }

  /**
   * The probes that cover a body with no probe of its own (coveredByFirst): those of its leading
   * `if` or ternary statement, whose arms together are every way through it. Known once that
   * statement has been walked.
   */
  private firstCover(body: Node): number[] {
    const list = body.type === "BlockStatement" ? (body.body as Node[]) : [body];
    for (const st of list) {
      if (st.type === "IfStatement") return this.covers.get(st) ?? [];
      if (st.type === "ExpressionStatement" && unparen(st.expression as Node).type === "ConditionalExpression") return this.covers.get(unparen(st.expression as Node)) ?? [];
      if (st.type !== "ExpressionStatement" && st.type !== "VariableDeclaration") return [];
    }
    return [];
  }

  /** Walks the program; returns where the header goes. */
  program(program: Node): { pos: number; prefix: string } {
    this.scopes = new Scopes(program, this.moduleKind === "cjs");
    if (this.moduleKind === "esm") this.markExportedFunctions(program.body as Node[]);
    this.children(program);
    // After the directive prologue, else right before the first statement: leading comments
    // (license, `// @ts-nocheck`, `/** @jsxImportSource */` pragmas) and a hashbang stay first.
    const body = program.body as Node[];
    const after = this.afterDirectives(body, -1);
    if (after.pos >= 0) return after;
    return { pos: body.length > 0 ? body[0]!.start : -1, prefix: "" };
  }

  /**
   * Top-level function declarations that another module can call before this module's body has
   * run (an import cycle): the exported ones, directly or through `export { f }` or
   * `export default f`. Functions the module keeps to itself can only run after its body started.
   */
  private markExportedFunctions(body: readonly Node[]): void {
    const names = new Set<string>();
    for (const s of body) {
      if (s.type === "ExportNamedDeclaration" && !s.source) for (const sp of s.specifiers as Node[]) if (sp.local?.type === "Identifier") names.add(sp.local.name);
      if (s.type === "ExportDefaultDeclaration" && s.declaration?.type === "Identifier") names.add(s.declaration.name);
    }
    for (const s of body) {
      const exported = s.type === "ExportNamedDeclaration" || s.type === "ExportDefaultDeclaration";
      const d = exported ? s.declaration : s;
      if (d?.type === "FunctionDeclaration" && (exported || (d.id && names.has(d.id.name)))) this.hoisted.add(d);
    }
  }

  /** Offset after the directive prologue of `body` ("use strict"), or `fallback` if none. */
  private afterDirectives(body: readonly Node[], fallback: number): { pos: number; prefix: string } {
    let pos = fallback, prefix = "";
    for (const s of body) {
      if (s.type !== "ExpressionStatement" || typeof s.directive !== "string") break;
      pos = s.end;
      prefix = this.code[s.end - 1] === ";" ? "" : ";";
    }
    return { pos, prefix };
  }

  private visit(node: Node): void {
    if (node.declare === true) return; // ambient TS: no runtime code
    const t = node.type;
    if (t.startsWith("TS") && !TS_RUNTIME.has(t)) return;
    if (t === "WithStatement") {
      this.visit(node.object);
      this.scopes.enterWith();
      this.visit(node.body);
      return this.scopes.leaveWith();
    }
    this.scopes.enter(node);
    this.dispatch(node);
    this.scopes.leave(node);
  }

  private dispatch(node: Node): void {
    const t = node.type;
    if (FUNCTIONS.has(t)) return this.fn(node);
    this.noteFunctionName(node);
    if (node.test && (LOOPS.has(t) || t === "IfStatement" || t === "ConditionalExpression")) this.tests.add(unparen(node.test));
    if (t === "UnaryExpression" && node.operator === "!") this.tests.add(unparen(node.argument));
    if (LOOPS.has(t)) return this.loop(node);
    switch (t) {
      case "IfStatement": return this.ifStatement(node);
      case "ConditionalExpression": return this.conditional(node);
      case "LogicalExpression": return this.logical(node, node.right);
      case "AssignmentExpression":
        return node.operator === "&&=" || node.operator === "||=" || node.operator === "??=" ? this.logical(node, node.right) : this.children(node);
      case "SwitchStatement": return this.switchStatement(node);
      case "CatchClause": return this.catchClause(node);
      case "BinaryExpression": return this.cmp.binary(node, () => this.children(node));
      case "CallExpression":
        this.cmp.call(node, () => this.children(node));
        return this.allocationWork(node);
      case "NewExpression":
        this.children(node);
        return this.allocationWork(node);
      default: return this.children(node);
    }
  }

  private children(node: Node): void {
    const keys = visitorKeys[node.type];
    if (!keys) return;
    for (const key of keys) {
      if (TYPE_KEYS.has(key)) continue;
      const v = node[key];
      if (Array.isArray(v)) {
        for (const c of v) if (c && typeof c.type === "string") this.visit(c);
      } else if (v && typeof v.type === "string") {
        this.visit(v);
      }
    }
  }

  /** Probe at the start of a statement: inside a block, else wrapping it in one. `work` also counts one unit of work. */
  private probeStatement(stmt: Node, id: number, work = false): void {
    const text = (id >= 0 ? hitStmt(id, this.mode) : "") + (work ? WORK_STMT : "");
    if (stmt.type === "BlockStatement") {
      this.edits.insertLeft(stmt.start + 1, text);
    } else {
      this.edits.insertRight(stmt.start, `{${text}`);
      this.edits.insertLeft(stmt.end, "}");
    }
  }

  /** Probe before an expression: `(hit,expr)`. */
  private probeExpression(expr: Node, id: number): void {
    this.edits.insertRight(expr.start, `(${hitExpr(id, this.mode)},`);
    this.edits.insertLeft(expr.end, ")");
  }


  private fn(node: Node): void {
    const body = node.body as Node | null;
    if (!body) return this.children(node);
    const block = body.type === "BlockStatement";
    const id = this.probe("function", node.start); // kept, as SanitizerCoverage keeps entry blocks
    this.region(node, [id], node.id?.name ?? this.names.get(node));
    const { locals, usesHooks } = this.cmp.inFunction(() => this.children(node));
    if (block) {
      const at = this.afterDirectives(body.body as Node[], body.start + 1);
      // An exported ESM function can run before the module body (an import cycle): if it calls
      // hooks, its entry initializes them (see emit.ts). Probes alone are safe before that.
      const init = this.hoisted.has(node) && usesHooks;
      this.edits.insertLeft(at.pos, at.prefix + locals + hitStmt(id, this.mode, init));
    } else if (locals) {
      // An expression body whose hooks hold temporaries becomes a block that declares them.
      this.edits.insertRight(body.start, `{${locals}${hitStmt(id, this.mode)}return(`);
      this.edits.insertLeft(body.end, ")}");
    } else {
      this.probeExpression(body, id);
    }
  }

  private loop(node: Node): void {
    const id = coveredByFirst(node.body) ? -1 : this.probe("loop", node.body.start);
    this.children(node);
    this.region(node.body, id >= 0 ? [id] : this.firstCover(node.body));
    this.probeStatement(node.body, id, this.countWork); // every iteration is work, also where the body's first `if` holds its probes
  }

  /** The work of an allocation of a built-in (allocWork.ts), counted with loop iterations. */
  private allocationWork(node: Node): void {
    if (this.countWork) allocation(node, this.edits, (name) => this.cmp.useTemp(name));
  }

  private ifStatement(node: Node): void {
    const cons = node.consequent as Node, alt = node.alternate as Node | null;
    const consId = coveredByFirst(cons) ? -1 : this.probe("if", cons.start);
    const altId = !alt ? this.probe("implicit-else", cons.end) : coveredByFirst(alt) ? -1 : this.probe("else", alt.start);
    this.children(node);
    const consCover = consId >= 0 ? [consId] : this.firstCover(cons);
    const altCover = !alt || altId >= 0 ? [altId] : this.firstCover(alt);
    this.covers.set(node, [...consCover, ...altCover]);
    this.region(cons, consCover);
    if (alt) this.region(alt, altCover);
    if (consId >= 0) this.probeStatement(cons, consId);
    if (!alt) this.edits.insertLeft(cons.end, `else{${hitStmt(altId, this.mode)}}`);
    else if (altId >= 0) this.probeStatement(alt, altId);
  }

  private conditional(node: Node): void {
    const thenId = this.probe("cond-then", node.consequent.start);
    const elseId = this.probe("cond-else", node.alternate.start);
    this.covers.set(node, [thenId, elseId]);
    this.region(node.consequent, [thenId]);
    this.region(node.alternate, [elseId]);
    this.children(node);
    this.probeExpression(node.consequent, thenId);
    this.probeExpression(node.alternate, elseId);
  }

  /**
   * `a && b`, `a || b`, `a ?? b`: a probe where b starts. Except an `||` in a test (its value
   * only picks a branch): there the probe marks each operand but the last that is true, `(a&&(hit,
   * true))||b`. The two are the same edges differently cut (from a chain's probes and the
   * branch's, each tells which operand decided), but a test's `||` chain is mostly false (guards,
   * character classes, error cases), and the old cut paid a store for every operand of a false
   * chain: on smol-toml's key scanner, six per character.
   */
  private logical(node: Node, right: Node): void {
    const test = node.type === "LogicalExpression" && this.tests.has(node) && node.operator !== "??";
    if (test) {
      this.tests.add(unparen(node.left));
      this.tests.add(unparen(right));
    }
    if (!test || node.operator !== "||") {
      const id = this.probe("logical", right.start);
      this.region(right, [id]);
      this.children(node);
      return this.probeExpression(right, id);
    }
    // The operand just before `||`: in a chain a || b || c, ((a || b) || c) marks b, (a || b) marks a.
    let last = unparen(node.left);
    while (last.type === "LogicalExpression" && last.operator === "||") last = unparen(last.right);
    const id = this.probe("or-true", last.start);
    this.children(node);
    this.edits.insertRight(last.start, "((");
    this.edits.insertLeft(last.end, `)&&(${hitExpr(id, this.mode)},true))`);
  }

  private catchClause(node: Node): void {
    const id = coveredByFirst(node.body) ? -1 : this.probe("catch", node.start);
    this.children(node);
    this.region(node, id >= 0 ? [id] : this.firstCover(node.body));
    if (id >= 0) this.edits.insertLeft(node.body.start + 1, hitStmt(id, this.mode));
  }

  /** A probe per case and for the implicit default; the compare hook of its literal cases (compareEmit.ts). */
  private switchStatement(node: Node): void {
    const cases = node.cases as Node[];
    const caseIds = cases.map((c) => this.probe("case", c.start));
    cases.forEach((c, i) => this.region(c, [caseIds[i]!]));
    const implicitId = cases.length > 0 && cases.every((c) => c.test) ? this.probe("implicit-default", node.start) : -1;
    this.cmp.switchStatement(node, caseIds, implicitId, () => this.children(node));
  }
}

/**
 * Instruments one JS/TS source: a probe per branch edge and, unless `compareHooks` is false,
 * compare hooks (see README.md for the exact list). The output has the same lines as the input;
 * TS stays TS (Bun transpiles it). Probe and site ids are 0..n-1 in traversal order, stable for
 * a given content and options. A file with nothing to instrument comes back unchanged with
 * `probes: 0`. Throws an EngineError if the source does not parse.
 */
export function instrumentSource(code: string, filename: string, opts: InstrumentOptions = {}): InstrumentResult {
  const parsed = parseSource(code, filename, opts.moduleKind);
  const mode = opts.counterMode ?? "set";
  const ins = new Instrumenter(code, mode, opts.compareHooks ?? true, parsed.moduleKind, opts.byteCompares ?? false, opts.countWork ?? true);
  const at = ins.program(parsed.program as unknown as Node);
  const base = { moduleKind: parsed.moduleKind, typescript: parsed.typescript };
  const cmp = ins.cmp;
  if ((ins.sites.length === 0 && cmp.cmpSites.length === 0) || at.pos < 0) {
    return { ...base, code, probes: 0, sites: [], cmpSites: [], regions: [], literals: [...cmp.literals], anchors: [] };
  }
  ins.edits.insertLeft(at.pos, at.prefix + header(opts.fileKey ?? filename, ins.sites.length, cmp.cmpSites.length, cmp.switchTables, cmp.literalSites, cmp.pairSites, [...cmp.hooksUsed].sort(), [...cmp.temps].sort(), parsed.moduleKind === "esm"));
  const out = ins.edits.apply(code);
  return { ...base, code: out.code, probes: ins.sites.length, sites: ins.sites, cmpSites: cmp.cmpSites, regions: ins.regions, literals: [...cmp.literals], anchors: out.anchors };
}
