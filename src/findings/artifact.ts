import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { atomicWrite } from "../util/atomicWrite.ts";
import { sha1Hex } from "../util/sha1.ts";
import { FINDING_INFO, type Finding } from "./finding.ts";

/**
 * Where a finding's artifact goes: -exact_artifact_path if given, else
 * `<artifact_prefix><kind>-<sha1>` (libFuzzer's names). The prefix is used verbatim, so
 * `-artifact_prefix=out/` is a directory and `-artifact_prefix=x-` a file-name prefix.
 */
export function artifactPath(f: Finding, prefix: string, exact: string): string {
  if (exact) return exact;
  return `${prefix || "./"}${FINDING_INFO[f.kind].artifact}-${sha1Hex(f.input)}`;
}

/** Writes the artifact atomically, creating the prefix's directory if needed. */
export function writeArtifact(path: string, input: Uint8Array): void {
  mkdirSync(dirname(path) || ".", { recursive: true });
  atomicWrite(path, input);
}
