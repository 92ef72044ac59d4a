import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { atomicWrite } from "../util/atomicWrite.ts";
import { esc, level, page } from "./htmlPage.ts";
import { sourcePage } from "./htmlSource.ts";
import { percent, summarize, total, type FileCoverage, type Ratio } from "./model.ts";

/** What the report's first page says about the run. */
export interface ReportInfo {
  /** e.g. "libyaml: 1,234 inputs". */
  title: string;
  /** Lines of context under the title (what was replayed, which tools placed the pcs). */
  notes: string[];
  /** Chart markup (SVG) to show above the file table. */
  charts?: string;
}

/** The longest directory prefix all paths share, so the table shows short names. */
function commonDir(paths: readonly string[]): string {
  if (paths.length === 0) return "";
  let prefix = paths[0]!.slice(0, paths[0]!.lastIndexOf("/") + 1);
  for (const p of paths) while (prefix && !p.startsWith(prefix)) prefix = prefix.slice(0, prefix.lastIndexOf("/", prefix.length - 2) + 1);
  return prefix;
}

function cell(r: Ratio, bar: boolean): string {
  const pct = r.total ? (100 * r.covered) / r.total : -1;
  const b = bar && r.total ? `<span class="bar"><span style="width:${pct.toFixed(1)}%"></span></span>` : "";
  return `<td data-v="${pct.toFixed(3)}" class="${level(r.covered, r.total)}">${b}${percent(r)}</td><td data-v="${r.covered}">${r.covered}/${r.total}</td>`;
}

/**
 * Sorting for the file table: click a header to sort by it, again to reverse. Columns carry their
 * sort value in data-v; the table starts sorted by line coverage, least covered first.
 */
const SORT_SCRIPT = `
(function(){
  var table=document.getElementById("files"),body=table.tBodies[0],heads=table.tHead.rows[0].cells;
  function sortBy(col,desc){
    var rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var x=a.cells[col].getAttribute("data-v"),y=b.cells[col].getAttribute("data-v");
      var nx=parseFloat(x),ny=parseFloat(y),r=(isNaN(nx)||isNaN(ny))?String(x).localeCompare(String(y)):nx-ny;
      return desc?-r:r;
    });
    rows.forEach(function(r){body.appendChild(r);});
    for(var i=0;i<heads.length;i++)heads[i].className=heads[i].className.replace(/ ?sorted| ?desc/g,"");
    heads[col].className+=" sorted"+(desc?" desc":"");
  }
  for(var i=0;i<heads.length;i++)(function(i){heads[i].addEventListener("click",function(){
    sortBy(i,/sorted/.test(heads[i].className)&&!/desc/.test(heads[i].className));});})(i);
  sortBy(1,false);
})();
`;

/** The first page: totals, charts, and every file with its line, branch and function coverage. */
export function indexPage(files: readonly FileCoverage[], info: ReportInfo): string {
  const t = total(files);
  const dir = commonDir(files.map((f) => f.path));
  const rows = files.map((f, i) => {
    const s = summarize(f);
    const name = f.path.slice(dir.length);
    return `<tr><td class="name" data-v="${esc(name)}"><a href="files/${i}.html" title="${esc(f.path)}">${esc(name)}</a></td>${cell(s.lines, true)}${cell(s.branches, false)}${cell(s.functions, false)}</tr>`;
  });
  const body = `<h1>${esc(info.title)}</h1>
<div class="sub">${info.notes.map(esc).join("<br>")}</div>
<table class="files totals"><tr><td class="name">All files</td><td>lines</td><td class="${level(t.lines.covered, t.lines.total)}">${percent(t.lines)}</td><td>${t.lines.covered}/${t.lines.total}</td>
<td>branches</td><td class="${level(t.branches.covered, t.branches.total)}">${percent(t.branches)}</td><td>${t.branches.covered}/${t.branches.total}</td>
<td>functions</td><td>${percent(t.functions)}</td><td>${t.functions.covered}/${t.functions.total}</td></tr></table>
<h2>Files${dir ? ` in ${esc(dir)}` : ""}</h2>
<table class="files" id="files"><thead><tr><th class="name">File</th><th>Lines</th><th>reached</th><th>Branches</th><th>taken</th><th>Functions</th><th>entered</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>
${info.charts ? `<h2>Coverage over time</h2><div class="charts">${info.charts}</div>` : ""}`;
  return page(info.title, body, SORT_SCRIPT);
}

/** Writes DIR/index.html and DIR/files/N.html (atomically, each). Returns the index's path. */
export function writeHtmlReport(dir: string, files: readonly FileCoverage[], info: ReportInfo): string {
  mkdirSync(join(dir, "files"), { recursive: true });
  files.forEach((f, i) => atomicWrite(join(dir, "files", `${i}.html`), sourcePage(f, info.title, "../index.html"), false));
  const index = join(dir, "index.html");
  atomicWrite(index, indexPage(files, info), false);
  return index;
}
