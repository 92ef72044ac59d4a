import { visitorKeys } from "oxc-parser";
import { FUNCTIONS, LOOPS, TS_RUNTIME, TYPE_KEYS, coveredByFirst, isByteLiteral, isDullOperand, literalValue, looksNumeric, unparen, type Node } from "./ast.ts";
import { Edits } from "./edits.ts";
import { hookedMethod } from "./methodCall.ts";
import { header, hitExpr, hitStmt, WORK_STMT } from "./emit.ts";
import { COMPARE_OPERATORS, EPOCHS_VAR, EPOCH_NOW_VAR, METHOD_HOOKS, MISS_HOOKS, STRING_ONLY_OPERATORS, SWITCH_HOOK, hookVar, tempVar } from "./hooks.ts";
import { parseSource } from "./parse.ts";
import { Scopes } from "./scope.ts";
import { gapTokens, lineColumn, lineStarts, skipTrivia } from "./scan.ts";
import type { CmpKind, CmpSite, CounterMode, InstrumentOptions, InstrumentResult, ModuleKind, ProbeKind, ProbeRegion, ProbeSite } from "./types.ts";

/**
 * Walks one program and records the edits that add probes and compare hooks. Ids are allocated
 * in pre-order (a node's own probes before its children's), edits are made in post-order
 * (children first), which is what lets wrappers that share an offset nest (see edits.ts).
 */
class Instrumenter {
  readonly edits = new Edits();
  readonly sites: ProbeSite[] = [];
  readonly cmpSites: CmpSite[] = [];
  readonly regions: ProbeRegion[] = [];
  /** Per if statement and ternary: the probes whose hits say it ran (see firstCover). */
  private readonly covers = new WeakMap<Node, number[]>();
  /** Per switch with literal cases: flat `site, value, ...` (see emit.ts header). */
  readonly switchTables: Array<Array<string | number>> = [];
  /** Distinct literals compared against, in source order. */
  readonly literals = new Set<string | number>();
  /** Hooks the emitted code calls (each gets a module-local alias). */
  readonly hooksUsed = new Set<string>();
  /** Hook calls and hook-state reads emitted so far (tells whether a function uses hooks). */
  private hookUses = 0;
  /** Every compare-hook temporary the file uses (the header declares them all: see emit.ts header). */
  readonly temps = new Set<string>();
  /**
   * Enclosing functions, innermost last: each declares the temporaries its code uses (a local is
   * a register; the module's is a closure variable, measured slower in hot loops). Parameter
   * defaults and class fields use the enclosing function's or the module's.
   */
  private readonly tempScopes: Array<Set<string>> = [];
  /** The highest hooked site among the nodes walked since the innermost open site began (see tempVar). */
  private subHeight = 0;
  private scopes!: Scopes;
  /** Expressions whose value only decides a branch: tests of if, loops, ?: and operands of `!`. */
  private readonly tests = new WeakSet<Node>();
  /** Exported top-level function declarations of an ES module (see emit.ts hitExpr). */
  private readonly hoisted = new WeakSet<Node>();
  private readonly starts: number[];

  constructor(
    private readonly code: string,
    private readonly mode: CounterMode,
    private readonly compares: boolean,
    private readonly moduleKind: ModuleKind,
    private readonly byteCompares = false,
  ) {
    this.starts = lineStarts(code);
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

  private noteLiterals(...nodes: Node[]): void {
    for (const n of nodes) {
      const v = literalValue(n);
      if (v !== undefined) this.literals.add(v);
    }
  }

  /** `hook(` for a call of a hook, noting that the header must alias it. */
  private hookCall(hook: string): string {
    this.hookUses++;
    this.hooksUsed.add(hook);
    return `${hookVar(hook)}(`;
  }

  private cmpSite(kind: CmpKind, offset: number): number {
    const id = this.cmpSites.length;
    this.cmpSites.push({ id, kind, ...lineColumn(this.starts, offset) });
    return id;
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
      case "BinaryExpression": return this.binary(node);
      case "CallExpression": return this.call(node);
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
    const hooksBefore = this.hookUses;
    this.tempScopes.push(new Set());
    const outer = this.subHeight;
    this.subHeight = 0;
    this.children(node);
    this.subHeight = outer;
    const temps = this.tempScopes.pop()!;
    const locals = temps.size > 0 ? `var ${[...temps].sort().join(",")};` : "";
    if (block) {
      const at = this.afterDirectives(body.body as Node[], body.start + 1);
      // An exported ESM function can run before the module body (an import cycle): if it calls
      // hooks, its entry initializes them (see emit.ts). Probes alone are safe before that.
      const init = this.hoisted.has(node) && this.hookUses > hooksBefore;
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
    this.probeStatement(node.body, id, true); // every iteration is work, also where the body's first `if` holds its probes
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

  private switchStatement(node: Node): void {
    const cases = node.cases as Node[];
    const caseIds = cases.map((c) => this.probe("case", c.start));
    cases.forEach((c, i) => this.region(c, [caseIds[i]!]));
    const implicitId = cases.length > 0 && cases.every((c) => c.test) ? this.probe("implicit-default", node.start) : -1;
    let table = -1;
    if (this.compares) {
      const entries: Array<string | number> = [];
      for (const c of cases) {
        if (!c.test) continue;
        this.noteLiterals(c.test);
        const v = literalValue(c.test);
        if (v !== undefined && !isByteLiteral(c.test)) entries.push(this.cmpSite("switch", c.test.start), v);
      }
      if (entries.length > 0) {
        table = this.switchTables.length;
        this.switchTables.push(entries);
      }
    }
    const outer = this.openSite();
    this.children(node);
    const height = this.closeSite(outer, table >= 0);
    // The hook runs only where no case matched: in the default clause (after a fall-through into an
    // explicit one too; the runtime then finds the value among the cases and records nothing).
    // Its case sites record once per execution, all in one call: the first one's budget says whether to call.
    const first = table >= 0 ? (this.switchTables[table]![0] as number) : -1;
    const miss = table >= 0 ? `${this.spent(first, false)}&&${this.hookCall(SWITCH_HOOK)}${this.operand(node.discriminant as Node, "s", height)},${table});` : "";
    cases.forEach((c, i) => {
      const from = c.test ? c.test.end : c.start + "default".length;
      const colon = skipTrivia(this.code, from, c.end);
      if (this.code[colon] !== ":") throw new Error(`instrumenter bug: no ':' after case at offset ${c.start}`);
      this.edits.insertLeft(colon + 1, hitStmt(caseIds[i]!, this.mode) + (c.test ? "" : miss));
    });
    if (implicitId >= 0) this.edits.insertRight(cases[0]!.start, `default:${hitStmt(implicitId, this.mode)}${miss}break;`);
  }

  /**
   * A comparison gets a hook when it can record something useful: against a literal that is not
   * byte-sized (records strings and numbers), or equality between two operands of which neither
   * is evidently a number (a "string" hook that records only strings). Relational comparisons
   * of two non-literals (`i < n`) and comparisons with null, undefined, booleans, typeof or a
   * function keep their operator.
   */
  private binary(node: Node): void {
    const left = node.left as Node, right = node.right as Node;
    const operator = node.operator as string;
    const hookable = COMPARE_OPERATORS.has(operator);
    let stringsOnly: boolean | undefined, site = -1;
    if (hookable) this.noteLiterals(left, right);
    if (this.compares && hookable && left.type !== "PrivateIdentifier" && !isDullOperand(left) && !isDullOperand(right) && (this.byteCompares || (!isByteLiteral(left) && !isByteLiteral(right)))) {
      const lit = (literalValue(left) !== undefined ? 1 : 0) + (literalValue(right) !== undefined ? 1 : 0);
      if (lit === 1) stringsOnly = false;
      else if (lit === 0 && STRING_ONLY_OPERATORS.has(operator) && !looksNumeric(left) && !looksNumeric(right)) stringsOnly = true;
    }
    if (stringsOnly !== undefined) {
      const tokens = gapTokens(this.code, left.end, right.start);
      const op = tokens.length === 1 && this.code.slice(tokens[0]![0], tokens[0]![1]) === operator ? tokens[0]![0] : left.end;
      site = this.cmpSite(operator as CmpKind, op);
    }
    const outer = this.openSite();
    this.children(node);
    const height = this.closeSite(outer, site >= 0);
    if (site >= 0) this.inlineBinary(left, right, operator, stringsOnly!, site, height);
  }

  /** Starts walking a node that may be a hooked site; returns what closeSite needs. */
  private openSite(): number {
    const outer = this.subHeight;
    this.subHeight = 0;
    return outer;
  }

  /** Ends it; returns its height (see tempVar), counted into the enclosing site's when hooked. */
  private closeSite(outer: number, hooked: boolean): number {
    const inner = this.subHeight;
    this.subHeight = Math.max(outer, hooked ? inner + 1 : inner);
    return inner + 1;
  }

  /** The source text of a node if it can be copied into one line of emitted code. */
  private copyable(n: Node): string | undefined {
    const t = this.code.slice(n.start, n.end);
    return /[\n\r\u2028\u2029]/.test(t) ? undefined : t;
  }

  /**
   * What a miss hook is given for an operand, evaluated exactly once where the program evaluates
   * it: a literal, `this` or a variable the file declares is copied (reading it again has no
   * effect); anything else (a property that may be a getter or a Proxy trap, a call, a global) is
   * held in a temporary as it is evaluated, `(__bf_a1=o.x)`, so the operator, or the method call,
   * still sees the original value in the original order and throws from the target's own code.
   */
  private operand(n: Node, role: "a" | "b" | "p" | "s", height: number): string {
    const u = unparen(n);
    const text = this.copyable(n);
    const plain = literalValue(u) !== undefined || u.type === "ThisExpression" || (u.type === "Identifier" && this.scopes.isBound(u.name));
    if (plain && text !== undefined) return text;
    const name = tempVar(role, height);
    const seq = n.type === "SequenceExpression"; // a switch's discriminant may be one, unparenthesized
    this.useTemp(name);
    this.edits.insertRight(n.start, `(${name}=${seq ? "(" : ""}`);
    this.edits.insertLeft(n.end, seq ? "))" : ")");
    return name;
  }

  /**
   * A hooked comparison keeps its operator, so the equal (true) path calls nothing:
   * `o.k === "lit"` becomes `((__bf_a1=o.k)==="lit"||<not spent>&&__bf_fm(__bf_a1,"lit",site))`,
   * `a !== b` `(a!==b&&(<guards>||__bf_tms(a,b,site)))`. The miss hook records and returns what
   * the operator returned.
   */
  private inlineBinary(left: Node, right: Node, operator: string, stringsOnly: boolean, site: number, height: number): void {
    const negated = operator === "!==" || operator === "!=";
    const miss = stringsOnly ? (negated ? MISS_HOOKS.trueStrings : MISS_HOOKS.falseStrings) : negated ? MISS_HOOKS.true : MISS_HOOKS.false;
    const a = this.operand(left, "a", height), b = this.operand(right, "b", height);
    // Called only when the site has not recorded in this execution yet and, for string-only
    // hooks, with two strings not both single characters: checked inline, so the miss path of a
    // scanner loop (`s[i] === quote`) calls nothing.
    const when = stringsOnly ? [`typeof ${a}==="string"`, `typeof ${b}==="string"`, `(${a}.length>1||${b}.length>1)`] : [];
    when.push(this.spent(site, false));
    const unless = stringsOnly ? [`typeof ${a}!=="string"`, `typeof ${b}!=="string"`, `${a}.length<2&&${b}.length<2`] : [];
    unless.push(this.spent(site, true));
    const call = `${this.hookCall(miss)}${a},${b},${site})`;
    this.edits.insertRight(left.start, "(");
    this.edits.insertLeft(right.end, negated ? `&&(${unless.join("||")}||${call}))` : `||${when.join("&&")}&&${call})`);
  }

  /** Notes a temporary: the module declares it, and so does the innermost enclosing function. */
  private useTemp(name: string): void {
    this.temps.add(name);
    this.tempScopes[this.tempScopes.length - 1]?.add(name);
  }

  /**
   * Whether compare site `site` has recorded in this execution (`true`) or not (`false`): its
   * entry in the runtime's per-site epochs against the running execution's (runtime.ts).
   */
  private spent(site: number, yes: boolean): string {
    this.hookUses++;
    this.hooksUsed.add(EPOCHS_VAR);
    this.hooksUsed.add(EPOCH_NOW_VAR);
    return `${hookVar(EPOCHS_VAR)}[${site}]${yes ? "===" : "!=="}${hookVar(EPOCH_NOW_VAR)}[0]`;
  }

  /** `recv.m(a[, b])` for a hooked method m: see inlineMethod. */
  private call(node: Node): void {
    const m = this.compares ? this.hookedCall(node) : undefined;
    const site = m ? this.cmpSite(m.name as CmpKind, node.callee.property.start) : -1;
    const outer = this.openSite();
    this.children(node);
    const height = this.closeSite(outer, site >= 0);
    if (m) this.inlineMethod(node, m.prefix, site, height);
  }

  /**
   * A hooked method call stays as written, with its receiver and needle (and the position of
   * `startsWith`/`endsWith`) evaluated once (see operand), so the method is looked up and called
   * by the target's own code and a search that finds calls nothing:
   * `o.s.indexOf(x, i)` becomes
   * `((__bf_r1=(__bf_a1=o.s).indexOf(x, i))===-1?<spent>?-1:__bf_iom(__bf_a1,x,site):__bf_r1)`;
   * a miss hook records and returns the value the miss already decided.
   */
  private inlineMethod(node: Node, prefix: string, site: number, height: number): void {
    const recv = node.callee.object as Node, args = node.arguments as Node[];
    const positional = prefix === METHOD_HOOKS.startsWith || prefix === METHOD_HOOKS.endsWith;
    const operands = [this.operand(recv, "a", height), this.operand(args[0]!, "b", height)];
    if (positional && args.length === 2) operands.push(this.operand(args[1]!, "p", height));
    const missValue = prefix === METHOD_HOOKS.indexOf ? "-1" : "false";
    const hook = positional ? `${prefix}m${args.length}` : `${prefix}m`;
    const result = tempVar("r", height);
    this.useTemp(result);
    // One-character needles are recorded too: Papa Parse's delimiter guessing searches for each
    // candidate ("\x1e" among them), and without those records a bug Jazzer.js finds in seconds
    // went unfound in 60 s (bench/js.ts, seeds 1-3).
    const guard = `${this.spent(site, true)}?${missValue}:`;
    this.edits.insertRight(node.start, `((${result}=`);
    this.edits.insertLeft(node.end, `)===${missValue}?${guard}${this.hookCall(hook)}${operands.join(",")},${site}):${result})`);
  }

  /** The method and miss-hook prefix of a call that gets a hook (methodCall.ts), noting its needle if literal. */
  private hookedCall(node: Node): { name: string; prefix: string } | undefined {
    const m = hookedMethod(node);
    if (!m) return undefined;
    const args = node.arguments as Node[];
    this.noteLiterals(args[0]!);
    if (isByteLiteral(args[0]!) || isDullOperand(node.callee.object) || args.some(isDullOperand)) return undefined;
    return m;
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
  const ins = new Instrumenter(code, mode, opts.compareHooks ?? true, parsed.moduleKind, opts.byteCompares ?? false);
  const at = ins.program(parsed.program as unknown as Node);
  const base = { moduleKind: parsed.moduleKind, typescript: parsed.typescript };
  if ((ins.sites.length === 0 && ins.cmpSites.length === 0) || at.pos < 0) {
    return { ...base, code, probes: 0, sites: [], cmpSites: [], regions: [], literals: [...ins.literals], anchors: [] };
  }
  ins.edits.insertLeft(at.pos, at.prefix + header(opts.fileKey ?? filename, ins.sites.length, ins.cmpSites.length, ins.switchTables, [...ins.hooksUsed].sort(), [...ins.temps].sort(), parsed.moduleKind === "esm"));
  const out = ins.edits.apply(code);
  return { ...base, code: out.code, probes: ins.sites.length, sites: ins.sites, cmpSites: ins.cmpSites, regions: ins.regions, literals: [...ins.literals], anchors: out.anchors };
}
