/**
 * `fuzz()` for bun test files (Go's testing.F is the anchor).
 *
 * - Plain `bun test`: one test per input (declared seeds, then the files in testdata/fuzz/<name>/:
 *   seeds and crashers), each an ordinary assertion that the harness does not throw.
 * - `BUNFUZZ=1 bun test` (or `bunfuzz test`): one test that fuzzes for its budget in a child
 *   `bun test` process, the code under test instrumented. As with `go test -fuzz`, the inputs it
 *   generates go to a cache folder (paths.ts generatedCorpusDir), never beside the test; a
 *   crasher is minimized, then saved in testdata/fuzz/<name>/, where plain runs replay it; the
 *   test fails with the target's error, the input (typed values for a Smith harness), the seed and
 *   the command that reproduces it.
 * - Native harnesses (`native: true`) replay in a child as well, so a crash is a failed test.
 */
import { describe, test } from "bun:test";
import { testOptions } from "../options/testOptions.ts";
import { overBytes } from "../smith/index.ts";
import { describePath } from "./describePath.ts";
import { declareInChild, fuzzInChild, MINIMIZE_SECONDS, replayBody, replayInChild, replayInputs, SLACK_SECONDS, type FuzzTestSpec } from "./fuzzTest.ts";
import type { ByteHarness, FuzzOptions, SmithHarness } from "./options.ts";
import { callerSite, corpusDirFor, generatedCorpusDir } from "./paths.ts";
import { resumableOf } from "../snapshot/stateful.ts";

const toBytes = (s: Uint8Array | string) => (typeof s === "string" ? new TextEncoder().encode(s) : s);

/**
 * Declares a fuzz test. `fn` receives the input (a Buffer; with `smith: true`, a Smith reading
 * typed values) and must not throw; returning a promise is fine.
 */
export function fuzz(name: string, fn: ByteHarness, opts?: FuzzOptions & { smith?: false }): void;
export function fuzz(name: string, fn: SmithHarness, opts: FuzzOptions & { smith: true }): void;
export function fuzz(name: string, fn: ByteHarness | SmithHarness, opts: FuzzOptions = {}): void {
  const r = resumableOf(fn);
  if (r && r.smith !== (opts.smith === true)) {
    throw new TypeError(r.smith
      ? `fuzz("${name}"): the harness is made by stateful(), which reads typed values: declare it with { smith: true }`
      : `fuzz("${name}"): the harness is made by statefulBytes(), which reads bytes: declare it without smith: true`);
  }
  const site = new Error(name);
  Error.captureStackTrace(site, fuzz); // its top frame is the test file's call: where a failure without a target error points
  const at = callerSite();
  const path = describePath(at.file, at.line, at.column);
  const spec: FuzzTestSpec = {
    file: at.file, name, fullName: path ? [...path, name].join(" ") : undefined,
    // A corpus folder the test names is the whole corpus; by default generated inputs go to a cache.
    seedsDir: corpusDirFor(at.file, name, opts.corpus), corpusDir: opts.corpus ? corpusDirFor(at.file, name, opts.corpus) : generatedCorpusDir(at.file, name),
    harness: opts.smith ? overBytes(fn as SmithHarness) : (fn as ByteHarness), smith: opts.smith ? (fn as SmithHarness) : undefined,
    seeds: (opts.seeds ?? []).map(toBytes), options: testOptions(opts), native: opts.native === true, site,
  };
  if (declareInChild(spec, (n, body, ms) => test(n, body, ms))) return;
  if (process.env.BUNFUZZ === "1") {
    const seconds = spec.options.max_total_time + MINIMIZE_SECONDS + SLACK_SECONDS;
    test(`${name} (fuzzing)`, () => fuzzInChild(spec), seconds * 1000);
    return;
  }
  if (spec.native) {
    test(`${name} (replay ${replayInputs(spec).length} inputs in a child)`, () => replayInChild(spec), SLACK_SECONDS * 1000);
    return;
  }
  describe(name, () => {
    for (const [label, data] of replayInputs(spec)) test(label, replayBody(spec, label, data));
  });
}
