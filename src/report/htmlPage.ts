/**
 * The shell every report page shares: escaping, the style sheet and the page frame. Pages are
 * static files with no external resources (no fonts, scripts or styles from elsewhere), so a
 * report opens from disk, from a CI artifact, or offline.
 */

/** Text as HTML (element content and double-quoted attribute values). */
export function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 8px}
.sub{color:#59636e;margin-bottom:16px}
table{border-collapse:collapse}
.files th,.files td{padding:4px 10px;border-bottom:1px solid #d1d9e0;text-align:right;white-space:nowrap}
.files th{cursor:pointer;user-select:none;background:#f6f8fa;position:sticky;top:0}
.files th.sorted::after{content:" \\2191"}.files th.sorted.desc::after{content:" \\2193"}
.files td.name,.files th.name{text-align:left}
.bar{display:inline-block;width:80px;height:8px;background:#f3c1c1;vertical-align:middle;margin-right:6px}
.bar span{display:block;height:100%;background:#4cae4f}
.totals td{font-weight:600}
.lo{color:#b42318}.mid{color:#9a6700}.hi{color:#1a7f37}
.src{font:12px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;width:100%}
.src td{padding:0 8px;vertical-align:top;white-space:pre}
.src td.n,.src td.h{text-align:right;color:#59636e;user-select:none}
.src tr.hit td.c{background:#dafbe1}.src tr.miss td.c{background:#ffebe9}
.src tr.hit td.h{background:#aceebb}.src tr.miss td.h{background:#ffcecb}
.br{display:inline-block;font-size:11px;padding:0 4px;border-radius:3px;margin-left:8px;background:#eaeef2;color:#1f2328}
.br.part{background:#fff1c2}.br.none{background:#ffcecb}
.fns td{padding:2px 10px}
.charts svg{margin:0 16px 16px 0;border:1px solid #d1d9e0}
.note{color:#59636e}
`;

/** A complete page. */
export function page(title: string, body: string, script = ""): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>${CSS}</style></head>
<body>
${body}
${script ? `<script>${script}</script>` : ""}
</body></html>
`;
}

/** Colour class of a percentage: below 50 low, below 80 middle, else high. */
export function level(covered: number, total: number): string {
  if (total === 0) return "";
  const p = covered / total;
  return p < 0.5 ? "lo" : p < 0.8 ? "mid" : "hi";
}
