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

/** How the banner says where the input went. */
export interface BannerOptions {
  /** The artifact's path (fuzz mode). */
  artifact?: string;
  /** Why the artifact could not be written: the input is then printed whole, whatever its size. */
  artifactError?: string;
  prefix: string;
  /** The command that reproduces it, minus the input file. */
  reproducePrefix?: string;
  seed: number;
}

/**
 * The lines libFuzzer prints after a finding (tools grep for `Test unit written to` and `SUMMARY:`),
 * followed by bunfuzz's reproduction command. When the artifact could not be written the finding
 * is not lost: the banner names the path and the reason, prints the input as bytes and Base64
 * (libFuzzer's forms) whatever its size, and says how to turn the Base64 back into a file.
 */
export function findingBanner(f: Finding, opts: BannerOptions): string {
  const info = FINDING_INFO[f.kind];
  const out: string[] = [];
  if (info.summary) out.push(`SUMMARY: libFuzzer: ${info.summary}`);
  out.push(`MS: ${f.mutationCount} ${f.mutations}; base unit: ${f.baseUnit}`);
  if (f.input.length <= MAX_PRINTED || opts.artifactError) {
    out.push(hexList(f.input));
    out.push(printable(f.input));
  }
  const base64 = `Base64: ${Buffer.from(f.input).toString("base64")}`;
  if (opts.artifact && opts.artifactError) {
    out.push(`bunfuzz: error: could not write the artifact ${opts.artifact}: ${opts.artifactError}; the input is printed above and below (Base64)`);
    out.push(base64);
    if (opts.reproducePrefix) {
      out.push(`bunfuzz: reproduce with: echo '${Buffer.from(f.input).toString("base64")}' | base64 -d > input && ${opts.reproducePrefix} input  (seed ${opts.seed})`);
    }
  } else if (opts.artifact) {
    out.push(`artifact_prefix='${opts.prefix || "./"}'; Test unit written to ${opts.artifact}`);
    out.push(base64);
    if (opts.reproducePrefix) out.push(`bunfuzz: reproduce with: ${opts.reproducePrefix} ${opts.artifact}  (seed ${opts.seed})`);
  }
  return `${out.join("\n")}\n`;
}
