/**
 * Makes Jazzer.js's packages resolve to bunfuzz's own implementations, so targets, custom hooks
 * and Jest-style tests written for Jazzer.js load unchanged (no @jazzer.js package needs to be
 * installed, and an installed one is not used: its native addon is libFuzzer's). A Bun plugin's
 * onResolve applies to import, require and dynamic import alike.
 *
 * Jazzer.js's own examples reach the bug detectors' configuration by a path inside its
 * repository (`require("../../../packages/bug-detectors")`); such a relative path is mapped too
 * when it leads to Jazzer.js's package or to nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const MODULES: Record<string, string> = {
  core: "core.ts",
  hooking: "hooking.ts",
  "bug-detectors": "bugDetectors.ts",
  "jest-runner": "jestRunner.ts",
};

function ours(name: string): string {
  return join(import.meta.dir, "modules", MODULES[name]!);
}

/** Whether a relative specifier names Jazzer.js's bug-detectors package or a path that does not exist. */
function jazzerRepoPath(specifier: string, importer: string): boolean {
  const dir = resolve(dirname(importer), specifier);
  if (!existsSync(dir)) return true;
  try {
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string }).name === "@jazzer.js/bug-detectors";
  } catch {
    return false;
  }
}

let registered = false;

/** Registers the mapping (once per process). */
export function registerJazzerResolver(): void {
  if (registered) return;
  registered = true;
  Bun.plugin({
    name: "bunfuzz-jazzer-resolve",
    setup(build) {
      build.onResolve({ filter: /^@jazzer\.js\/(core|hooking|bug-detectors|jest-runner)(\/.*)?$/ }, (args) => {
        const name = /^@jazzer\.js\/([^/]+)/.exec(args.path)![1]!;
        return { path: ours(name) };
      });
      build.onResolve({ filter: /^\.\.?\/.*packages\/bug-detectors\/?$/ }, (args) => {
        return jazzerRepoPath(args.path, args.importer) ? { path: ours("bug-detectors") } : undefined;
      });
    },
  });
}
