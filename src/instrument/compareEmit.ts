import { isByteLiteral, isDullOperand, literalValue, looksNumeric, unparen, type Node } from "./ast.ts";
import type { Edits } from "./edits.ts";
import { hitStmt } from "./emit.ts";
import { hookedMethod } from "./methodCall.ts";
import { COMPARE_OPERATORS, EPOCHS_VAR, EPOCH_NOW_VAR, METHOD_HOOKS, OPERANDS_VAR, PAIRS_VAR, PAIR_COUNT_VAR, PAIR_INDEX_VAR, PAIR_QUEUE_VAR, QUEUE_VAR, SITE_RECORDS, STRING_ONLY_OPERATORS, hookVar, tempVar } from "./hooks.ts";
import type { Scopes } from "./scope.ts";
import { gapTokens, lineColumn, skipTrivia } from "./scan.ts";
import type { CmpKind, CmpSite, CounterMode } from "./types.ts";

/**
 * Compare-hook emission: which comparisons, switches and method calls get a hook, and the inline
 * text that keeps each operator at its site and calls a miss hook (compareHooks.ts) only on a
 * failure. The walk (transform.ts) owns traversal and probes; it hands each hookable node here
 * with a callback that walks the node's children, because a site's temporaries are named by its
 * nesting height over the hooked sites inside its operands (see tempVar).
 */
export class CompareEmitter {
  readonly cmpSites: CmpSite[] = [];
  /** Per switch with literal cases: flat `site, value, ...` (see emit.ts header). */
  readonly switchTables: Array<Array<string | number>> = [];
  /**
   * The comparisons against a literal, flat `site, literal, ...`: the site as `~site` when the
   * literal is the left operand (see store).
   */
  readonly literalSites: Array<string | number> = [];
  /** How many equalities of two computed operands store their strings (pair). */
  pairSites = 0;
  /** Distinct literals compared against, in source order. */
  readonly literals = new Set<string | number>();
  /** Hooks the emitted code calls (each gets a module-local alias). */
  readonly hooksUsed = new Set<string>();
  /** Every compare-hook temporary the file uses (the header declares them all: see emit.ts header). */
  readonly temps = new Set<string>();
  /** Hook calls and hook-state reads emitted so far (tells whether a function uses hooks). */
  private hookUses = 0;
  /**
   * Enclosing functions, innermost last: each declares the temporaries its code uses (a local is
   * a register; the module's is a closure variable, measured slower in hot loops). Parameter
   * defaults and class fields use the enclosing function's or the module's.
   */
  private readonly tempScopes: Array<Set<string>> = [];
  /** The highest hooked site among the nodes walked since the innermost open site began (see tempVar). */
  private subHeight = 0;

  constructor(
    private readonly code: string,
    private readonly starts: readonly number[],
    private readonly edits: Edits,
    private readonly mode: CounterMode,
    /** Whether compare hooks are emitted at all (literals are noted either way). */
    private readonly enabled: boolean,
    /** Whether comparisons with byte-sized literals get hooks too (value profile). */
    private readonly byteCompares: boolean,
    private readonly scopes: () => Scopes,
  ) {}

  /** Walks a function's body (`walk`) in a temporaries scope of its own; returns its `var` declaration and whether it used hooks. */
  inFunction(walk: () => void): { locals: string; usesHooks: boolean } {
    const before = this.hookUses;
    this.tempScopes.push(new Set());
    const outer = this.subHeight;
    this.subHeight = 0;
    walk();
    this.subHeight = outer;
    const temps = this.tempScopes.pop()!;
    return { locals: temps.size > 0 ? `var ${[...temps].sort().join(",")};` : "", usesHooks: this.hookUses > before };
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

  /**
   * A switch: its literal cases (not byte-sized) become one table whose hook runs only where no case
   * matched, in the default clause (after a fall-through into an explicit one too; the runtime then
   * finds the value among the cases and records nothing). `caseIds` are the cases' probes, and
   * `implicitId` the probe of the default clause the walk adds (-1 if the switch has one).
   */
  switchStatement(node: Node, caseIds: readonly number[], implicitId: number, walk: () => void): void {
    const cases = node.cases as Node[];
    let table = -1;
    if (this.enabled) {
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
    walk();
    const height = this.closeSite(outer, table >= 0);
    // Its case sites record once per execution, all in one call: the first one's budget says whether to call.
    const first = table >= 0 ? (this.switchTables[table]![0] as number) : -1;
    const miss = table >= 0 ? `${this.spent(first, false)}&&(${this.store(first, this.operand(node.discriminant as Node, "s", height))});` : "";
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
   * of two non-literals (`i < n`), relational comparisons against a number (`cp >= 0xD800`: range
   * tests of a scanner, a third of esprima's hook tests per input; value profile hooks them), and
   * comparisons with null, undefined, booleans, typeof or a function keep their operator.
   */
  binary(node: Node, walk: () => void): void {
    const left = node.left as Node, right = node.right as Node;
    const operator = node.operator as string;
    const hookable = COMPARE_OPERATORS.has(operator);
    let stringsOnly: boolean | undefined, site = -1;
    if (hookable) this.noteLiterals(left, right);
    if (this.enabled && hookable && left.type !== "PrivateIdentifier" && !isDullOperand(left) && !isDullOperand(right) && (this.byteCompares || (!isByteLiteral(left) && !isByteLiteral(right)))) {
      const lit = (literalValue(left) !== undefined ? 1 : 0) + (literalValue(right) !== undefined ? 1 : 0);
      const value = lit === 1 ? literalValue(left) ?? literalValue(right) : undefined;
      if (lit === 1 && (typeof value === "string" || STRING_ONLY_OPERATORS.has(operator) || this.byteCompares)) stringsOnly = false;
      else if (lit === 0 && STRING_ONLY_OPERATORS.has(operator) && !looksNumeric(left) && !looksNumeric(right)) stringsOnly = true;
    }
    if (stringsOnly !== undefined) {
      const tokens = gapTokens(this.code, left.end, right.start);
      const op = tokens.length === 1 && this.code.slice(tokens[0]![0], tokens[0]![1]) === operator ? tokens[0]![0] : left.end;
      site = this.cmpSite(operator as CmpKind, op);
    }
    const outer = this.openSite();
    walk();
    const height = this.closeSite(outer, site >= 0);
    if (site >= 0) this.inlineBinary(left, right, operator, stringsOnly!, site, height);
  }

  /** `recv.m(a[, b])` for a hooked method m: see inlineMethod. */
  call(node: Node, walk: () => void): void {
    const m = this.enabled ? this.hookedCall(node) : undefined;
    const site = m ? this.cmpSite(m.name as CmpKind, node.callee.property.start) : -1;
    const outer = this.openSite();
    walk();
    const height = this.closeSite(outer, site >= 0);
    if (m) this.inlineMethod(node, m.prefix, site, height);
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
    const plain = literalValue(u) !== undefined || u.type === "ThisExpression" || (u.type === "Identifier" && this.scopes().isBound(u.name));
    if (plain && text !== undefined) return text;
    const name = tempVar(role, height);
    const seq = n.type === "SequenceExpression"; // a switch's discriminant may be one, unparenthesized
    this.useTemp(name);
    this.edits.insertRight(n.start, `(${name}=${seq ? "(" : ""}`);
    this.edits.insertLeft(n.end, seq ? "))" : ")");
    return name;
  }

  /**
   * A hooked comparison keeps its operator, so the equal (true) path costs nothing. Against a
   * literal, a failure notes the other operand for the runtime (store):
   * `o.k === "lit"` becomes `((__bf_a1=o.k)==="lit"||<not spent>&&(<store __bf_a1>,false))`;
   * between two computed operands, a failure between two strings notes both (pair):
   * `a !== b` becomes `(a!==b&&(<not two strings>||<spent>||(<pair a, b>,true)))`. The expression
   * has the operator's value either way.
   */
  private inlineBinary(left: Node, right: Node, operator: string, stringsOnly: boolean, site: number, height: number): void {
    const negated = operator === "!==" || operator === "!=";
    // Each operand's temporary opens at its start before the comparison's parenthesis does (edits.ts insertRight).
    if (!stringsOnly) {
      const literalLeft = literalValue(left) !== undefined;
      this.literalSites.push(literalLeft ? ~site : site, literalValue(literalLeft ? left : right)!);
      const store = this.store(site, literalLeft ? this.operand(right, "b", height) : this.operand(left, "a", height));
      this.edits.insertRight(left.start, "(");
      this.edits.insertLeft(right.end, negated ? `&&(${this.spent(site, true)}||(${store},true)))` : `||${this.spent(site, false)}&&(${store},false))`);
      return;
    }
    const a = this.operand(left, "a", height), b = this.operand(right, "b", height);
    this.pairSites++;
    // Stored only for two strings not both single characters, at a site not spent: tested inline,
    // so the miss path of a scanner loop (`s[i] === quote`) stores nothing.
    const store = this.pair(site, a, b);
    this.edits.insertRight(left.start, "(");
    this.edits.insertLeft(right.end, negated
      ? `&&(typeof ${a}!=="string"||typeof ${b}!=="string"||${a}.length<2&&${b}.length<2||${this.spent(site, true)}||(${store},true)))`
      : `||typeof ${a}==="string"&&typeof ${b}==="string"&&(${a}.length>1||${b}.length>1)&&${this.spent(site, false)}&&(${store},false))`);
  }

  /**
   * The expression that notes the operands of a failed equality of two computed strings at site
   * `site`: up to SITE_RECORDS pairs per execution go to the file's pair log (operands at
   * `u[2i]`, `u[2i+1]`, the site at `v[i]`, `v[0]` the count), and the site is spent when
   * `k[site]` reaches SITE_RECORDS; the runtime records the log when the execution ends.
   */
  private pair(site: number, a: string, b: string): string {
    this.hookUses++;
    for (const v of [EPOCHS_VAR, EPOCH_NOW_VAR, PAIRS_VAR, PAIR_QUEUE_VAR, PAIR_COUNT_VAR]) this.hooksUsed.add(v);
    const e = hookVar(EPOCHS_VAR), x = hookVar(EPOCH_NOW_VAR), u = hookVar(PAIRS_VAR), v = hookVar(PAIR_QUEUE_VAR), k = hookVar(PAIR_COUNT_VAR);
    const n = PAIR_INDEX_VAR;
    this.useTemp(n);
    return `${u}[${n}=2*++${v}[0]]=${a},${u}[${n}+1]=${b},${v}[${n}>>1]=${site},++${k}[${site}]<${SITE_RECORDS}||(${e}[${site}]=${x}[0])`;
  }

  /**
   * The expression that notes `value` as the operand of site `site` (a comparison against a
   * literal, or the first case of a switch) for the runtime, which records it when the execution
   * ends (compareHooks.ts drain): the site is spent for this execution, its operand goes to the
   * file's operand array and its id to the file's queue. A store into an array, not a call: a
   * call from a hot function, even to a hook that does nothing, is something the JIT must assume
   * may change any object, so it reloads what it had proved about the function's own objects
   * after it (bench/results/instrument-hooks.md).
   */
  private store(site: number, value: string): string {
    this.hookUses++;
    for (const v of [EPOCHS_VAR, EPOCH_NOW_VAR, OPERANDS_VAR, QUEUE_VAR]) this.hooksUsed.add(v);
    const e = hookVar(EPOCHS_VAR), x = hookVar(EPOCH_NOW_VAR), o = hookVar(OPERANDS_VAR), q = hookVar(QUEUE_VAR);
    return `${e}[${site}]=${x}[0],${o}[${site}]=${value},${q}[++${q}[0]]=${site}`;
  }

  /** Notes a temporary: the module declares it, and so does the innermost enclosing function. */
  useTemp(name: string): void {
    this.temps.add(name);
    this.tempScopes[this.tempScopes.length - 1]?.add(name);
  }

  /**
   * Whether compare site `site` is resting (`true`) or may record (`false`): its entry in the
   * runtime's per-site epochs, the last execution it rests in, against the running execution's
   * (compareHooks.ts).
   */
  private spent(site: number, yes: boolean): string {
    this.hookUses++;
    this.hooksUsed.add(EPOCHS_VAR);
    this.hooksUsed.add(EPOCH_NOW_VAR);
    return `${hookVar(EPOCHS_VAR)}[${site}]${yes ? ">=" : "<"}${hookVar(EPOCH_NOW_VAR)}[0]`;
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
