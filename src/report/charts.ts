import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { atomicWrite } from "../util/atomicWrite.ts";
import { esc, page } from "./htmlPage.ts";
import { formatDuration, lineChart } from "./svgChart.ts";
import { readSeries, type Campaign, type SeriesRow } from "./timeSeries.ts";

/**
 * The charts of coverage over time: edges (libFuzzer's cov:), features (ft:) and executions per
 * second against elapsed time, one line per campaign, campaigns from every stats file overlaid
 * (that is how engines and settings are compared).
 */
const METRICS: ReadonlyArray<{ points: (rows: readonly SeriesRow[]) => Array<readonly [number, number]>; title: string; yLabel: string; file: string }> = [
  { points: (rows) => rows.map((r) => [r.elapsed, r.edges]), title: "Edges covered (cov:)", yLabel: "edges", file: "edges.svg" },
  { points: (rows) => rows.map((r) => [r.elapsed, r.features]), title: "Features (ft:)", yLabel: "features", file: "features.svg" },
  { points: rateBetweenRows, title: "Executions per second (between rows)", yLabel: "exec/s", file: "execs.svg" },
  { points: (rows) => rows.map((r) => [r.elapsed, r.corpusSize]), title: "Corpus size", yLabel: "inputs", file: "corpus.svg" },
];

/**
 * The speed between consecutive rows (the file's execs_per_s is libFuzzer's average since the
 * start, which hides a slowdown late in a campaign). The first row keeps its own average.
 */
function rateBetweenRows(rows: readonly SeriesRow[]): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  rows.forEach((r, i) => {
    const p = rows[i - 1];
    if (!p) out.push([r.elapsed, r.execsPerSec]);
    else if (r.elapsed > p.elapsed && r.execs >= p.execs) out.push([r.elapsed, (r.execs - p.execs) / (r.elapsed - p.elapsed)]);
  });
  return out;
}

/**
 * The campaigns of several stats files, each named by its file (base name, or the path where two
 * files share one) and its label when there are several files.
 */
export function campaignsOf(files: readonly string[]): Campaign[] {
  const all = files.flatMap((f) => readSeries(f));
  const paths = [...new Set(all.map((c) => c.file))];
  const names = paths.map((p) => basename(p));
  const name = (p: string) => (new Set(names).size === names.length ? basename(p) : p);
  return all.map((c) => ({ ...c, label: paths.length <= 1 ? c.label : `${name(c.file)}: ${c.label}` }));
}

/** One SVG per metric, keyed by file name. */
export function chartSvgs(campaigns: readonly Campaign[]): Array<{ file: string; svg: string }> {
  return METRICS.map((m) => ({
    file: m.file,
    svg: lineChart({
      title: m.title,
      yLabel: m.yLabel,
      xFormat: formatDuration,
      series: campaigns.map((c) => ({ name: `${c.label}${c.rows.at(-1)?.findings ? ` (${c.rows.at(-1)!.findings} findings)` : ""}`, points: m.points(c.rows) })),
    }),
  }));
}

/** The charts' markup for a report page, or undefined when no stats file has rows. */
export function chartsFor(statsFiles: readonly string[]): string | undefined {
  const campaigns = campaignsOf(statsFiles);
  if (campaigns.length === 0) return undefined;
  return chartSvgs(campaigns).map((c) => c.svg).join("\n");
}

/** `bunfuzz plot`: DIR/index.html with the charts, and each chart as DIR/<metric>.svg. Returns the index's path. */
export function writePlot(dir: string, statsFiles: readonly string[]): string {
  const campaigns = campaignsOf(statsFiles);
  mkdirSync(dir, { recursive: true });
  const svgs = chartSvgs(campaigns);
  for (const c of svgs) atomicWrite(join(dir, c.file), `${c.svg}\n`, false);
  const list = campaigns.map((c) => `<li>${esc(c.label)}: ${c.rows.length} rows, ${formatDuration(c.rows.at(-1)?.elapsed ?? 0)}, ${c.rows.at(-1)?.edges ?? 0} edges, ${c.rows.at(-1)?.features ?? 0} features</li>`).join("");
  const body = `<h1>Coverage over time</h1><div class="sub">${statsFiles.map(esc).join("<br>")}</div><ul>${list}</ul><div class="charts">${svgs.map((c) => c.svg).join("\n")}</div>`;
  const index = join(dir, "index.html");
  atomicWrite(index, page("Coverage over time", body), false);
  return index;
}
