import { remapColumn } from "./columnMap.ts";
import type { ColumnAnchors } from "./types.ts";

interface FileColumns {
  readonly anchors: ColumnAnchors;
  /** Columns stack positions on line 1 are too far right (the CommonJS wrapper); 0 for ES modules. */
  readonly line1Shift: number;
  /** The path printed for it (a traced copy's frames name its plugin namespace, traced.ts). */
  readonly shown: string;
}

/** Column maps of the instrumented files of this process, by the path that appears in stacks. */
const files = new Map<string, FileColumns>();

/**
 * Registers the column anchors of an instrumented file so remapStack can fix its frames.
 * `line1Shift` is how far right positions on line 1 are beyond the instrumented code's own
 * (COMMONJS_LINE1_SHIFT for CommonJS, see commonjs.ts; 0 for ES modules). `shown` is the path
 * remapStack prints for it: a traced copy's frames print as its ordinary copy's (traced.ts).
 */
export function registerColumnMap(path: string, anchors: ColumnAnchors, line1Shift = 0, shown = path): void {
  files.set(path, { anchors, line1Shift, shown });
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
    return `${lead}${f.shown}:${l}:${remapColumn(f.anchors, l, generated) + 1}`;
  });
}

const TEMP_OPEN = /\(__bf_[abprs]\d+ *= */; // Bun reprints TypeScript with spaces

/**
 * Error text as the uninstrumented code would word it where JavaScriptCore quotes the source in a
 * message (`x.startsWith is not a function`, `(evaluating 'o.k')`): a compare hook's temporary
 * `(__bf_a1=get(s))` becomes `get(s)`, and a quoted `(In '...')` clause that still shows
 * instrumentation is dropped. Only bunfuzz's reports use it; the program sees JavaScriptCore's
 * message.
 */
export function plainMessage(text: string): string {
  for (let m = TEMP_OPEN.exec(text); m; m = TEMP_OPEN.exec(text)) {
    const end = closingParen(text, m.index + m[0].length);
    if (end < 0) break;
    text = text.slice(0, m.index) + text.slice(m.index + m[0].length, end) + text.slice(end + 1);
  }
  return text.replace(/ \(In '[^\n]*__bf_[^\n]*'\)/g, "");
}

/** The offset of the `)` that closes a parenthesis opened just before `from`, skipping quoted strings; -1 if none. */
function closingParen(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'" || c === "`") {
      for (i++; i < s.length && s[i] !== c; i++) if (s[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
    else if (c === "\n") return -1;
  }
  return -1;
}
