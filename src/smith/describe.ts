/**
 * describe(): a human-readable dump of a Smith input, one line per record, for corpus inspection
 * and crash reports. Site ids print as hex unless a label map (e.g. labelsOf(recording)) names them.
 */
import { decode } from "./codec.ts";
import type { Domain, SmithValue, Value } from "./kinds.ts";
import type { RecordedValue } from "./smith.ts";
import { formatSiteId } from "./siteId.ts";

/** Options of describe(). */
export interface DescribeOptions {
  /** Names for site ids (absent: ids print as 8 hex digits). */
  readonly labels?: ReadonlyMap<number, string>;
  /** Longest printed bytes/string value before it is cut with "…" (default 48 characters). */
  readonly maxValueChars?: number;
}

function hex(b: Uint8Array, max: number): string {
  let s = "";
  for (let i = 0; i < Math.min(b.length, max); i++) s += (i ? " " : "") + b[i]!.toString(16).padStart(2, "0");
  return b.length > max ? `${s} … (${b.length} bytes)` : s;
}

/** A domain as describe() prints it: `int[0..100]`, `pick(4)`, `string(ascii, 0..16)`. */
export function formatDomain(d: Domain): string {
  switch (d.kind) {
    case "bool": case "more": return d.kind;
    case "int": case "length": return `${d.kind}[${d.min}..${d.max}]`;
    case "bigint": return `bigint[${d.min}..${d.max}]`;
    case "float": return d.ranged ? `float[${d.min}..${d.max}]` : "float";
    case "pick": return `pick(${d.n})`;
    case "weighted": return `weighted(${d.weights.join(":")})`;
    case "bytes": return `bytes(${d.minLength}..${d.maxLength})`;
    case "string": return `string(${d.ascii ? "ascii" : "utf8"}, ${d.minLength}..${d.maxLength})`;
  }
}

/** A value as describe() prints it (indexes of pick/weighted as #i, bigints with n, bytes in hex). */
export function formatValue(d: Domain, v: Value, maxChars = 48): string {
  if (v instanceof Uint8Array) return v.length ? hex(v, Math.max(1, maxChars / 3) | 0) : "(empty)";
  if (typeof v === "string") return JSON.stringify(v.length > maxChars ? v.slice(0, maxChars) : v) + (v.length > maxChars ? ` … (${v.length} chars)` : "");
  if (typeof v === "bigint") return `${v}n`;
  if (d.kind === "pick" || d.kind === "weighted") return `#${v}`;
  if (typeof v === "number" && Object.is(v, -0)) return "-0";
  return String(v);
}

/** One line per value: index, site (label or id), domain, value, and the source when recorded. */
export function describeValues(values: readonly (SmithValue | RecordedValue)[], opts: DescribeOptions = {}): string {
  const lines: string[] = [];
  values.forEach((v, i) => {
    const name = opts.labels?.get(v.site) ?? ("label" in v && v.label !== undefined ? String(v.label) : formatSiteId(v.site));
    const src = "source" in v && v.source !== "record" ? `  (${v.source})` : "";
    lines.push(`  ${String(i).padStart(4)}  ${name.padEnd(10)} ${formatDomain(v.domain).padEnd(22)} ${formatValue(v.domain, v.value, opts.maxValueChars)}${src}`);
  });
  return lines.join("\n");
}

/** Site id → label for every labelled value of a recording. */
export function labelsOf(values: readonly RecordedValue[]): Map<number, string> {
  const m = new Map<number, string>();
  for (const v of values) if (v.label !== undefined) m.set(v.site, String(v.label));
  return m;
}

/** Describes any byte string as a Smith input (never throws). */
export function describe(bytes: Uint8Array, opts: DescribeOptions = {}): string {
  const d = decode(bytes);
  const out: string[] = [];
  if (d.format === "raw") {
    out.push(`raw stream, ${bytes.length} bytes${d.note ? ` (${d.note})` : ""}`);
    if (bytes.length) out.push(`  ${hex(bytes, 64)}`);
    return out.join("\n");
  }
  out.push(`smith v${d.version}, ${bytes.length} bytes: ${d.sites.length} sites, ${d.values.length} records, ${d.tail.length} tail bytes`);
  if (d.note) out.push(`  note: ${d.note}`);
  if (d.values.length) out.push(describeValues(d.values, opts));
  const unused = d.sites.filter((s) => !d.values.some((v) => v.site === s.id));
  for (const s of unused) out.push(`  site ${opts.labels?.get(s.id) ?? formatSiteId(s.id)} ${formatDomain(s.domain)} has no records`);
  if (d.tail.length) out.push(`  tail: ${hex(d.tail, 64)}`);
  return out.join("\n");
}
