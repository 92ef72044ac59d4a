import { existsSync, readFileSync } from "node:fs";
import type { ProbeRegion } from "../instrument/index.ts";
import type { CoverageBuilder } from "./model.ts";
import type { JsUnit } from "./units.ts";

/**
 * JS coverage from the instrumenter's probe map: branches are the probes (all but function
 * entries), functions the function probes, and a line is marked by the innermost probe region
 * that holds all of its code: `if (a) {` belongs to the enclosing function (its test runs whenever
 * the function does), the statements inside the braces to the if's arm. Regions nest as the syntax
 * tree does, so one pass with a stack finds each line's owner. A line in no region that declares a
 * function goes to that function.
 */

/** Lines with no code of their own: blank, closing brackets only, or comment lines. */
const NO_CODE = /^\s*(?:[})\];,]+\s*)*$|^\s*(?:\/\/|\/\*|\*)/;

/** Position as one comparable number: line-major, then UTF-16 column. */
const pos = (line: number, column: number) => line * 2 ** 20 + column;

/** Per line: where its code starts and ends (columns), or undefined for a line without code. */
function codeSpans(source: string): Array<[number, number] | undefined> {
  const out: Array<[number, number] | undefined> = [undefined]; // 1-based
  for (const text of source.split(/\r\n|\n|\r|\u2028|\u2029/)) {
    if (NO_CODE.test(text)) {
      out.push(undefined);
      continue;
    }
    const first = text.search(/\S/);
    out.push([first, text.trimEnd().length]);
  }
  return out;
}

/** Inputs that reached a region: the most among its probes. */
function regionHits(r: ProbeRegion, unit: JsUnit, edgeHits: ArrayLike<number>): number {
  let h = 0;
  for (const p of r.probes) h = Math.max(h, edgeHits[unit.firstEdge + p] ?? 0);
  return h;
}

/**
 * Marks each line with code by its innermost enclosing region. Lines outside every region (module
 * top-level code, which runs once when the module loads) are not instrumented and get no mark.
 */
function markLines(b: CoverageBuilder, unit: JsUnit, edgeHits: ArrayLike<number>, spans: Array<[number, number] | undefined>): void {
  const f = b.file(unit.path, "js");
  const regions = [...unit.regions].sort((x, y) => pos(x.line, x.column) - pos(y.line, y.column) || pos(y.endLine, y.endColumn) - pos(x.endLine, x.endColumn));
  const stack: ProbeRegion[] = [];
  let next = 0;
  // A line that declares a function with code of its own before it (`export function f() {`, a
  // class method's name, `const f = () =>`) and lies in no region is marked by that function.
  const fnProbes = new Set(unit.sites.filter((s) => s.kind === "function").map((s) => s.id));
  const declared = new Map<number, ProbeRegion>();
  for (const r of regions) if (r.probes.length === 1 && fnProbes.has(r.probes[0]!) && !declared.has(r.line)) declared.set(r.line, r);
  for (let line = 1; line < spans.length; line++) {
    const span = spans[line];
    if (!span) continue;
    const start = pos(line, span[0]), end = pos(line, span[1]);
    while (next < regions.length && pos(regions[next]!.line, regions[next]!.column) <= start) {
      const r = regions[next++]!;
      const rs = pos(r.line, r.column);
      while (stack.length && pos(stack[stack.length - 1]!.endLine, stack[stack.length - 1]!.endColumn) <= rs) stack.pop();
      stack.push(r);
    }
    while (stack.length && pos(stack[stack.length - 1]!.endLine, stack[stack.length - 1]!.endColumn) < end) stack.pop();
    const owner = stack[stack.length - 1] ?? declared.get(line);
    if (owner) b.line(f, line, regionHits(owner, unit, edgeHits));
  }
}

/** Adds JS files: probes as branches and functions, lines from regions (when the source is on disk). */
export function addJs(b: CoverageBuilder, units: readonly JsUnit[], edgeHits: ArrayLike<number>): void {
  for (const unit of units) {
    const f = b.file(unit.path, "js");
    const names = new Map<number, string>();
    for (const r of unit.regions) if (r.name && r.probes.length === 1) names.set(r.probes[0]!, r.name);
    for (const s of unit.sites) {
      const hits = edgeHits[unit.firstEdge + s.id] ?? 0;
      if (s.kind === "function") f.functions.push({ name: names.get(s.id) ?? `(anonymous ${s.line}:${s.column + 1})`, line: s.line, hits });
      else f.branches.push({ line: s.line, hits, kind: s.kind });
    }
    if (existsSync(unit.path)) markLines(b, unit, edgeHits, codeSpans(readFileSync(unit.path, "utf8")));
    else for (const s of unit.sites) b.line(f, s.line, edgeHits[unit.firstEdge + s.id] ?? 0);
  }
}
