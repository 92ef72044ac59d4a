import { FINDING_INFO, type Finding } from "./finding.ts";

const MAX_PRINTED = 256;

function hexList(b: Uint8Array): string {
  let s = "";
  for (const c of b) s += `0x${c.toString(16)},`;
  return s;
}

function printable(b: Uint8Array): string {
  let s = "";
  for (const c of b) s += c >= 0x20 && c < 0x7f ? (c === 0x5c ? "\\\\" : String.fromCharCode(c)) : `\\x${c.toString(16).padStart(2, "0")}`;
  return s;
}

/**
 * The lines libFuzzer prints after a finding (tools grep for `Test unit written to` and `SUMMARY:`),
 * followed by bunfuzz's reproduction command.
 */
export function findingBanner(f: Finding, opts: { artifact?: string; prefix: string; reproduce?: string; seed: number }): string {
  const info = FINDING_INFO[f.kind];
  const out: string[] = [];
  if (info.summary) out.push(`SUMMARY: libFuzzer: ${info.summary}`);
  out.push(`MS: ${f.mutationCount} ${f.mutations}; base unit: ${f.baseUnit}`);
  if (f.input.length <= MAX_PRINTED) {
    out.push(hexList(f.input));
    out.push(printable(f.input));
  }
  if (opts.artifact) {
    out.push(`artifact_prefix='${opts.prefix || "./"}'; Test unit written to ${opts.artifact}`);
    out.push(`Base64: ${Buffer.from(f.input).toString("base64")}`);
  }
  if (opts.reproduce) out.push(`bunfuzz: reproduce with: ${opts.reproduce}  (seed ${opts.seed})`);
  return `${out.join("\n")}\n`;
}
