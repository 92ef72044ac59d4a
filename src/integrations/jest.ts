/**
 * `it.fuzz` / `test.fuzz` in bun test, for tests written against Jazzer.js's Jest runner
 * (docs/jest-integration.md there), beside bunfuzz's own fuzz():
 *
 *   it.fuzz(name, (data: Buffer) => { ... }, timeoutMsOrOptions?)   // also it.skip.fuzz, it.only.fuzz
 *
 * - Plain `bun test` (Jazzer.js's regression mode): a describe block per fuzz test, with a test
 *   for the empty input and one per file of its inputs folder, Jazzer.js's layout:
 *   `<test file without extension>/<describe names>/<test name>/`, spaces as underscores.
 * - `BUNFUZZ=1` or `JAZZER_FUZZ=1` (fuzzing mode): each fuzz test fuzzes in a child as fuzz()
 *   tests do (fuzzTest.ts), reading that folder, keeping generated inputs in Jazzer.js's
 *   `<project>/.cifuzz-corpus/...` and saving crashers in the inputs folder. (Jazzer.js fuzzes only
 *   the first fuzz test it meets; here every selected one gets its budget.)
 * - A test that takes two parameters gets a `done` callback; options: `timeout` (ms),
 *   `dictionaryEntries` (strings or bytes), `fuzzerOptions` (libFuzzer flags); `.jazzerjsrc.json`
 *   (or `.jazzerjsrc`) at the project root gives defaults (jazzerrc.ts).
 *
 * Installed by the preload `bunfuzz/jest` (bunfig.toml: `[test] preload = ["bunfuzz/jest"]`),
 * which also maps `@jazzer.js/*` to bunfuzz's own modules; `bunfuzz test` preloads it itself.
 */
import { describe, test } from "bun:test";
import { basename, dirname, extname, join } from "node:path";
import { EngineError } from "../findings/errors.ts";
import { parseArgs, testEnvName } from "../options/parse.ts";
import { findOption, type Options } from "../options/table.ts";
import { testOptions } from "../options/testOptions.ts";
import { describePath } from "./describePath.ts";
import { declareInChild, fuzzInChild, MINIMIZE_SECONDS, replayBody, replayInputs, SLACK_SECONDS, type FuzzTestSpec } from "./fuzzTest.ts";
import { jazzerRc, type JazzerRc } from "./jazzerrc.ts";
import { callerSite, projectRoot } from "./paths.ts";

type JestFn = (data: Buffer, done?: (e?: unknown) => void) => unknown;

/** The options a Jest fuzz test takes (Jazzer.js's names). */
export interface JestFuzzOptions {
  /** Per-input timeout in milliseconds (Jazzer.js's default 5000). */
  timeout?: number;
  dictionaryEntries?: (string | Uint8Array | Int8Array)[];
  /** libFuzzer flags, `-name=value`. */
  fuzzerOptions?: string[];
  /** Accepted for compatibility; bunfuzz tells sync from async targets itself. */
  sync?: boolean;
}

type Mode = "standard" | "skip" | "only";

/** Jazzer.js's test name rules: a string, a number, or a named function or class. */
function testName(name: unknown): string {
  if (typeof name === "string") return name;
  if (typeof name === "number") return String(name);
  if (typeof name === "function" && name.name) return name.name;
  throw new EngineError("usage", `it.fuzz: invalid test name ${String(name)}: give a string`);
}

/** Jazzer.js's folder for a test: spaces become underscores, nothing else changes. */
function folder(parts: string[]): string[] {
  return parts.map((p) => p.replace(/ /g, "_"));
}

function optionsOf(rc: JazzerRc, arg: number | JestFuzzOptions | undefined): { options: Options; words: Uint8Array[] } {
  const given: JestFuzzOptions = typeof arg === "number" ? { timeout: arg } : arg ?? {};
  if (arg !== undefined && typeof arg !== "number" && typeof arg !== "object") throw new EngineError("usage", `it.fuzz: invalid timeout or options argument ${String(arg)}`);
  const options = testOptions({ customHooks: rc.customHooks, disableBugDetectors: rc.disableBugDetectors, ...(rc.instrument ? { instrument: rc.instrument } : {}) });
  // Jazzer.js's order: the config file's flags, then the command line's (bunfuzz test's, which reach
  // the test as BUNFUZZ_<NAME>), then the test's own fuzzerOptions.
  const apply = (list: string[], overEnv: boolean) => {
    const flags = parseArgs(list).options as Record<string, unknown>;
    for (const flag of list) {
      const name = flag.replace(/^--?/, "").split("=")[0]!;
      const row = findOption(name);
      if (!row || (!overEnv && row.scope.includes("test") && process.env[testEnvName(row)] !== undefined)) continue;
      (options as Record<string, unknown>)[name] = flags[name];
    }
  };
  apply(rc.fuzzerOptions ?? [], false);
  apply(given.fuzzerOptions ?? [], true);
  const ms = given.timeout ?? rc.timeout;
  if (ms !== undefined) options.timeout = Math.max(1, Math.ceil(ms / 1000));
  const words = (given.dictionaryEntries ?? []).map((w) => (typeof w === "string" ? new TextEncoder().encode(w) : new Uint8Array(w.buffer, w.byteOffset, w.byteLength)));
  return { options, words };
}

function declare(mode: Mode) {
  const fuzzTest = (name: unknown, fn: JestFn, timeoutOrOptions?: number | JestFuzzOptions): void => {
    const title = testName(name);
    const site = new Error(title);
    Error.captureStackTrace(site, fuzzTest); // its top frame is the test file's it.fuzz call
    const at = callerSite();
    const path = describePath(at.file, at.line, at.column);
    if (path === undefined) throw new EngineError("usage", `it.fuzz("${title}"): the names of the describe blocks around it must be string literals (its inputs folder is named after them)`);
    const rc = jazzerRc(projectRoot(at.file));
    const { options, words } = optionsOf(rc, timeoutOrOptions);
    const stem = basename(at.file, extname(at.file));
    const parts = folder([...path, title]);
    const spec: FuzzTestSpec = {
      file: at.file, name: title, fullName: [...path, title].join(" "),
      seedsDir: join(dirname(at.file), stem, ...parts), corpusDir: join(projectRoot(at.file), ".cifuzz-corpus", stem, ...parts),
      harness: fn as FuzzTestSpec["harness"], seeds: [], options, native: false, site, words, alwaysEmpty: true,
    };
    if (mode === "skip") {
      test.skip(title, () => {});
      return;
    }
    if (declareInChild(spec, (n, body, ms) => test(n, body, ms))) return;
    const t = mode === "only" ? test.only : test;
    if (process.env.BUNFUZZ === "1" || process.env.JAZZER_FUZZ) {
      t(title, () => fuzzInChild(spec), (options.max_total_time + MINIMIZE_SECONDS + SLACK_SECONDS) * 1000);
      return;
    }
    (mode === "only" ? describe.only : describe)(title, () => {
      for (const [label, data] of replayInputs(spec)) test(label, replayBody(spec, label, data), options.timeout * 1000);
    });
  };
  return fuzzTest;
}

let installed = false;

/** Adds `.fuzz` to bun:test's test and it (one function) and to their `.skip` and `.only`. */
export function installJestFuzz(): void {
  if (installed) return;
  installed = true;
  const t = test as unknown as Record<string, unknown> & { skip: Record<string, unknown>; only: Record<string, unknown> };
  t.fuzz = declare("standard");
  t.skip.fuzz = declare("skip");
  // bun test refuses `.only` where CI is set, by throwing when `test.only` is read; there a test file
  // gets no `.only.fuzz` either, and a file that uses it fails as one using `.only` does.
  try {
    t.only.fuzz = declare("only");
  } catch {}
}
