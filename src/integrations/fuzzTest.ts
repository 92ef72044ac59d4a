/**
 * What fuzz() and it.fuzz share once a fuzz test is declared (bunTest.ts, jest.ts):
 *
 * - replaying its inputs as ordinary tests (plain `bun test`);
 * - fuzzing it in a child `bun test` process (BUNFUZZ=1), as Go does: new inputs go to a cache
 *   folder, seeds and crashers live beside the test; a crasher is minimized before it is saved;
 * - the child's side: running the campaign when this process is that child;
 * - the failure: the target's own error first, then the input, the file and the commands.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { workerEnv } from "../build/asanRuntime.ts";
import { shimLibrary } from "../build/shim.ts";
import { tryWriteArtifact } from "../findings/artifact.ts";
import { reportEngineError } from "../findings/errors.ts";
import type { Finding } from "../findings/finding.ts";
import { findingAware } from "../jazzer/index.ts";
import { importedPackages } from "../loader/imports.ts";
import type { Options } from "../options/table.ts";
import { runJsCampaign } from "../runner/jsWorker.ts";
import { superviseMinimize } from "../runner/minimize.ts";
import type { CampaignConfig } from "../runner/protocol.ts";
import { runWorker, type Campaign } from "../runner/supervisor.ts";
import type { SmithHarness } from "../smith/index.ts";
import { sha1Hex } from "../util/sha1.ts";
import { resumableOf } from "../snapshot/stateful.ts";
import { childContext } from "./child.ts";
import type { ByteHarness } from "./options.ts";
import { projectRoot } from "./paths.ts";
import { describeInput, exactTestPattern, reproduceCommand, shellQuote } from "./report.ts";

const PRELOAD = join(import.meta.dir, "preload.ts");
/** Seconds a child may take beyond its budget (start-up, seeds) before the test times out. */
export const SLACK_SECONDS = 60;
/** Minimizing a crasher: at most this long (Go's -fuzzminimizetime is 60 s; a test should end sooner). */
export const MINIMIZE_SECONDS = 10;
/** Executions per minimization step. A guess: small inputs shrink in a few thousand. */
const MINIMIZE_STEP_RUNS = 20_000;

/** One declared fuzz test. */
export interface FuzzTestSpec {
  readonly file: string;
  /** The name it was declared with. */
  readonly name: string;
  /** Its full name (describe blocks and its own, space-joined, as bun test matches), when known. */
  readonly fullName?: string;
  /** Seeds and crashers: replayed by plain `bun test`, read when fuzzing; crashers are saved here. */
  readonly seedsDir: string;
  /** Where fuzzing keeps the inputs it generates (seedsDir itself when the test names its corpus folder). */
  readonly corpusDir: string;
  /** The harness over bytes (a Smith harness wrapped); a second parameter gets Jazzer.js's done callback. */
  readonly harness: ByteHarness | ((data: Uint8Array, done: (e?: unknown) => void) => unknown);
  readonly smith?: SmithHarness;
  /** Inputs declared in code, replayed and used as seeds. */
  readonly seeds: Uint8Array[];
  /** Labels of the declared seeds in replay mode (default `seed #i`). */
  readonly seedLabels?: string[];
  readonly options: Options;
  /** Replays run in a child too (native code: a crash must fail the test, not end the run). */
  readonly native: boolean;
  /** Made where the test was declared: a failure without an error of the target's points there. */
  readonly site: Error;
  /** Dictionary words of this test (it.fuzz's dictionaryEntries). */
  readonly words?: Uint8Array[];
  /** Replay the empty input too (Jazzer.js's Jest runner always does); fuzz() does when there is nothing else. */
  readonly alwaysEmpty?: boolean;
}

/** The key a child matches declarations by. */
export function specKey(s: Pick<FuzzTestSpec, "name" | "fullName">): string {
  return s.fullName ?? s.name;
}

/** Files in a folder (sorted; dot files and folders left out); none when it does not exist. */
export function corpusFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => !f.startsWith(".")).map((f) => join(dir, f)).filter((p) => statSync(p).isFile()).sort();
}

/** The harness as the engine calls it: Jazzer.js's callbacks, findings and done callback handled. */
export function runnable(spec: FuzzTestSpec): (data: Uint8Array) => unknown {
  return findingAware(spec.harness as (data: Uint8Array, done?: (e?: unknown) => void) => unknown);
}

/**
 * In a fuzzing or replaying child, declares the one test it was started for (and nothing else);
 * returns whether this process is such a child (then the caller declares nothing itself).
 */
export function declareInChild(spec: FuzzTestSpec, register: (name: string, fn: () => Promise<void>, timeoutMs: number) => void): boolean {
  const ctx = childContext();
  if (!ctx) return false;
  if (ctx.cfg.testName !== specKey(spec)) return true;
  register(spec.name, async () => {
    let code: number;
    try {
      code = await runJsCampaign(ctx.cfg, ctx.shim, runnable(spec), spec.seeds, spec.smith, undefined, spec.words, resumableOf(spec.smith ?? spec.harness));
    } catch (e) {
      code = reportEngineError(e); // one line, and the parent reports the test as failed
    }
    process.exit(code);
  }, 24 * 3600 * 1000);
  return true;
}

/** The worker configuration of this test's child. */
function childConfig(spec: FuzzTestSpec, mode: "fuzz" | "run"): CampaignConfig {
  const options: Options = { ...spec.options, artifact_prefix: `${spec.seedsDir}/` };
  const instrument = options.instrument;
  const isPackage = (x: string) => /^(@[\w.-]+\/)?[\w.-]+$/.test(x);
  const seedFiles = corpusFiles(spec.seedsDir);
  return {
    mode, target: spec.file, shimLib: shimLibrary(),
    inputCapacity: Math.max(options.max_len, ...seedFiles.map((f) => statSync(f).size)),
    options, seed: options.seed || crypto.getRandomValues(new Uint32Array(1))[0]! || 1,
    maxLen: options.max_len, corpusDirs: mode === "fuzz" ? [spec.corpusDir] : [], seedDirs: mode === "fuzz" ? [spec.seedsDir] : [],
    files: mode === "run" ? seedFiles : [],
    js: {
      include: instrument.filter((x) => !isPackage(x)).map((x) => resolve(x) + (x.endsWith("/") ? "/" : ""))
        .concat(instrument.length ? [] : [`${projectRoot(spec.file)}/**`]),
      exclude: [], packages: instrument.length ? instrument.filter(isPackage) : importedPackages(spec.file),
    },
    testName: specKey(spec),
  };
}

function childCampaign(spec: FuzzTestSpec, config: CampaignConfig): Campaign {
  const pattern = spec.fullName !== undefined ? exactTestPattern(spec.fullName) : spec.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return { config, env: workerEnv(config.shimLib, false), reproducePrefix: "", argv: [process.execPath, "test", "--preload", PRELOAD, spec.file, "--test-name-pattern", pattern] };
}

/**
 * Fuzzes the test in a child and returns when it ends without a finding; a finding becomes the
 * test's failure (thrown), its input minimized and saved among the test's crashers.
 */
export async function fuzzInChild(spec: FuzzTestSpec): Promise<void> {
  mkdirSync(spec.corpusDir, { recursive: true });
  mkdirSync(spec.seedsDir, { recursive: true });
  const config = childConfig(spec, "fuzz");
  const c = childCampaign(spec, config);
  // Every core by default, as `go test -fuzz` does (-workers / fuzz()'s `workers` to choose).
  const workers = config.options.workers || availableParallelism();
  const out = workers > 1 ? await (await import("../runner/pool.ts")).runPool(c, workers, { fork: false, onFinding: () => "stop" }) : await runWorker(c);
  if (out.kind === "ok") return;
  if (out.kind === "engine") throw new Error(`fuzz: ${spec.name}: the fuzzing child stopped with exit code ${out.code}; its error is above`);
  if (out.kind === "interrupted") throw new Error(`fuzz: ${spec.name}: interrupted (SIGINT/SIGTERM)`);
  const input = out.finding.kind === "timeout" || out.finding.kind === "oom" ? out.finding.input : await minimize(c, out.finding.input);
  throw await failure(spec, out.finding, input, { save: true, seed: config.seed, was: out.finding.input.length });
}

/** Replays the test's inputs in a child (native harnesses); a finding becomes the failure. */
export async function replayInChild(spec: FuzzTestSpec): Promise<void> {
  const config = childConfig(spec, "run");
  const out = await runWorker(childCampaign(spec, config));
  if (out.kind === "ok") return;
  if (out.kind === "engine") throw new Error(`fuzz: ${spec.name}: the replaying child stopped with exit code ${out.code}; its error is above`);
  if (out.kind === "interrupted") throw new Error(`fuzz: ${spec.name}: interrupted (SIGINT/SIGTERM)`);
  throw await failure(spec, out.finding, out.finding.input, { save: false, seed: config.seed });
}

/** The smallest input that still fails the same way, within MINIMIZE_SECONDS (the input itself if none). */
async function minimize(c: Campaign, input: Uint8Array): Promise<Uint8Array> {
  if (input.length <= 1) return input;
  const dir = mkdtempSync(join(tmpdir(), "bunfuzz-testmin-"));
  try {
    const from = join(dir, "crash"), to = join(dir, "minimized");
    writeFileSync(from, input);
    const options = { ...c.config.options, runs: MINIMIZE_STEP_RUNS, max_total_time: MINIMIZE_SECONDS, exact_artifact_path: to, minimize_crash: 1 };
    const code = await superviseMinimize({ ...c, config: { ...c.config, options, seedDirs: [], corpusDirs: [] } }, from);
    return code === 0 && existsSync(to) ? readFileSync(to) : input;
  } catch {
    return input; // it did not fail again when run alone: report it as found
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const KIND_WORDS: Record<string, string> = { timeout: "timeout", oom: "out of memory", leak: "leak" };

/**
 * The error a failed fuzz test throws. For an exception in JS, the input is run once more here:
 * the target's own error is thrown (so bun test shows its throw site), its message followed by the
 * report; otherwise an error made where the test was declared.
 */
export async function failure(spec: FuzzTestSpec, f: Finding, input: Uint8Array, how: { save: boolean; seed?: number; was?: number; label?: string }): Promise<Error> {
  const lines: string[] = [];
  let file = how.label;
  if (how.save) {
    file = `${f.kind === "timeout" ? "timeout" : f.kind === "oom" ? "oom" : "crash"}-${sha1Hex(input)}`;
    const path = join(spec.seedsDir, file);
    const failed = tryWriteArtifact(path, input);
    lines.push(failed ? `could not save it as ${path}: ${failed}; the input as Base64: ${Buffer.from(input).toString("base64")}` : `saved as ${path}: plain \`bun test\` replays it from now on`);
  }
  const shrunk = how.was !== undefined && how.was !== input.length ? `, minimized from ${how.was}` : "";
  const shown = await describeInput(input, spec.smith, shrunk);
  const again = f.kind !== "js" || spec.native ? undefined : shown.rec ? (shown.rec.threw ? shown.rec.error : undefined) : await rerun(spec, input);
  const what = KIND_WORDS[f.kind] ?? "crash";
  lines.unshift(`fuzz: ${spec.name}: ${what} on ${shown.text}`);
  const full = spec.fullName ?? spec.name;
  const repro = file ? reproduceCommand(spec.file, exactTestPattern(`${full} ${file}`)) : reproduceCommand(spec.file, exactTestPattern(full));
  lines.push(`${how.seed !== undefined ? `seed ${how.seed}; ` : ""}reproduce: ${repro}`);
  if (how.save) lines.push(`fuzz again: BUNFUZZ=1 BUNFUZZ_SEED=${how.seed} bun test ${shellQuote(spec.file)}`);
  const report = lines.join("\n  ");
  if (again instanceof Error) {
    again.message = `${again.message}\n\n${report}`;
    return again;
  }
  spec.site.message = again === undefined ? report : `thrown value: ${String(again)}\n\n${report}`;
  spec.site.name = "FuzzFinding";
  return spec.site;
}

/** What running the harness on `input` once in this process throws (undefined: it did not). */
async function rerun(spec: FuzzTestSpec, input: Uint8Array): Promise<unknown> {
  try {
    await runnable(spec)(Buffer.from(input));
    return undefined;
  } catch (e) {
    return e;
  }
}

/** One replay test's body: runs an input; a failure carries the input and the command that reproduces it. */
export function replayBody(spec: FuzzTestSpec, label: string, data: Uint8Array): () => Promise<void> {
  return async () => {
    try {
      await runnable(spec)(Buffer.from(data));
    } catch (e) {
      const shown = await describeInput(data, spec.smith);
      const full = `${spec.fullName ?? spec.name} ${label}`;
      const note = `\n  ${shown.text}\n  reproduce: ${reproduceCommand(spec.file, exactTestPattern(full))}`;
      if (e instanceof Error) {
        e.message += note;
        throw e;
      }
      spec.site.name = "FuzzFinding";
      spec.site.message = `thrown value: ${String(e)}${note}`;
      throw spec.site;
    }
  };
}

/** The inputs plain `bun test` replays, labelled: declared seeds, then the seeds folder's files. */
export function replayInputs(spec: FuzzTestSpec): [string, Uint8Array][] {
  const inputs: [string, Uint8Array][] = [
    ...spec.seeds.map((s, i): [string, Uint8Array] => [spec.seedLabels?.[i] ?? `seed #${i + 1}`, s]),
    ...corpusFiles(spec.seedsDir).map((p): [string, Uint8Array] => [p.slice(spec.seedsDir.length + 1), readFileSync(p)]),
  ];
  if (spec.alwaysEmpty) inputs.unshift(["<empty>", new Uint8Array()]);
  else if (inputs.length === 0) inputs.push(["empty input (no seeds or crashers yet)", new Uint8Array()]);
  return inputs;
}
