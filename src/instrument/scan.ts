/**
 * Small lexical helpers over the gaps between AST nodes, where only punctuation, a method name,
 * whitespace and comments can appear. They let the instrumenter rewrite one token at a time, so
 * whitespace, comments and line breaks in a gap survive and line numbers stay right.
 */

const IDENT = /[\p{ID_Continue}$\u200c\u200d]/u;

function isSpace(ch: string): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\v" || ch === "\f" || ch === "\u00a0" ||
    ch === "\ufeff" || ch === "\u2028" || ch === "\u2029" || /\s/.test(ch);
}

/** Offset of the first character at or after `from` (before `to`) that is not whitespace or comment; `to` if none. */
export function skipTrivia(code: string, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const ch = code[i]!;
    if (isSpace(ch)) {
      i++;
    } else if (ch === "/" && code[i + 1] === "/") {
      while (i < to && code[i] !== "\n" && code[i] !== "\r" && code[i] !== "\u2028" && code[i] !== "\u2029") i++;
    } else if (ch === "/" && code[i + 1] === "*") {
      const close = code.indexOf("*/", i + 2);
      i = close < 0 ? to : close + 2;
    } else {
      return i;
    }
  }
  return to;
}

/**
 * The tokens in code[from, to) as [start, end) pairs, skipping whitespace and comments. A token
 * is a run of identifier characters, a run of the operator characters `=!<>`, or one other
 * character.
 */
export function gapTokens(code: string, from: number, to: number): Array<[number, number]> {
  const tokens: Array<[number, number]> = [];
  let i = skipTrivia(code, from, to);
  while (i < to) {
    const start = i;
    const ch = code[i]!;
    if (IDENT.test(ch)) {
      while (i < to && IDENT.test(code[i]!)) i++;
    } else if ("=!<>".includes(ch)) {
      while (i < to && "=!<>".includes(code[i]!)) i++;
    } else {
      i++;
    }
    tokens.push([start, i]);
    i = skipTrivia(code, i, to);
  }
  return tokens;
}

/** Offsets where each line starts (line 1 at index 0), with JS line terminators. */
export function lineStarts(code: string): number[] {
  const starts = [0];
  for (let i = 0; i < code.length; i++) {
    const ch = code.charCodeAt(i);
    if (ch === 10 || ch === 0x2028 || ch === 0x2029 || (ch === 13 && code.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** 1-based line and 0-based column of an offset, given `lineStarts(code)`. */
export function lineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! };
}
