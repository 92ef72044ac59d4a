import { dirname } from "node:path";
import type { Shim } from "../coverage/ffi.ts";
import { ShimSink } from "../coverage/shimSink.ts";
import type { DiscardingExecutor } from "../engine/executor.ts";
import { EngineError } from "../findings/errors.ts";
import { executionWork, finishExecution, nextExecution, plainMessage, registerInstrumentation, remapStack, tracedSpecifier, type InstrumentationHandle, type InstrumentationOptions } from "../instrument/index.ts";
import type { Options } from "../options/table.ts";
import { PROJECT_ROOT } from "../util/paths.ts";
import { overBytes, type SmithHarness } from "../smith/index.ts";
import type { RecentInputs } from "./rejections.ts";
import { TargetInput } from "./targetInput.ts";
import { findingAware, setupJazzer, type JazzerSetup } from "../jazzer/index.ts";
import { importedPackages } from "../loader/imports.ts";
import { noteInstrumentation } from "../loader/advice.ts";
import { rewriteRequireBuilds } from "../loader/requireBuild.ts";
import { writeStderr } from "../util/stderr.ts";
import { resumableOf, type Resumable } from "../snapshot/stateful.ts";

/**
 * A JS fuzz function: `fuzz(data)`, called with a Buffer (Jazzer.js's `module.exports.fuzz` works
 * unchanged). A module
 * that also exports `smith = true` gets `fuzz(s: Smith)` called with a reader of typed values.
 */
export type FuzzFn = (data: Uint8Array) => unknown;

/** What the worker needs to know to load a JS/TS target. */
export interface JsTargetOptions {
  /** Globs of files to instrument (default: the target's folder, without node_modules). */
  include: string[];
  exclude: string[];
  /** npm package names to instrument wherever they are installed. */
  packages: string[];
  /** Substrings of file paths to instrument, node_modules included (-instrument_paths; absent: none). */
  contains?: string[];
  /** The exported function to fuzz (default `fuzz`). */
  entryPoint?: string;
}

/** Thrown in place of process.exit while the target runs: exiting is the target's misbehaviour. */
export class TargetExited extends Error {
  constructor(readonly code: number | undefined) {
    super(`the fuzz target called process.exit(${code ?? ""})`);
    this.name = "TargetExited";
  }
}

/** A finding raised by a JS target, carried out of the engine loop (which knows nothing of JS). */
export class JsFinding extends Error {
  constructor(readonly error: unknown) {
    super("js finding");
  }
}

/** The instrumentation choices the flags make (probeOptions). */
export type ProbeOptions = Pick<InstrumentationOptions, "compareHooks" | "counterMode" | "byteCompares" | "traced">;

/**
 * What the flags ask of the JS instrumentation: compare hooks (for -use_cmp's compare log and
 * -use_value_profile's features; compares with byte-sized literals for the value profile only)
 * and counting probes (-js_hit_counts).
 */
export function probeOptions(o: Options): ProbeOptions {
  return {
    compareHooks: o.use_cmp === 1 || o.use_value_profile === 1,
    byteCompares: o.use_value_profile === 1,
    counterMode: o.js_hit_counts === 1 ? "count" : "set",
  };
}

/**
 * One execution in how many runs the traced copy of the target, the one with compare hooks
 * (-js_cmp_every, src/instrument/traced.ts); 1 when every execution has hooks: -js_cmp_every=1,
 * compare hooks off, or value profile on (its features come from every execution's compares).
 */
export function tracedEvery(o: Options): number {
  return o.use_cmp === 1 && o.use_value_profile !== 1 && o.js_cmp_every > 1 ? o.js_cmp_every : 1;
}

/** What the flags ask of Jazzer.js compatibility: custom hooks files and bug detectors left off. */
export function jazzerOptions(o: Options): JazzerSetup {
  return { customHooks: o.custom_hooks, disableBugDetectors: o.disable_bug_detectors, verbose: o.verbosity >= 2 };
}

/**
 * The instrumentation plugin's source rewrite: Jazzer.js's hooks (src/jazzer/), then imports of
 * TypeScript files pointed at the builds Node would load (src/loader/requireBuild.ts).
 */
function sourceRewrite(jazzer: (code: string, path: string) => string): (code: string, path: string) => string {
  return (code, path) => {
    const out = jazzer(code, path);
    try {
      return rewriteRequireBuilds(out, path) ?? out;
    } catch (e) {
      writeStderr(`bunfuzz: warning: cannot read the imports of ${path}: ${e instanceof Error ? e.message : String(e)}\n`);
      return out;
    }
  };
}

/**
 * Sets up Jazzer.js compatibility and registers instrumentation (counters and compare hooks wired
 * into the shim) for a target about to load from `entry`. Without any -instrument, the target's
 * folder and the packages it imports (src/loader/imports.ts) are instrumented; `selection` says
 * which, for the start-up line.
 */
export async function instrumentJs(
  entry: string, shim: Shim, o: JsTargetOptions, probes: ProbeOptions, jazzer: JazzerSetup,
): Promise<{ handle: InstrumentationHandle; sink: ShimSink; selection: string }> {
  const contains = o.contains ?? [];
  const chosen = o.include.length > 0 || o.packages.length > 0 || contains.length > 0;
  const include = chosen ? o.include : [`${dirname(entry)}/**`];
  const sink = new ShimSink(shim);
  const jz = await setupJazzer(jazzer);
  const imported = chosen ? [] : importedPackages(entry);
  const packages = [...new Set([...o.packages, ...imported, ...jz.packages])];
  const handle = registerInstrumentation({ include, exclude: o.exclude, packages, contains, sink, rewrite: sourceRewrite(jz.rewrite), ...probes });
  noteInstrumentation(handle);
  const chosenText = [
    ...(o.include.length || o.packages.length ? [`-instrument=${[...o.include, ...o.packages].join(",")}`] : []),
    ...(contains.length ? [`-instrument_paths=${contains.join(",")}`] : []),
  ];
  const selection = chosen ? chosenText.join(" ")
    : `${dirname(entry)}/ and ${imported.length ? `the packages it imports: ${imported.join(", ")}` : "the packages it imports (none)"}`;
  return { handle, sink, selection };
}

/**
 * Instruments (instrumentJs), then imports the target and returns its fuzz function, wrapped for
 * Jazzer.js's findings and callbacks. A module without one is a target error.
 */
export async function loadJsTarget(
  path: string, shim: Shim, o: JsTargetOptions, probes: ProbeOptions = {},
  jazzer: JazzerSetup = { customHooks: [], disableBugDetectors: [] },
): Promise<{ fn: FuzzFn; handle: InstrumentationHandle; sink: ShimSink; smith?: SmithHarness; selection: string; resumable?: Resumable; traced?: FuzzFn }> {
  const { handle, sink, selection } = await instrumentJs(path, shim, o, probes, jazzer);
  const mod = await importTarget(path, path);
  const found = fuzzFunction(mod, path, o.entryPoint);
  // The traced copy (-js_cmp_every): the same target, its instrumented modules with compare hooks.
  const traced = probes.traced && probes.compareHooks ? fuzzFunction(await importTarget(tracedSpecifier(path), path), path, o.entryPoint).fn : undefined;
  return { ...found, handle, sink, selection, traced };
}

async function importTarget(specifier: string, path: string): Promise<Record<string, unknown>> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (e) {
    throw new EngineError("target", `cannot load ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The fuzz function a loaded target module exports (named by -fuzz_entry_point), wrapped as loadJsTarget returns it. */
function fuzzFunction(mod: Record<string, unknown>, path: string, entryPoint: string | undefined): { fn: FuzzFn; smith?: SmithHarness; resumable?: Resumable } {
  const name = entryPoint || "fuzz";
  const dflt = mod.default as Record<string, unknown> | ((d: Uint8Array) => unknown) | undefined;
  const fn = mod[name] ?? (typeof dflt === "function" && name === "fuzz" ? dflt : typeof dflt === "object" ? dflt?.[name] : undefined);
  if (typeof fn !== "function") {
    throw new EngineError("target", name === "fuzz"
      ? `${path} exports no fuzz function: add \`export function fuzz(data: Uint8Array)\` (or module.exports.fuzz)`
      : `${path} exports no function ${name} (-fuzz_entry_point=${name}): export it, or name the function it exports`);
  }
  // A stateful harness (stateful(), statefulBytes()) offers the prefix-snapshot stage its save/restore.
  const resumable = resumableOf(fn);
  if (resumable && resumable.smith !== (mod.smith === true)) {
    throw new EngineError("target", resumable.smith
      ? `${path}: its ${name} is made by stateful(), which reads typed values: add \`export const smith = true\``
      : `${path}: its ${name} is made by statefulBytes(), which reads bytes: remove \`export const smith = true\` (or use stateful())`);
  }
  // `export const smith = true`: the fuzz function takes a Smith (typed values) instead of bytes.
  if (mod.smith === true) {
    const f = fn as SmithHarness;
    return { fn: findingAware(overBytes(f)), smith: f, resumable };
  }
  return { fn: findingAware(fn as FuzzFn), resumable };
}

/**
 * Runs a JS target against the shim: the in-target flag brackets each call (so the watchdog can
 * time it out and a native fault inside an FFI call is the target's), then the shim collects the
 * features of JS probes and native counters alike. The target gets its own copy of the input, as
 * a Buffer (targetInput.ts).
 */
export class JsExecutor implements DiscardingExecutor {
  private readonly realExit = process.exit;
  /**
   * Called with what the target threw; returns true to go on (-keep_going: the run counts as a
   * rejected input), false to stop (the error leaves the engine loop as a JsFinding).
   */
  onFinding: (e: unknown) => boolean = () => false;
  /** Where each input run is noted, when the worker attributes unhandled rejections (rejections.ts). */
  recent: RecentInputs | undefined;

  private readonly targetInput: TargetInput;

  /**
   * `traced`: the target's traced copy (-js_cmp_every, src/instrument/traced.ts), which run() calls
   * in one execution of `every` instead of `fn`.
   */
  constructor(readonly shim: Shim, private readonly fn: FuzzFn, private readonly traced?: FuzzFn, private readonly every = 1) {
    this.targetInput = new TargetInput(shim.input);
    this.via = fn;
  }

  /** Executions since the last traced one. */
  private sinceTraced = 0;

  /** What run() calls this time: the traced copy in one execution of `every` (never during the prefix-snapshot stage's resumptions). */
  private next(): FuzzFn {
    if (this.traced === undefined || this.via !== this.fn) return this.via;
    if (++this.sinceTraced < this.every) return this.fn;
    this.sinceTraced = 0;
    return this.traced;
  }

  get input() { return this.shim.input; }
  get touched() { return this.shim.touched; }
  get newFeatures() { return this.shim.newFeatures; }
  get rareHits() { return this.shim.rareHits; }
  get stats() { return this.shim.stats; }
  get header() { return this.shim.header; }

  /** Whether the target returned a promise on a first probe call (then the async loop is used). */
  probeAsync(): boolean {
    this.shim.setInTarget(true);
    let r: unknown;
    try {
      r = this.guard(() => this.fn(Buffer.alloc(0)));
    } catch (e) {
      this.shim.setInTarget(false);
      this.shim.resetCounters();
      if (this.onFinding(e)) return false;
      throw new JsFinding(e);
    } finally {
      this.shim.setInTarget(false);
    }
    this.shim.resetCounters();
    if (r instanceof Promise) {
      r.catch(() => {}); // its outcome is judged when the empty input runs as a seed
      return true;
    }
    return false;
  }

  private guard<T>(f: () => T): T {
    if (this.armed) return f();
    this.arm();
    try {
      return f();
    } finally {
      this.disarm();
    }
  }

  private armed = false;

  /**
   * Replaces process.exit for the whole campaign (setting it around every call cost measurable
   * time): while armed, a call to process.exit from anywhere is the target's and throws.
   */
  arm(): void {
    process.exit = ((code?: number) => { throw new TargetExited(code); }) as typeof process.exit;
    this.armed = true;
  }

  disarm(): void {
    process.exit = this.realExit;
    this.armed = false;
  }

  /** Puts the input in the shared header and enters the target; returns the target's copy. */
  private enter(len: number, note = true): Buffer {
    const data = this.targetInput.take(len);
    if (note) this.recent?.note(data);
    nextExecution();
    this.shim.header.inputLen = len;
    this.shim.setInTarget(true);
    return data;
  }

  /**
   * After the call: the run's new features, -1 for a finding we go on after, or a JsFinding. The
   * run's cost for the schedule is the native compares it made plus its JS work.
   */
  private settle(len: number, threw: boolean, failed: unknown): number {
    finishExecution(); // the compare records the run's comparisons against literals left for its end
    const fresh = this.shim.collect(len);
    this.shim.stats.addWork(executionWork());
    if (!threw) return fresh;
    if (this.onFinding(failed)) return -1;
    throw new JsFinding(failed);
  }

  /** What run() calls: the target, or the prefix-snapshot stage's resumption (route()). */
  private via: FuzzFn;

  /** SnapshotHost: routes run() through `call` (wrapped as the target is), or back to the target. */
  route(call: FuzzFn | undefined): void {
    this.via = call ? findingAware(call) : this.fn;
  }

  /**
   * SnapshotHost: runs `call` on the target's copy of slot[0..len) as target code, coverage
   * discarded. Returns undefined when it threw: a finding goes where a run's would (-keep_going
   * notes it and goes on; otherwise a JsFinding ends the loop).
   */
  aside<T>(len: number, call: (data: Uint8Array) => T): T | undefined {
    const data = this.enter(len);
    try {
      return this.guard(() => call(data));
    } catch (e) {
      if (!this.onFinding(e)) throw new JsFinding(e);
      return undefined;
    } finally {
      this.shim.setInTarget(false);
      this.shim.resetCounters();
    }
  }

  run(len: number): number {
    const data = this.enter(len);
    let failed: unknown, threw = false;
    const f = this.next();
    try {
      if (this.armed) f(data);
      else this.guard(() => f(data));
    } catch (e) {
      failed = e;
      threw = true;
    } finally {
      this.shim.setInTarget(false);
    }
    return this.settle(len, threw, failed);
  }

  async runAsync(len: number): Promise<number> {
    const data = this.enter(len);
    let failed: unknown, threw = false;
    const f = this.next();
    try {
      await this.guard(() => f(data));
    } catch (e) {
      failed = e;
      threw = true;
    } finally {
      this.shim.setInTarget(false);
    }
    return this.settle(len, threw, failed);
  }

  /** Runs without recording coverage (libFuzzer's throw-away run of the empty input). */
  runDiscard(len: number): void {
    const data = this.enter(len);
    try {
      this.guard(() => this.fn(data));
    } catch (e) {
      if (!this.onFinding(e)) throw new JsFinding(e);
    } finally {
      this.shim.setInTarget(false);
      this.shim.resetCounters();
    }
  }

  /**
   * Runs `input` once more, aside from the campaign: no coverage recorded, not kept in `recent`,
   * what it throws ignored (it is replayed to see whether it leaves a rejection behind).
   */
  async replay(input: Uint8Array): Promise<void> {
    this.shim.input.set(input, 0);
    const data = this.enter(input.length, false);
    try {
      await this.guard(() => this.fn(data));
    } catch {
      // judged by what it leaves unhandled, not by what it throws
    } finally {
      this.shim.setInTarget(false);
      this.shim.resetCounters();
    }
  }

  /** Number of JS probes and native edges the map holds now. */
  edges(): number {
    return this.shim.edgeCount();
  }
}

const ENGINE_FRAMES = `${PROJECT_ROOT}/src/`;

/**
 * A thrown value as text: the stack with instrumented files' columns mapped back to the source and
 * the message worded as for the plain source (plainMessage), cut where bunfuzz's own frames begin
 * (they say nothing about the target).
 */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return `thrown value: ${String(e)}`;
  const lines = plainMessage(remapStack(e.stack ?? `${e.name}: ${e.message}`)).split("\n");
  const cut = lines.findIndex((l, i) => i > 0 && l.includes(ENGINE_FRAMES));
  return (cut > 0 ? lines.slice(0, cut) : lines).join("\n");
}
