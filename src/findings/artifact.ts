import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { atomicWrite } from "../util/atomicWrite.ts";
import { sha1Hex } from "../util/sha1.ts";
import { FINDING_INFO, type Finding } from "./finding.ts";
import { errnoCode, ioReason } from "./ioError.ts";

/**
 * Where a finding's artifact goes: -exact_artifact_path if given, else
 * `<artifact_prefix><kind>-<sha1>` (libFuzzer's names). The prefix is used verbatim, so
 * `-artifact_prefix=out/` is a directory and `-artifact_prefix=x-` a file-name prefix.
 */
export function artifactPath(f: Finding, prefix: string, exact: string): string {
  if (exact) return exact;
  return `${prefix || "./"}${FINDING_INFO[f.kind].artifact}-${sha1Hex(f.input)}`;
}

/** Writes the artifact atomically, creating the prefix's directory if needed; throws on failure. */
export function writeArtifact(path: string, input: Uint8Array): void {
  try {
    mkdirSync(dirname(path) || ".", { recursive: true });
  } catch (e) {
    // A file where a directory of the path should be: the write below says so (ENOTDIR).
    if (errnoCode(e) !== "EEXIST") throw e;
  }
  atomicWrite(path, input);
}

/**
 * writeArtifact for a finding, which must never be lost: instead of throwing, returns why the file
 * could not be written ("the file system is read-only (EROFS)"), so the caller prints the input.
 */
export function tryWriteArtifact(path: string, input: Uint8Array): string | undefined {
  try {
    writeArtifact(path, input);
    return undefined;
  } catch (e) {
    return ioReason(e);
  }
}
