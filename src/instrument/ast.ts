/**
 * A loose view of oxc's ESTree nodes (with TypeScript nodes), and the few predicates the
 * instrumenter needs. The walker reads nodes generically through visitorKeys, so a typed AST
 * would add ceremony without catching much.
 */

/** Any AST node: a type, UTF-16 offsets, and the node's own fields. */
export interface Node {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  // oxc's ESTree nodes: fields depend on `type`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly [field: string]: any;
}

/** Keys that hold only types: never walked (no runtime code there). */
export const TYPE_KEYS: ReadonlySet<string> = new Set([
  "typeAnnotation", "returnType", "typeParameters", "typeArguments", "superTypeArguments", "implements",
]);

/** TS node types that contain runtime code and are walked; every other TS* node is skipped. */
export const TS_RUNTIME: ReadonlySet<string> = new Set([
  "TSAsExpression", "TSSatisfiesExpression", "TSNonNullExpression", "TSTypeAssertion",
  "TSInstantiationExpression", "TSParameterProperty", "TSModuleDeclaration", "TSModuleBlock",
  "TSExportAssignment",
]);

/** Loop statements; each has a `body`. */
export const LOOPS: ReadonlySet<string> = new Set([
  "ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement",
]);

/** Function nodes that may have a body (TS overloads and abstract methods have other types). */
export const FUNCTIONS: ReadonlySet<string> = new Set([
  "FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression",
]);

/** The node inside any parentheses. */
export function unparen(n: Node): Node {
  while (n.type === "ParenthesizedExpression") n = n.expression as Node;
  return n;
}

/** The value of a string or number literal (also `-1`, `+1` and a template without expressions). */
export function literalValue(node: Node): string | number | undefined {
  const n = unparen(node);
  if (n.type === "Literal") {
    if (n.regex || n.bigint !== undefined && n.bigint !== null) return undefined;
    return typeof n.value === "string" || typeof n.value === "number" ? n.value : undefined;
  }
  if (n.type === "TemplateLiteral" && n.expressions.length === 0 && n.quasis.length === 1) {
    const cooked = n.quasis[0].value?.cooked;
    return typeof cooked === "string" ? cooked : undefined;
  }
  if (n.type === "UnaryExpression" && (n.operator === "-" || n.operator === "+")) {
    const v = literalValue(n.argument as Node);
    return typeof v === "number" ? (n.operator === "-" ? -v : v) : undefined;
  }
  return undefined;
}

/**
 * Whether an operand is a byte-sized literal: a one-character string or an integer in [-1, 255].
 * Comparisons against these dominate scanner loops (`c === "\""`, `s.charCodeAt(i) === 0x23`),
 * most of them fail, and byte-level mutations find such values in about 256 tries, so they get no
 * hook (measured in bench/instrument.ts: hooking them cost several times the plain run time).
 * Their values still go to the file's literal list. The empty string is not byte-sized: its
 * records make CMP mutations that delete the other operand from the input, and without them
 * bunfuzz stopped finding bench/js.ts's Papa Parse bug.
 */
export function isByteLiteral(node: Node): boolean {
  const v = literalValue(node);
  if (typeof v === "string") return v.length === 1;
  return typeof v === "number" && Number.isInteger(v) && v >= -1 && v <= 255;
}

const BOOLEAN_OPS = new Set(["==", "!=", "===", "!==", "<", ">", "<=", ">=", "in", "instanceof"]);

/**
 * Whether a comparison operand can never yield a useful record: null, undefined, booleans, regular
 * expressions, `typeof x` (type names are not input), booleans computed by `!x`, a comparison,
 * `in` or `instanceof`, and function and class literals (held in a temporary, an anonymous one
 * would take the temporary's name). A comparison or method call with such an operand keeps its
 * operator (no hook cost).
 */
export function isDullOperand(node: Node): boolean {
  const n = unparen(node);
  if (n.type === "ArrowFunctionExpression" || n.type === "FunctionExpression" || n.type === "ClassExpression") return true;
  if (n.type === "Literal") return n.value === null || typeof n.value === "boolean" || !!n.regex;
  if (n.type === "Identifier") return n.name === "undefined";
  if (n.type === "UnaryExpression") return n.operator === "void" || n.operator === "typeof" || n.operator === "!";
  if (n.type === "BinaryExpression") return BOOLEAN_OPS.has(n.operator);
  return false;
}

/**
 * Whether the member/call chain ending at `n` has an optional link (`a?.b`) that would
 * short-circuit past it. Parentheses end a chain, so they stop the search.
 */
export function hasOptionalLink(n: Node): boolean {
  let cur: Node | undefined = n;
  while (cur && (cur.type === "MemberExpression" || cur.type === "CallExpression" || cur.type === "ChainExpression")) {
    if (cur.optional) return true;
    cur = cur.type === "MemberExpression" ? cur.object : cur.type === "CallExpression" ? cur.callee : cur.expression;
  }
  return false;
}

const ARITHMETIC = new Set(["-", "*", "/", "%", "**", "|", "&", "^", "<<", ">>", ">>>"]);
const NUMERIC_METHODS = new Set(["indexOf", "lastIndexOf", "charCodeAt", "codePointAt", "search", "findIndex", "findLastIndex", "getTime", "valueOf"]);
const NUMERIC_FUNCTIONS = new Set(["parseInt", "parseFloat", "Number"]);

/**
 * Whether an expression is evidently a number without knowing any variable's type: a number
 * literal, arithmetic, `++`/`--`, unary `-`/`+`/`~`, `.length`, a call of a method or function that
 * returns a number (`indexOf`, `charCodeAt`, `parseInt`, `Math.*`). Such values are positions,
 * lengths and counts far more often than input bytes.
 */
export function looksNumeric(node: Node): boolean {
  const n = unparen(node);
  switch (n.type) {
    case "Literal": return typeof n.value === "number";
    case "BinaryExpression": return ARITHMETIC.has(n.operator) || (n.operator === "+" && looksNumeric(n.left) && looksNumeric(n.right));
    case "UpdateExpression": return true;
    case "UnaryExpression": return n.operator === "-" || n.operator === "+" || n.operator === "~";
    case "MemberExpression": return !n.computed && n.property.type === "Identifier" && n.property.name === "length";
    case "CallExpression": {
      const c = unparen(n.callee);
      if (c.type === "Identifier") return NUMERIC_FUNCTIONS.has(c.name);
      if (c.type !== "MemberExpression" || c.computed || c.property.type !== "Identifier") return false;
      return NUMERIC_METHODS.has(c.property.name) || (c.object.type === "Identifier" && c.object.name === "Math");
    }
    default: return false;
  }
}

/**
 * Whether every run of a body (a block or a single statement) runs into an `if` or a conditional
 * expression: straight-line statements (declarations, expression statements) may come first. The
 * arms' probes, the implicit else's included, then cover every way through the body, so a probe of
 * its own would add nothing (set mode: its hit is the union of theirs; counting modes: the sum).
 * Only a throw before the arms goes unrecorded. SanitizerCoverage prunes such blocks the same way
 * (a block that dominates all its successors gets no counter), and like it we keep function entries.
 */
export function coveredByFirst(body: Node): boolean {
  const list = body.type === "BlockStatement" ? (body.body as Node[]) : [body];
  for (const st of list) {
    if (st.type === "IfStatement") return true;
    if (st.type === "ExpressionStatement") {
      if (unparen(st.expression as Node).type === "ConditionalExpression") return true;
      continue;
    }
    if (st.type === "VariableDeclaration" && (st.kind === "var" || st.kind === "let" || st.kind === "const")) continue;
    return false;
  }
  return false;
}
