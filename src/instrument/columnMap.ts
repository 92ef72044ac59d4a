import type { ColumnAnchors } from "./types.ts";

/**
 * Maps a column of instrumented code back to the original column on the same line (lines never
 * move). `column` is 0-based; a column inside inserted text maps to the original position where
 * the text was inserted. A line without anchors is unchanged.
 */
export function remapColumn(anchors: ColumnAnchors, line: number, column: number): number {
  // Last triple with (line, generated column) <= (line, column).
  let lo = 0, hi = anchors.length / 3 - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = anchors[mid * 3]!, g = anchors[mid * 3 + 1]!;
    if (l < line || (l === line && g <= column)) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0 || anchors[found * 3] !== line) return column;
  const gen = anchors[found * 3 + 1]!, orig = anchors[found * 3 + 2]!;
  let mapped = orig + (column - gen);
  const next = found + 1;
  if (next * 3 < anchors.length && anchors[next * 3] === line) mapped = Math.min(mapped, anchors[next * 3 + 2]!);
  return mapped;
}
