import { hasOptionalLink, type Node } from "./ast.ts";
import { METHOD_HOOKS } from "./hooks.ts";
import { gapTokens } from "./scan.ts";
import type { CmpKind } from "./types.ts";

/**
 * How `recv.m(a[, b])` becomes `hook(recv, a[, b], site)`: the tokens between receiver and first
 * argument (`.`, `m`, `(`) become one comma, and the closing parenthesis (after an optional
 * trailing comma, which goes) becomes `,site)`. Offsets are [start, end) in the original source.
 */
export interface MethodPlan {
  readonly kind: CmpKind;
  readonly prefix: string;
  readonly hook: string;
  readonly open: Array<[number, number]>;
  readonly close: [number, number];
  readonly trailingComma?: [number, number];
}

/**
 * The method and hook prefix of a call that can be hooked: a plain, non-optional, non-computed
 * `recv.m(...)` of a method in METHOD_HOOKS, with one or two arguments and no spread.
 */
export function hookedMethod(node: Node): { name: string; prefix: string } | undefined {
  const callee = node.callee as Node;
  const args = node.arguments as Node[];
  if (node.optional || node.typeArguments || callee.type !== "MemberExpression" || callee.computed || callee.optional) return undefined;
  if (callee.property.type !== "Identifier" || callee.object.type === "Super") return undefined;
  const name = callee.property.name as string;
  const prefix = Object.hasOwn(METHOD_HOOKS, name) ? METHOD_HOOKS[name] : undefined;
  if (!prefix || args.length < 1 || args.length > 2 || args.some((a) => a.type === "SpreadElement")) return undefined;
  if (hasOptionalLink(callee.object)) return undefined;
  return { name, prefix };
}

/** The token plan of a hooked call, or undefined when comments or odd spacing sit between its tokens. */
export function planMethodCall(code: string, node: Node, name: string, prefix: string): MethodPlan | undefined {
  const callee = node.callee as Node;
  const args = node.arguments as Node[];
  const open = gapTokens(code, callee.object.end, args[0]!.start);
  const text = (t: [number, number]) => code.slice(t[0], t[1]);
  if (open.length !== 3 || text(open[0]!) !== "." || text(open[1]!) !== name || text(open[2]!) !== "(") return undefined;
  const tail = gapTokens(code, args[args.length - 1]!.end, node.end);
  if (tail.length === 1 && text(tail[0]!) === ")") return { kind: name as CmpKind, prefix, hook: prefix + args.length, open, close: tail[0]! };
  if (tail.length === 2 && text(tail[0]!) === "," && text(tail[1]!) === ")") {
    return { kind: name as CmpKind, prefix, hook: prefix + args.length, open, close: tail[1]!, trailingComma: tail[0]! };
  }
  return undefined;
}
