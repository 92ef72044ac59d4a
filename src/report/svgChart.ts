import { esc } from "./htmlPage.ts";

/**
 * A line chart as SVG text, drawn by our own hundred lines rather than a charting library: the
 * charts are a few polylines with axes and a legend in a static page with no script. Chart.js and
 * uPlot draw in the browser; d3-scale/d3-shape would save the tick and path arithmetic only
 * (src/report/README.md).
 */

/** One line: its legend text and (x, y) points in x order. */
export interface Series {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
}

/** What to draw. */
export interface ChartSpec {
  title: string;
  /** Formats x tick labels (time). */
  xFormat: (x: number) => string;
  yLabel: string;
  series: readonly Series[];
  width?: number;
  height?: number;
}

/** Colours that stay distinct for the first eight series (Okabe-Ito, readable with colour blindness). */
const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

/** A "nice" step (1, 2 or 5 times a power of ten) giving about `n` ticks over `range`. */
export function niceStep(range: number, n = 5): number {
  if (!(range > 0)) return 1;
  const raw = range / n, p = 10 ** Math.floor(Math.log10(raw)), f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

/** Steps for a time axis in seconds: round numbers of seconds, minutes, hours and days. */
export function timeStep(range: number, n = 5): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];
  return steps.find((s) => range / s <= n) ?? niceStep(range / 86400, n) * 86400;
}

/** Seconds as a short label: 45s, 2m30s, 1h5m, 2d3h. */
export function formatDuration(sec: number): string {
  const s = Math.round(sec);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ""}`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60) ? `${Math.floor((s % 3600) / 60)}m` : ""}`;
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600) ? `${Math.floor((s % 86400) / 3600)}h` : ""}`;
}

/** A count as a short label: 950, 12.5k, 3.2M. */
export function formatCount(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(1)}`;
}

/** Draws the chart. Empty series are left out of the plot but kept in the legend. */
export function lineChart(spec: ChartSpec): string {
  const W = spec.width ?? 540;
  const m = { l: 64, r: 28, t: 32, b: 44 + 16 * spec.series.length };
  const H = (spec.height ?? 260) + 16 * spec.series.length;
  const pw = W - m.l - m.r, ph = H - m.t - m.b;
  const all = spec.series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const yMaxRaw = Math.max(1, ...all.map((p) => p[1]));
  const xStep = timeStep(xMax), yStep = niceStep(yMaxRaw);
  // A campaign of 60.2 s ends the axis at 1m, not a whole step later (2% may overhang the frame).
  const xTop = Math.max(1, Math.ceil(xMax / xStep - 0.02)) * xStep, yTop = Math.ceil(yMaxRaw / yStep) * yStep;
  const X = (x: number) => m.l + (x / xTop) * pw, Y = (y: number) => m.t + ph - (y / yTop) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui,sans-serif" font-size="11" role="img" aria-label="${esc(spec.title)}">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${m.l}" y="18" font-size="13" font-weight="600">${esc(spec.title)}</text>`);
  for (let y = 0; y <= yTop + 1e-9; y += yStep) {
    out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${Y(y).toFixed(1)}" y2="${Y(y).toFixed(1)}" stroke="#e5e7eb"/>`);
    out.push(`<text x="${m.l - 6}" y="${(Y(y) + 4).toFixed(1)}" text-anchor="end" fill="#555">${formatCount(y)}</text>`);
  }
  for (let x = 0; x <= xTop + 1e-9; x += xStep) {
    out.push(`<line x1="${X(x).toFixed(1)}" x2="${X(x).toFixed(1)}" y1="${m.t + ph}" y2="${m.t + ph + 4}" stroke="#888"/>`);
    out.push(`<text x="${X(x).toFixed(1)}" y="${m.t + ph + 16}" text-anchor="middle" fill="#555">${esc(spec.xFormat(x))}</text>`);
  }
  out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="#888"/><line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}" stroke="#888"/>`);
  out.push(`<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle" fill="#555">${esc(spec.yLabel)}</text>`);
  spec.series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    if (s.points.length > 0) {
      const pts = s.points.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(" ");
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.8" stroke-linejoin="round" points="${pts}"><title>${esc(s.name)}</title></polyline>`);
    }
    const lx = m.l, ly = m.t + ph + 36 + 16 * i;
    out.push(`<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${color}" stroke-width="3"/>`);
    out.push(`<text x="${lx + 24}" y="${ly}" fill="#333">${esc(s.name)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n");
}
