import { hasOptionalLink, type Node } from "./ast.ts";
import { METHOD_HOOKS } from "./hooks.ts";

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

