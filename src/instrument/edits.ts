import type { ColumnAnchors } from "./types.ts";

const LEFT = 0;
const RIGHT = 1;
const REPLACE = 2;

/**
 * A list of text edits over one source, applied at once. It replaces magic-string for our needs:
 * the same two insertion sides, plus the column anchors that stack-trace remapping needs, which
 * magic-string would only give through a full source map.
 *
 * At one offset the output is: every `insertLeft` text in call order, then every `insertRight`
 * text in reverse call order, then the replacement or the original character. With a post-order
 * traversal (children first), openers inserted with `insertRight` and closers with `insertLeft`
 * nest correctly even when wrappers share an offset.
 *
 * Invariant: no inserted or replacing text contains a line terminator and no edit splits a CRLF,
 * so every line keeps its number; `insertLeft`, `insertRight`, `replace` and `apply` throw
 * otherwise.
 */
export class Edits {
  private readonly pos: number[] = [];
  private readonly end: number[] = [];
  private readonly side: number[] = [];
  private readonly text: string[] = [];

  /** Inserts text at offset, after anything that ends there (a closer). */
  insertLeft(offset: number, text: string): void {
    this.push(offset, offset, LEFT, text);
  }

  /** Inserts text at offset, before anything that starts there (an opener). */
  insertRight(offset: number, text: string): void {
    this.push(offset, offset, RIGHT, text);
  }

  /** Replaces the original characters [start, end) (one token; never a line terminator). */
  replace(start: number, end: number, text: string): void {
    this.push(start, end, REPLACE, text);
  }

  /** Number of edits recorded so far. */
  get size(): number {
    return this.pos.length;
  }

  private push(pos: number, end: number, side: number, text: string): void {
    if (/[\n\r\u2028\u2029]/.test(text)) throw new Error(`instrumenter bug: edit text has a line terminator: ${JSON.stringify(text)}`);
    this.pos.push(pos);
    this.end.push(end);
    this.side.push(side);
    this.text.push(text);
  }

  /** Applies the edits to code; returns the new code and its column anchors. */
  apply(code: string): { code: string; anchors: ColumnAnchors } {
    const n = this.pos.length;
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => {
      const d = this.pos[a]! - this.pos[b]!;
      if (d !== 0) return d;
      const sa = this.side[a]!, sb = this.side[b]!;
      if (sa !== sb) return sa - sb;
      return sa === RIGHT ? b - a : a - b;
    });
    const out: string[] = [];
    const anchors: number[] = [];
    let cursor = 0; // next original offset to copy
    let line = 1;
    let lineStart = 0; // original offset of the current line's start
    let shift = 0; // generated column minus original column on the current line
    const advance = (to: number): void => {
      for (let i = cursor; i < to; i++) {
        const ch = code.charCodeAt(i);
        if (ch === 10 || ch === 0x2028 || ch === 0x2029 || (ch === 13 && code.charCodeAt(i + 1) !== 10)) {
          line++;
          lineStart = i + 1;
          shift = 0;
        }
      }
      if (to > cursor) out.push(code.slice(cursor, to));
      cursor = to;
    };
    for (const i of order) {
      const p = this.pos[i]!;
      if (p < cursor) throw new Error(`instrumenter bug: overlapping edits at offset ${p}`);
      if (code.charCodeAt(p - 1) === 13 && code.charCodeAt(p) === 10) throw new Error(`instrumenter bug: edit inside a CRLF at offset ${p}`);
      advance(p);
      const t = this.text[i]!;
      const col = p - lineStart;
      const removed = this.end[i]! - p;
      const k = anchors.length;
      if (k === 0 || anchors[k - 3] !== line || anchors[k - 2] !== col + shift || anchors[k - 1] !== col) anchors.push(line, col + shift, col);
      out.push(t);
      shift += t.length - removed;
      anchors.push(line, col + removed + shift, col + removed);
      cursor = p + removed;
    }
    advance(code.length);
    return { code: out.join(""), anchors };
  }
}
