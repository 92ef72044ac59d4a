import { artifactPath, tryWriteArtifact } from "./artifact.ts";
import { findingBanner } from "./banner.ts";
import type { Finding } from "./finding.ts";

/** Where a finding goes and how it is reproduced. */
export interface SaveOptions {
  /** Write an artifact (fuzz mode); otherwise only the banner. */
  save: boolean;
  prefix: string;
  exact: string;
  reproducePrefix?: string;
  seed: number;
}

/**
 * Saves a finding's artifact and returns the banner to print. A write that fails (read-only or
 * full directory, a prefix naming a file) does not lose the finding: the banner then carries the
 * whole input and the reason; the caller's exit code stays the finding's.
 */
export function saveFinding(f: Finding, o: SaveOptions): string {
  const artifact = o.save ? artifactPath(f, o.prefix, o.exact) : undefined;
  const artifactError = artifact ? tryWriteArtifact(artifact, f.input) : undefined;
  return findingBanner(f, { artifact, artifactError, prefix: o.prefix, reproducePrefix: o.reproducePrefix, seed: o.seed });
}
