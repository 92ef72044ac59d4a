import { existsSync, readFileSync } from "node:fs";
import { esc, level, page } from "./htmlPage.ts";
import { percent, summarize, type FileCoverage } from "./model.ts";

/**
 * One source file's page: its totals, its functions, and every line of the source as it is on
 * disk, marked reached (green), never reached (red) or not instrumented (plain), with the number
 * of inputs that reached it and, where branches start, how many of them were taken.
 */
export function sourcePage(f: FileCoverage, title: string, indexHref: string): string {
  const s = summarize(f);
  const byLine = new Map<number, { taken: number; total: number; kinds: string[] }>();
  for (const b of f.branches) {
    const e = byLine.get(b.line) ?? { taken: 0, total: 0, kinds: [] };
    e.total++;
    if (b.hits > 0) e.taken++;
    else e.kinds.push(b.kind);
    byLine.set(b.line, e);
  }
  const head = `<h1>${esc(f.path)}</h1>
<div class="sub"><a href="${esc(indexHref)}">${esc(title)}</a> &middot; ${f.origin === "native" ? "native code (pc-table)" : "JavaScript/TypeScript (probe map)"} &middot;
lines <b class="${level(s.lines.covered, s.lines.total)}">${percent(s.lines)}</b> (${s.lines.covered}/${s.lines.total}) &middot;
branches <b class="${level(s.branches.covered, s.branches.total)}">${percent(s.branches)}</b> (${s.branches.covered}/${s.branches.total}) &middot;
functions <b>${percent(s.functions)}</b> (${s.functions.covered}/${s.functions.total})</div>`;
  const fns = f.functions.length
    ? `<details><summary>${f.functions.length} functions, ${s.functions.covered} entered</summary><table class="fns">${f.functions
      .map((fn) => `<tr><td><a href="#L${fn.line}">${esc(fn.name)}</a></td><td class="${fn.hits ? "hi" : "lo"}">${fn.hits ? `${fn.hits} inputs` : "never entered"}</td></tr>`)
      .join("")}</table></details>`
    : "";
  let source: string[] | undefined;
  if (existsSync(f.path)) {
    try {
      source = readFileSync(f.path, "utf8").split(/\r\n|\n|\r/);
    } catch {
      source = undefined;
    }
  }
  const rows: string[] = [];
  const lastLine = Math.max(source?.length ?? 0, ...f.lines.keys());
  for (let n = 1; n <= lastLine; n++) {
    const hits = f.lines.get(n);
    const cls = hits === undefined ? "" : hits > 0 ? "hit" : "miss";
    if (!source && hits === undefined) continue;
    const br = byLine.get(n);
    const badge = br
      ? `<span class="br ${br.taken === 0 ? "none" : br.taken < br.total ? "part" : ""}" title="${br.taken} of ${br.total} branches taken${br.kinds.length ? `; not taken: ${esc(br.kinds.join(", "))}` : ""}">${br.taken}/${br.total}</span>`
      : "";
    const code = source ? esc(source[n - 1] ?? "") : "";
    rows.push(`<tr id="L${n}" class="${cls}"><td class="n">${n}</td><td class="h">${hits === undefined ? "" : hits}</td><td class="c">${code}${badge}</td></tr>`);
  }
  const missing = source ? "" : `<p class="note">The source is not at ${esc(f.path)} on this machine: only its instrumented lines are listed.</p>`;
  return page(`${f.path} - ${title}`, `${head}\n${fns}\n${missing}\n<table class="src">${rows.join("\n")}</table>`);
}
