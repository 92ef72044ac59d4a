/**
 * Which describe blocks a test is declared in, for fuzz() and it.fuzz: the full test name is what
 * `--test-name-pattern` matches ("Outer Inner name", space-joined, measured on Bun 1.4.5), and
 * Jazzer.js's Jest runner keeps each fuzz test's inputs in a folder per describe block.
 *
 * bun test exposes no "current describe" at declaration time (no expect.getState, and the globals
 * a test file sees are its own, so wrapping describe from a preload does not reach them). So the
 * declaration's position (from the stack) is looked up in the test file's syntax tree: every
 * `describe(name, fn)` call whose callback contains it, outermost first. Names must be string
 * literals (or templates without substitutions); otherwise the path is unknown.
 */
import { readFileSync } from "node:fs";
import type { Node } from "../instrument/ast.ts";
import { parseSource } from "../instrument/parse.ts";
import { lineStarts } from "../instrument/scan.ts";

interface DescribeBlock {
  readonly name: string | undefined;
  /** The callback's body range (UTF-16 offsets). */
  readonly start: number;
  readonly end: number;
}

const cache = new Map<string, { blocks: DescribeBlock[]; starts: number[] }>();

function isNode(x: unknown): x is Node {
  return typeof x === "object" && x !== null && typeof (x as Node).type === "string";
}

/** `describe`, `describe.only`, `describe.skip`, `describe.if(c)`... (any chain rooted at the identifier describe). */
function isDescribe(callee: Node): boolean {
  let c = callee;
  while (c.type === "MemberExpression" || c.type === "CallExpression") c = c.type === "MemberExpression" ? c.object : c.callee;
  return c.type === "Identifier" && c.name === "describe";
}

function literal(n: Node | undefined): string | undefined {
  if (!n) return undefined;
  if (n.type === "Literal" && typeof n.value === "string") return n.value;
  if (n.type === "TemplateLiteral" && n.expressions.length === 0) return n.quasis[0]?.value?.cooked ?? undefined;
  return undefined;
}

function blocksOf(file: string): { blocks: DescribeBlock[]; starts: number[] } {
  const hit = cache.get(file);
  if (hit) return hit;
  const code = readFileSync(file, "utf8");
  const blocks: DescribeBlock[] = [];
  const visit = (n: Node): void => {
    if (n.type === "CallExpression" && isDescribe(n.callee)) {
      const args = n.arguments as Node[];
      const fn = args.find((a) => a.type === "ArrowFunctionExpression" || a.type === "FunctionExpression");
      // describe.each(table)(name, fn) formats its names from the table: unknown.
      const templated = n.callee.type === "CallExpression" && n.callee.callee.type === "MemberExpression" && n.callee.callee.property?.name === "each";
      if (fn) blocks.push({ name: templated ? undefined : literal(args[0]), start: fn.body.start, end: fn.body.end });
    }
    for (const v of Object.values(n)) {
      if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c); }
      else if (isNode(v)) visit(v);
    }
  };
  try {
    visit(parseSource(code, file).program as unknown as Node);
  } catch {
    // A file we cannot parse: no describe blocks known.
  }
  const out = { blocks, starts: lineStarts(code) };
  cache.set(file, out);
  return out;
}

/**
 * The names of the describe blocks around position `line`:`column` (1-based, as in stack traces)
 * of `file`, outermost first; [] at top level; undefined when one of them has no literal name.
 */
export function describePath(file: string, line: number, column: number): string[] | undefined {
  const { blocks, starts } = blocksOf(file);
  const offset = (starts[line - 1] ?? Number.MAX_SAFE_INTEGER) + column - 1;
  const around = blocks.filter((b) => b.start <= offset && offset < b.end).sort((a, b) => a.start - b.start);
  if (around.some((b) => b.name === undefined)) return undefined;
  return around.map((b) => b.name!);
}
