/**
 * The warning for a campaign whose coverage stays tiny: the code under test is most likely not
 * instrumented (a library in node_modules the target reaches only through another package, or
 * one named wrongly). It names the packages the target loaded that carry no instrumentation, so
 * the fix is one flag away.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { InstrumentationHandle } from "../instrument/plugin.ts";
import { PROJECT_ROOT } from "../util/paths.ts";

/** Probes reached at most for coverage to count as tiny: a harness alone reaches a handful. A guess. */
export const TINY_COVERAGE = 16;
/** Executions before judging (the seeds alone may reach little); a shorter campaign is judged at its end if it ran this many. */
export const ADVICE_AFTER_EXECS = 10_000;
export const ADVICE_MIN_EXECS = 1_000;

/** Packages bunfuzz loads itself (its own dependencies), never the code under test. */
function ownPackages(): Set<string> {
  try {
    const pj = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { name?: string; dependencies?: Record<string, string> };
    return new Set([pj.name ?? "bunfuzz", ...Object.keys(pj.dependencies ?? {})]);
  } catch {
    return new Set(["bunfuzz"]);
  }
}

/** The package of a path inside node_modules (the innermost one), else undefined. */
export function packageOfPath(path: string): string | undefined {
  const m = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  return m?.[1];
}

let handles: InstrumentationHandle[] = [];

/** Remembers what the instrumentation plugin instruments in this process (the files it loaded go into `handle.files`). */
export function noteInstrumentation(handle: InstrumentationHandle): void {
  handles.push(handle);
}

function instrumentedPackages(): Set<string> {
  return new Set(handles.flatMap((h) => h.files.map((f) => packageOfPath(f.path))).filter((p): p is string => !!p));
}

/** Packages with CommonJS files loaded in this process and no instrumented file, sorted (ES-module-only packages do not show). */
export function uninstrumentedPackages(): string[] {
  const instrumented = instrumentedPackages();
  const own = ownPackages();
  const loaded = new Set<string>();
  for (const path of Object.keys(require.cache)) {
    const pkg = packageOfPath(path);
    if (pkg && !instrumented.has(pkg) && !own.has(pkg) && !pkg.startsWith("@oxc-")) loaded.add(pkg);
  }
  return [...loaded].sort();
}

/**
 * The warning for `covered` probes after `execs` runs, or undefined: coverage is tiny and the
 * target loaded packages that are not instrumented. (A small target of its own, with no package
 * behind it, is not warned about.)
 */
export function tinyCoverageWarning(covered: number, execs: number): string | undefined {
  if (covered > TINY_COVERAGE) return undefined;
  const missing = uninstrumentedPackages();
  if (!missing.length) return undefined;
  return `bunfuzz: warning: only ${covered} probes reached in ${execs} runs: is the code under test instrumented? ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} loaded but not instrumented: add -instrument=${missing[0]}`;
}

/** Packages named with -instrument of which no file was instrumented (a typo, or a package never loaded). */
export function unmatchedPackages(named: readonly string[]): string[] {
  const instrumented = instrumentedPackages();
  return named.filter((p) => !instrumented.has(p));
}
