import { remapColumn } from "./columnMap.ts";
import type { ColumnAnchors } from "./types.ts";

interface FileColumns {
  readonly anchors: ColumnAnchors;
  /** Columns stack positions on line 1 are too far right (the CommonJS wrapper); 0 for ES modules. */
  readonly line1Shift: number;
}

/** Column maps of the instrumented files of this process, by the path that appears in stacks. */
const files = new Map<string, FileColumns>();

/**
 * Registers the column anchors of an instrumented file so remapStack can fix its frames.
 * `line1Shift` is how far right positions on line 1 are beyond the instrumented code's own
 * (COMMONJS_LINE1_SHIFT for CommonJS, see commonjs.ts; 0 for ES modules).
 */
export function registerColumnMap(path: string, anchors: ColumnAnchors, line1Shift = 0): void {
  files.set(path, { anchors, line1Shift });
}

/** Whether a path has a registered column map. */
export function hasColumnMap(path: string): boolean {
  return files.has(path);
}

const FRAME = /([^\s()][^\n()]*?):(\d+):(\d+)/g;

/**
 * Rewrites the `path:line:column` positions of instrumented files in a stack trace (or any text)
 * back to original columns (1-based, as Bun prints them). Lines are already right: the
 * instrumenter adds no line breaks. Positions in other files are left as they are.
 */
export function remapStack(stack: string): string {
  if (files.size === 0) return stack;
  return stack.replace(FRAME, (whole, rawPath: string, line: string, col: string) => {
    let path = rawPath;
    let lead = "";
    if (!files.has(path) && path.startsWith("at ")) {
      lead = "at ";
      path = path.slice(3);
    }
    const f = files.get(path);
    if (!f) return whole;
    const l = Number(line);
    const generated = Math.max(0, Number(col) - 1 - (l === 1 ? f.line1Shift : 0));
    return `${lead}${path}:${l}:${remapColumn(f.anchors, l, generated) + 1}`;
  });
}
