import { existsSync } from "node:fs";
import { join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { PROJECT_ROOT } from "../util/paths.ts";

type Builder = typeof import("../../targets/build/targetDir.ts");

/**
 * The builder of target folders (a `target.json` naming a pinned source package, a harness, seeds
 * and a dictionary). Target folders are the repository's bundled real targets, built by tooling in
 * targets/build/ that fetches Debian source packages; the npm package does not ship it, so an
 * installed bunfuzz says so instead of failing to import.
 */
export async function targetFolderBuilder(folder: string): Promise<Builder> {
  const path = join(PROJECT_ROOT, "targets/build/targetDir.ts");
  if (!existsSync(path)) {
    throw new EngineError("usage", `${folder} is a target folder (target.json), which only a checkout of bunfuzz's repository builds: build your harness with \`bunfuzz build harness.c lib.c -o target.so\``);
  }
  return (await import(path)) as Builder;
}
