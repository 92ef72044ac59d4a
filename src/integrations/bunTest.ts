/**
 * `fuzz()` for bun test files (Go's testing.F is the anchor).
 *
 * - Plain `bun test`: one test per input (declared seeds, then the files in testdata/fuzz/<name>/,
 *   crashers included), each an ordinary assertion that the harness does not throw.
 * - `BUNFUZZ=1 bun test` (or `bunfuzz test`): one test that fuzzes for its budget in a child
 *   `bun test` process, the code under test instrumented, new inputs and crashers saved in
 *   testdata/fuzz/<name>/; a finding fails the test with the input, seed and reproduction.
 * - Native harnesses (`native: true`) replay in a child as well, so a crash is a failed test.
 */
import { describe, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { shimLibrary } from "../build/shim.ts";
import { artifactPath, tryWriteArtifact } from "../findings/artifact.ts";
import { reportEngineError } from "../findings/errors.ts";
import type { Finding } from "../findings/finding.ts";
import type { Options } from "../options/table.ts";
import { testOptions } from "../options/testOptions.ts";
import { runJsCampaign } from "../runner/jsWorker.ts";
import type { CampaignConfig } from "../runner/protocol.ts";
import { runWorker } from "../runner/supervisor.ts";
import { overBytes } from "../smith/index.ts";
import { childContext } from "./child.ts";
import type { ByteHarness, FuzzOptions, SmithHarness } from "./options.ts";
import { callerFile, corpusDirFor, projectRoot } from "./paths.ts";
import { importedPackages } from "../loader/imports.ts";
import { findingAware } from "../jazzer/index.ts";

const PRELOAD = join(import.meta.dir, "preload.ts");
/** Seconds a child may take beyond its budget (start-up, seeds) before the test times out. */
const SLACK_SECONDS = 60;

const toBytes = (s: Uint8Array | string) => (typeof s === "string" ? new TextEncoder().encode(s) : s);

function corpusFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => !f.startsWith(".")).map((f) => join(dir, f)).filter((p) => statSync(p).isFile()).sort();
}

function bytesHarness(fn: ByteHarness | SmithHarness, opts: FuzzOptions): ByteHarness {
  return opts.smith ? overBytes(fn as SmithHarness) : (fn as ByteHarness);
}

function printable(b: Uint8Array): string {
  let out = "";
  for (const c of b.subarray(0, 256)) out += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, "0")}`;
  return b.length > 256 ? `${out}... (${b.length} bytes)` : out;
}

/** The worker configuration for this test's child. */
function childConfig(file: string, name: string, dir: string, mode: "fuzz" | "run", opts: FuzzOptions): CampaignConfig {
  const options: Options = testOptions(opts);
  options.artifact_prefix = `${dir}/`;
  const instrument = options.instrument;
  const isPackage = (x: string) => /^(@[\w.-]+\/)?[\w.-]+$/.test(x);
  return {
    mode, target: file, shimLib: shimLibrary(), inputCapacity: Math.max(options.max_len, ...corpusFiles(dir).map((f) => statSync(f).size)),
    options, seed: options.seed || crypto.getRandomValues(new Uint32Array(1))[0]! || 1,
    maxLen: options.max_len, corpusDirs: mode === "fuzz" ? [dir] : [], seedDirs: [], files: mode === "run" ? corpusFiles(dir) : [],
    js: {
      include: instrument.filter((x) => !isPackage(x)).map((x) => resolve(x) + (x.endsWith("/") ? "/" : ""))
        .concat(instrument.length ? [] : [`${projectRoot(file)}/**`]),
      exclude: [], packages: instrument.length ? instrument.filter(isPackage) : importedPackages(file),
    },
    testName: name,
  };
}

/** Runs this test in a child process and turns its outcome into a pass or an Error. */
async function inChild(file: string, name: string, dir: string, mode: "fuzz" | "run", opts: FuzzOptions): Promise<void> {
  if (mode === "fuzz") mkdirSync(dir, { recursive: true });
  const config = childConfig(file, name, dir, mode, opts);
  const pattern = `^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
  const campaign = { config, env: {}, reproducePrefix: "", argv: [process.execPath, "test", "--preload", PRELOAD, file, "--test-name-pattern", pattern] };
  // Fuzzing uses every core by default, as `go test -fuzz` does (-workers / fuzz()'s `workers` to choose).
  const workers = mode === "fuzz" ? config.options.workers || availableParallelism() : 1;
  const out = workers > 1
    ? await (await import("../runner/pool.ts")).runPool(campaign, workers, { fork: false, onFinding: () => "stop" })
    : await runWorker(campaign);
  if (out.kind === "ok") return;
  if (out.kind === "engine") throw new Error(`fuzz: ${name}: the ${mode === "fuzz" ? "fuzzing" : "replaying"} child stopped with exit code ${out.code}; its error is above`);
  if (out.kind === "interrupted") throw new Error(`fuzz: ${name}: interrupted (SIGINT/SIGTERM)`);
  throw findingError(name, file, config, out.finding, mode === "fuzz");
}

function findingError(name: string, file: string, cfg: CampaignConfig, f: Finding, save: boolean): Error {
  let saved = "";
  if (save) {
    const path = artifactPath(f, cfg.options.artifact_prefix, "");
    const failed = tryWriteArtifact(path, f.input);
    saved = failed
      ? `\n  could not save it as ${path}: ${failed}; the input as Base64: ${Buffer.from(f.input).toString("base64")}`
      : `\n  saved as ${path}: plain \`bun test\` replays it from now on`;
  }
  return new Error(
    `fuzz: ${name}: ${f.kind === "timeout" ? "timeout" : f.kind === "oom" ? "out of memory" : "crash"} on input "${printable(f.input)}"` +
    `${saved}\n  seed ${cfg.seed}; reproduce: bun test ${file} --test-name-pattern '${name}'` +
    (save ? `; fuzz again: BUNFUZZ=1 BUNFUZZ_SEED=${cfg.seed} bun test ${file}` : ""),
  );
}

/**
 * Declares a fuzz test. `fn` receives the input bytes (or a Smith with `smith: true`) and must not
 * throw; returning a promise is fine.
 */
export function fuzz(name: string, fn: ByteHarness, opts?: FuzzOptions & { smith?: false }): void;
export function fuzz(name: string, fn: SmithHarness, opts: FuzzOptions & { smith: true }): void;
export function fuzz(name: string, fn: ByteHarness | SmithHarness, opts: FuzzOptions = {}): void {
  const file = callerFile();
  const dir = corpusDirFor(file, name, opts.corpus);
  const harness = bytesHarness(fn, opts);
  const seeds = (opts.seeds ?? []).map(toBytes);
  const ctx = childContext();
  if (ctx) {
    // The child: run the one test the parent asked for, then exit with the verdict.
    if (ctx.cfg.testName !== name) return;
    test(name, async () => {
      let code: number;
      try {
        code = await runJsCampaign(ctx.cfg, ctx.shim, findingAware(harness), seeds, opts.smith ? (fn as SmithHarness) : undefined);
      } catch (e) {
        code = reportEngineError(e); // one line, and the parent reports the test as failed
      }
      process.exit(code);
    }, 24 * 3600 * 1000);
    return;
  }
  if (process.env.BUNFUZZ === "1") {
    const budget = testOptions(opts).max_total_time;
    test(`${name} (fuzzing)`, () => inChild(file, name, dir, "fuzz", opts), (budget + SLACK_SECONDS) * 1000);
    return;
  }
  if (opts.native) {
    test(`${name} (replay ${seeds.length + corpusFiles(dir).length} inputs in a child)`, () => inChild(file, name, dir, "run", opts), SLACK_SECONDS * 1000);
    return;
  }
  describe(name, () => {
    const inputs: [string, Uint8Array][] = [
      ...seeds.map((s, i): [string, Uint8Array] => [`seed #${i + 1}`, s]),
      ...corpusFiles(dir).map((p): [string, Uint8Array] => [p.slice(dir.length + 1), readFileSync(p)]),
    ];
    if (inputs.length === 0) inputs.push(["empty input (no seeds or corpus yet)", new Uint8Array()]);
    for (const [label, data] of inputs) {
      test(label, async () => {
        try {
          await harness(data);
        } catch (e) {
          if (e instanceof Error) e.message = `${e.message}\n  input: "${printable(data)}"`;
          throw e;
        }
      });
    }
  });
}
