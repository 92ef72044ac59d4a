import { cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../src/util/paths.ts";
import { tempDir } from "./cli.ts";

/**
 * A copy of test/fixtures/<name> in a fresh folder, with this checkout as its node_modules/bunfuzz
 * (as a user's project that installed bunfuzz).
 */
export function fixtureProject(name: string): string {
  const dir = join(tempDir(`bunfuzz-${name}-`), "project");
  cpSync(join(import.meta.dir, "../fixtures", name), dir, { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(PROJECT_ROOT, join(dir, "node_modules", "bunfuzz"));
  return dir;
}
