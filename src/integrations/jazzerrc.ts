/**
 * `.jazzerjsrc.json` (or `.jazzerjsrc`) at a project's root: the defaults Jazzer.js's Jest runner
 * reads (docs/fuzz-settings.md there), as far as they mean something to bunfuzz: `customHooks`,
 * `fuzzerOptions` (libFuzzer flags), `timeout` (ms), `disableBugDetectors`, and `includes` /
 * `excludes`, Jazzer.js's substrings of file paths to instrument ("*": everything), turned into
 * globs under the project. Other keys (`sync`, `coverage`, `mode`...) are accepted and ignored.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { EngineError } from "../findings/errors.ts";

/** What the file sets, in bunfuzz's terms. */
export interface JazzerRc {
  customHooks?: string[];
  fuzzerOptions?: string[];
  timeout?: number;
  disableBugDetectors?: string[];
  /** -instrument items (globs) from includes; undefined: bunfuzz's default. */
  instrument?: string[];
}

const cache = new Map<string, JazzerRc>();

function strings(v: unknown, key: string, file: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) throw new EngineError("input", `${file}: "${key}" must be an array of strings`);
  return v;
}

/** A Jazzer.js path substring as globs under `root` (a file or a folder whose path contains it). */
function substringGlobs(s: string, root: string): string[] {
  if (s === "*") return [`${root}/**`, `${root}/node_modules/**`];
  return [`${root}/**/*${s}*`, `${root}/**/*${s}*/**`];
}

/** The project's Jazzer.js settings ({} without a file). A malformed file is an input error naming it. */
export function jazzerRc(root: string): JazzerRc {
  const hit = cache.get(root);
  if (hit) return hit;
  const file = [".jazzerjsrc.json", ".jazzerjsrc"].map((f) => join(root, f)).find((f) => existsSync(f));
  let rc: JazzerRc = {};
  if (file) {
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (e) {
      throw new EngineError("input", `${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const includes = strings(raw.includes, "includes", file);
    const excludes = strings(raw.excludes, "excludes", file) ?? [];
    if (typeof raw.timeout !== "undefined" && typeof raw.timeout !== "number") throw new EngineError("input", `${file}: "timeout" must be a number of milliseconds`);
    rc = {
      customHooks: strings(raw.customHooks, "customHooks", file)?.map((h) => (isAbsolute(h) ? h : resolve(root, h))),
      fuzzerOptions: strings(raw.fuzzerOptions, "fuzzerOptions", file),
      timeout: raw.timeout as number | undefined,
      disableBugDetectors: strings(raw.disableBugDetectors, "disableBugDetectors", file),
      // Jazzer.js's excludes only matter once includes are set; bunfuzz's own default leaves node_modules out.
      instrument: includes && !(includes.length === 1 && includes[0] === "*" && excludes.length === 0)
        ? includes.flatMap((s) => substringGlobs(s, root)) : undefined,
    };
  }
  cache.set(root, rc);
  return rc;
}
