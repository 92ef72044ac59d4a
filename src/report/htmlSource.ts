import { existsSync, readFileSync } from "node:fs";
import { esc, level, page } from "./htmlPage.ts";
import { percent, summarize, type FileCoverage } from "./model.ts";

const NATIVE_LEGEND = "Marks are per counted block (the pc table has one pc per block): green where a block that starts on the line ran, red where blocks start on it and none ran, so a line whose code ran inside a block that starts earlier is marked by its own blocks only (an error path starting there stays red).";
const JS_LEGEND = "Each line is marked by the innermost probed region holding all its code (a function body, an if arm, a loop body, a case): green if it ran, red if not; module top-level code has no probe.";

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
  const legend = `<p class="note">${f.origin === "native" ? NATIVE_LEGEND : JS_LEGEND} The number beside a line is how many inputs reached it; a badge counts the branches taken there.</p>`;
  return page(`${f.path} - ${title}`, `${head}\n${fns}\n${legend}\n${missing}\n<table class="src">${rows.join("\n")}</table>`);
}
