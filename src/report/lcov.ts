import type { FileCoverage } from "./model.ts";

/**
 * The lcov tracefile format (geninfo's `.info`, read by genhtml, Codecov, Coveralls, IDEs): one
 * record per source file with FN/FNDA (functions), BRDA (branches), DA (lines) and their totals.
 * Counts are inputs that reached the place. Branches are numbered per line (block 0, branch k);
 * a branch on a line that never ran is "-", as lcov writes a branch whose block did not execute.
 */
export function lcovText(files: readonly FileCoverage[], testName = "bunfuzz"): string {
  const out: string[] = [];
  for (const f of files) {
    out.push(`TN:${testName}`, `SF:${f.path}`);
    const seen = new Map<string, number>();
    const fns = f.functions.map((fn) => {
      // lcov keys functions by name within a file: two methods called `get` need distinct names.
      const n = seen.get(fn.name) ?? 0;
      seen.set(fn.name, n + 1);
      return { ...fn, name: n === 0 ? fn.name : `${fn.name}:${fn.line}` };
    });
    for (const fn of fns) out.push(`FN:${fn.line},${fn.name}`);
    for (const fn of fns) out.push(`FNDA:${fn.hits},${fn.name}`);
    out.push(`FNF:${fns.length}`, `FNH:${fns.filter((x) => x.hits > 0).length}`);
    const perLine = new Map<number, number>();
    for (const br of f.branches) {
      const k = perLine.get(br.line) ?? 0;
      perLine.set(br.line, k + 1);
      const lineRan = (f.lines.get(br.line) ?? 0) > 0 || br.hits > 0;
      out.push(`BRDA:${br.line},0,${k},${lineRan ? br.hits : "-"}`);
    }
    out.push(`BRF:${f.branches.length}`, `BRH:${f.branches.filter((b) => b.hits > 0).length}`);
    const lines = [...f.lines.entries()].sort((a, b) => a[0] - b[0]);
    for (const [line, hits] of lines) out.push(`DA:${line},${hits}`);
    out.push(`LF:${lines.length}`, `LH:${lines.filter(([, h]) => h > 0).length}`, "end_of_record");
  }
  return out.join("\n") + "\n";
}
