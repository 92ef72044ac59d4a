/**
 * Source coverage, the shape every report is written from (lcov.ts, html.ts): per file, lines,
 * branches and functions with hit counts. A hit count is the number of replayed inputs that reached
 * the place (not how often it ran: counters are per input). Native code and JS code both end here,
 * so a TypeScript harness over a native library gets one report.
 */

/** One branch outcome: a SanitizerCoverage edge of native code, or a JS branch probe. */
export interface BranchCoverage {
  line: number;
  /** Inputs that took it. */
  hits: number;
  /** What it is (a JS probe kind: "if", "else", "case"...; "edge" for native blocks). */
  kind: string;
}

/** One function (a native function entry, a JS function probe). */
export interface FunctionCoverage {
  name: string;
  /** Line of its declaration. */
  line: number;
  /** Inputs that entered it. */
  hits: number;
}

/** Everything known about one source file. */
export interface FileCoverage {
  /** As the debug info or the module loader names it (absolute for what bunfuzz builds or loads). */
  path: string;
  /** "native" (from the pc-table) or "js" (from the instrumenter's probe map). */
  origin: "native" | "js";
  /** Instrumented lines: line to inputs that reached it (0: never reached). */
  lines: Map<number, number>;
  branches: BranchCoverage[];
  functions: FunctionCoverage[];
}

/** Covered/total counts. */
export interface Ratio {
  covered: number;
  total: number;
}

/** Per-file or overall totals. */
export interface Summary {
  lines: Ratio;
  branches: Ratio;
  functions: Ratio;
}

/** Totals of one file. */
export function summarize(f: FileCoverage): Summary {
  let lc = 0;
  for (const h of f.lines.values()) if (h > 0) lc++;
  return {
    lines: { covered: lc, total: f.lines.size },
    branches: { covered: f.branches.filter((b) => b.hits > 0).length, total: f.branches.length },
    functions: { covered: f.functions.filter((x) => x.hits > 0).length, total: f.functions.length },
  };
}

/** Totals over files. */
export function total(files: readonly FileCoverage[]): Summary {
  const t: Summary = { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 }, functions: { covered: 0, total: 0 } };
  for (const f of files) {
    const s = summarize(f);
    for (const k of ["lines", "branches", "functions"] as const) {
      t[k].covered += s[k].covered;
      t[k].total += s[k].total;
    }
  }
  return t;
}

/** A ratio as a percentage with one decimal ("-" when there is nothing to cover). */
export function percent(r: Ratio): string {
  return r.total === 0 ? "-" : `${(Math.floor((1000 * r.covered) / r.total) / 10).toFixed(1)}%`;
}

/** Collects files by path; a line seen twice keeps the larger count. */
export class CoverageBuilder {
  private readonly files = new Map<string, FileCoverage>();

  file(path: string, origin: FileCoverage["origin"]): FileCoverage {
    let f = this.files.get(path);
    if (!f) this.files.set(path, (f = { path, origin, lines: new Map(), branches: [], functions: [] }));
    return f;
  }

  line(f: FileCoverage, line: number, hits: number): void {
    f.lines.set(line, Math.max(f.lines.get(line) ?? 0, hits));
  }

  /** The files, sorted by path, each with its branches and functions in line order. */
  build(): FileCoverage[] {
    const out = [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const f of out) {
      f.branches.sort((a, b) => a.line - b.line);
      f.functions.sort((a, b) => a.line - b.line);
    }
    return out;
  }
}
