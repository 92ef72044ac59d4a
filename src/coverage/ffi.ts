/**
 * The only file that imports bun:ffi. It opens the shim, checks its ABI, and hands the rest of the
 * engine typed functions and zero-copy views that are created once (see PLATFORM-NOTES: creating
 * a view costs ~0.5 µs, reading an existing one costs nothing).
 */
import { CString, dlopen, FFIType, JSCallback, ptr, toArrayBuffer, type FFIFunction, type Library, type Pointer } from "bun:ffi";
import { EngineError } from "../findings/errors.ts";
import { BF_ABI_VERSION, BF_HEADER_SIZE, CMP_LOG_SIZE, layoutDifference, MAX_RARE_HITS, parseLayout, STATS_WORDS, TRACE_SIZE, VP_BITS } from "./abi.ts";
import { SharedHeader } from "./header.ts";
import { ShimStats } from "./stats.ts";

const { u32, i32, ptr: P } = FFIType;

const SYMBOLS = {
  bf_abi_version: { args: [], returns: u32 },
  bf_layout: { args: [], returns: P },
  bf_init: { args: [P, u32, u32, u32], returns: i32 },
  bf_die_with_parent: { args: [u32], returns: i32 },
  bf_header: { args: [], returns: P },
  bf_stats: { args: [], returns: P },
  bf_touched: { args: [], returns: P },
  bf_new_features: { args: [], returns: P },
  bf_cmp_log: { args: [], returns: P },
  bf_seen: { args: [], returns: P },
  bf_feature_freq: { args: [], returns: P },
  bf_count_frequencies: { args: [u32], returns: FFIType.void },
  bf_rare_flags: { args: [], returns: P },
  bf_rare_hits: { args: [], returns: P },
  bf_counters: { args: [], returns: P },
  bf_load_target: { args: [P, P, u32], returns: i32 },
  bf_load_library: { args: [P, P, u32], returns: i32 },
  bf_target_hooks: { args: [], returns: u32 },
  bf_call_initialize: { args: [P, u32], returns: i32 },
  bf_run: { args: [u32], returns: i32 },
  bf_run_discard: { args: [u32], returns: FFIType.void },
  bf_alloc_counters: { args: [u32], returns: u32 },
  bf_value_profile: { args: [u32], returns: u32 },
  bf_vp_map: { args: [], returns: P },
  bf_trace: { args: [u32], returns: FFIType.void },
  bf_trace_log: { args: [], returns: P },
  bf_collect: { args: [u32], returns: i32 },
  bf_set_in_target: { args: [u32], returns: FFIType.void },
  bf_reset_counters: { args: [], returns: FFIType.void },
  bf_region_info: { args: [u32, P], returns: i32 },
  bf_silence_fd: { args: [i32], returns: i32 },
  bf_leaks_setup: { args: [u32, u32], returns: u32 },
  bf_leaks_seeding: { args: [u32], returns: FFIType.void },
  bf_sanitizer_report_fd: { args: [i32], returns: i32 },
  bf_exit_needs_asan: { args: [], returns: FFIType.void },
  bf_custom_mutate: { args: [u32, u32, u32], returns: u32 },
  bf_set_default_mutator: { args: [FFIType.function], returns: FFIType.void },
  bf_custom_crossover: { args: [P, u32, u32, u32, u32], returns: u32 },
} as const;

function cstr(s: string): Buffer {
  return Buffer.from(`${s}\0`, "utf8");
}

/**
 * One counter region of the coverage map (a native module's counters, a JS file's probes, or the
 * stack-depth block), as bf_region_info describes it. Counter i is global edge firstEdge + i.
 */
export interface RegionInfo {
  firstEdge: number;
  counters: number;
  /** False for the stack-depth block (its counters hold features, not edges). */
  isEdges: boolean;
  /** Native pc-table regions only: the module (shared object) the pcs are in, and its load address. */
  module?: string;
  base?: number;
  /**
   * Native pc-table regions only: per counter, its pc as an offset from the module's load address
   * (the address the object's own symbols and debug info use).
   */
  offsets?: Float64Array;
  /** Per counter, 1 when its block is a function entry (pc-table flag bit 0). */
  funcEntry?: Uint8Array;
}

/** Optional libFuzzer hooks a native target defines. */
export interface TargetHooks {
  initialize: boolean;
  customMutator: boolean;
  customCrossOver: boolean;
}

let current: Shim | undefined;

/** The process's shim, once a worker or a fuzz() child has created it. */
export function currentShim(): Shim | undefined {
  return current;
}

/**
 * A loaded shim with its shared region mapped. Views are valid for the life of the process; the
 * feature-list views are sized after the target loads (`refreshViews`).
 */
export class Shim {
  private readonly fns;
  /** Shared header + input slot (the region the supervisor reads after a crash). */
  readonly shared: Uint8Array;
  readonly header: SharedHeader;
  /** The input slot: the engine mutates inputs here in place. */
  readonly input: Uint8Array;
  /** struct bf_stats, rewritten by the shim after every execution. */
  readonly stats: ShimStats;
  /** The compare log (struct bf_cmp_log). */
  readonly cmpLog: DataView;
  readonly cmpLogBytes: Uint8Array;
  touched!: Uint32Array;
  newFeatures!: Uint32Array;
  /** Per edge: the bit set of hit-count buckets ever seen (0: never reached). */
  seen!: Uint8Array;
  /** Per feature: executions that touched it (saturating u16). */
  featureFreq!: Uint16Array;
  /** Per feature: 1 when the entropic schedule counts it rare (the engine writes it). */
  rareFlags!: Uint8Array;
  /** Rare features the last execution touched, valid up to stats.rareCount. */
  readonly rareHits: Uint32Array;
  /** Execute the input in the slot; returns new features, or -1 if the target rejected it. */
  readonly run: (len: number) => number;

  constructor(libPath: string, shmPath: string, inputCapacity: number, timeoutMs: number, rssLimitMb: number) {
    let lib;
    try {
      lib = dlopen(libPath, SYMBOLS);
    } catch (e) {
      throw new EngineError("toolchain", `the bunfuzz shim ${libPath} did not load (${(e as Error).message}); delete .cache/native and retry`);
    }
    this.fns = lib.symbols;
    const abi = this.fns.bf_abi_version();
    if (abi !== BF_ABI_VERSION) {
      throw new EngineError("internal", `shim ${libPath} has ABI version ${abi}, the engine ${BF_ABI_VERSION}: delete it to have it rebuilt, or reinstall bunfuzz`);
    }
    const diff = layoutDifference(parseLayout(new CString(this.fns.bf_layout() as Pointer).toString()));
    if (diff) throw new EngineError("internal", `shim ${libPath} does not match the engine (ABI ${abi}): ${diff}; delete it to have it rebuilt`);
    const rc = this.fns.bf_init(cstr(shmPath), inputCapacity, timeoutMs, rssLimitMb);
    if (rc !== 0) throw new EngineError("internal", `cannot create the shared region ${shmPath} (errno ${-rc})`);
    const h = this.fns.bf_header() as Pointer;
    this.shared = new Uint8Array(toArrayBuffer(h, 0, BF_HEADER_SIZE + inputCapacity));
    this.header = new SharedHeader(this.shared);
    this.input = new Uint8Array(this.shared.buffer, BF_HEADER_SIZE, inputCapacity);
    this.stats = new ShimStats(new Uint32Array(toArrayBuffer(this.fns.bf_stats() as Pointer, 0, STATS_WORDS * 4)));
    const cmp = toArrayBuffer(this.fns.bf_cmp_log() as Pointer, 0, CMP_LOG_SIZE);
    this.cmpLog = new DataView(cmp);
    this.cmpLogBytes = new Uint8Array(cmp);
    this.run = this.fns.bf_run;
    current = this;
    this.rareHits = new Uint32Array(toArrayBuffer(this.fns.bf_rare_hits() as Pointer, 0, MAX_RARE_HITS * 4));
    this.refreshViews();
  }

  /** Real edges registered so far: counters of instrumented code and JS probes, not the stack-depth block. */
  edgeCount(): number {
    return this.stats.edgeCount();
  }

  /** (Re)creates the views whose size depends on the number of edges. Call after adding counters. */
  refreshViews(): void {
    const edges = Math.max(1, this.stats.numEdges);
    const n = this.stats.featureCapacity() * 4; // u32 feature lists
    this.touched = new Uint32Array(toArrayBuffer(this.fns.bf_touched() as Pointer, 0, n));
    this.newFeatures = new Uint32Array(toArrayBuffer(this.fns.bf_new_features() as Pointer, 0, n));
    this.seen = new Uint8Array(toArrayBuffer(this.fns.bf_seen() as Pointer, 0, edges));
    this.featureFreq = new Uint16Array(toArrayBuffer(this.fns.bf_feature_freq() as Pointer, 0, edges * 8 * 2));
    this.rareFlags = new Uint8Array(toArrayBuffer(this.fns.bf_rare_flags() as Pointer, 0, edges * 8));
  }

  /** Loads a libFuzzer-style target; failures are target errors that name the file. */
  loadTarget(path: string): TargetHooks {
    const err = Buffer.alloc(1024);
    const rc = this.fns.bf_load_target(cstr(path), err, err.length);
    if (rc !== 0) {
      const reason = err.toString("utf8", 0, err.indexOf(0));
      if (rc === 2) throw new EngineError("target", `${path} has no LLVMFuzzerTestOneInput: it is not a libFuzzer harness (see bunfuzz build -help)`);
      throw new EngineError("target", `cannot load ${path}: ${reason}`);
    }
    this.refreshViews();
    const h = this.fns.bf_target_hooks();
    return { initialize: (h & 1) !== 0, customMutator: (h & 2) !== 0, customCrossOver: (h & 4) !== 0 };
  }

  /**
   * Ends this worker at once (no exit handlers, JS or native) so that the supervisor restarts it
   * with the ASan runtime preloaded: it cannot be loaded into a running process.
   */
  exitNeedingAsan(): never {
    this.fns.bf_exit_needs_asan();
    throw new Error("unreachable: bf_exit_needs_asan returned");
  }

  /**
   * Opens an instrumented native library for a TypeScript harness: loaded globally first, so its
   * coverage callbacks bind to this shim (its counters join the one feature map), then opened
   * through bun:ffi for the typed symbols.
   */
  openLibrary<S extends Record<string, FFIFunction>>(path: string, symbols: S): Library<S> {
    const err = Buffer.alloc(1024);
    if (this.fns.bf_load_library(cstr(path), err, err.length) !== 0) {
      throw new EngineError("target", `cannot load ${path}: ${err.toString("utf8", 0, err.indexOf(0))}`);
    }
    this.refreshViews();
    return dlopen(path, symbols);
  }

  /**
   * Ties this process's life to its supervisor's (pid): it is killed when the supervisor dies, and
   * exits at once if the supervisor is already gone. Workers only; never a test process.
   */
  dieWithParent(pid: number): void {
    this.fns.bf_die_with_parent(pid);
  }

  /**
   * Sends a sanitizer runtime's reports to fd (the supervisor's report file, which it prints
   * without bunfuzz's own frames). Nothing happens without a sanitizer runtime in the process.
   */
  sanitizerReportFd(fd: number): void {
    this.fns.bf_sanitizer_report_fd(fd);
  }

  /** Calls LLVMFuzzerInitialize with this argv (argv[0] first, as main() receives it). */
  callInitialize(argv: readonly string[]): number {
    return this.fns.bf_call_initialize(Buffer.from(argv.map((a) => `${a}\0`).join(""), "utf8"), argv.length);
  }

  runDiscard(len: number): void {
    this.fns.bf_run_discard(len);
  }

  /** Allocates n counters for JS probes; returns the first edge id and a view of them. */
  allocCounters(n: number): { firstEdge: number; counters: Uint8Array } {
    const first = this.fns.bf_alloc_counters(n);
    const counters = new Uint8Array(toArrayBuffer(this.fns.bf_counters() as Pointer, first, n));
    this.refreshViews();
    return { firstEdge: first, counters };
  }

  /** The value-profile map (VP_BITS bits) once enableValueProfile has run; JS compare hooks set its bits. */
  vpMap: Uint8Array | undefined;

  /**
   * -use_value_profile=1: compare callbacks (native, and JS hooks through `vpMap`) set bits of the
   * value-profile block, whose features join the map. Returns the block's first pseudo-edge.
   */
  enableValueProfile(): number {
    const first = this.fns.bf_value_profile(1);
    this.vpMap = new Uint8Array(toArrayBuffer(this.fns.bf_vp_map() as Pointer, 0, VP_BITS / 8));
    this.refreshViews();
    return first;
  }

  private traceBytes?: Uint8Array;

  /** The compare trace (struct bf_trace), viewed once; filled only while tracing is on. */
  traceLog(): Uint8Array {
    this.traceBytes ??= new Uint8Array(toArrayBuffer(this.fns.bf_trace_log() as Pointer, 0, TRACE_SIZE));
    return this.traceBytes;
  }

  /** Input-to-state stage: while on, each execution lists its failed compares in traceLog(). */
  setTrace(on: boolean): void {
    this.fns.bf_trace(on ? 1 : 0);
  }

  collect(len: number): number {
    return this.fns.bf_collect(len);
  }

  /**
   * Whether featureFreq counts every touched feature (the default: the rare-feature schedule reads
   * them all) or only those rareFlags marks (the entropic schedule reads no other; one load and
   * store less per touched feature and execution).
   */
  countFrequencies(all: boolean): void {
    this.fns.bf_count_frequencies(all ? 1 : 0);
  }

  /** Zeroes all counters without recording features. */
  resetCounters(): void {
    this.fns.bf_reset_counters();
  }

  /** Every counter region registered so far, in edge order (see RegionInfo). */
  regions(): RegionInfo[] {
    const out: RegionInfo[] = [];
    const words = new BigUint64Array(6);
    for (let r = 0; this.fns.bf_region_info(r, words) === 0; r++) {
      const info: RegionInfo = { firstEdge: Number(words[0]), counters: Number(words[1]), isEdges: words[2] === 1n };
      const table = Number(words[3]), base = Number(words[4]);
      if (table && info.counters > 0) {
        const pairs = new BigUint64Array(toArrayBuffer(table as Pointer, 0, info.counters * 16));
        info.offsets = new Float64Array(info.counters);
        info.funcEntry = new Uint8Array(info.counters);
        for (let i = 0; i < info.counters; i++) {
          info.offsets[i] = Number(pairs[2 * i]!) - base;
          info.funcEntry[i] = Number(pairs[2 * i + 1]! & 1n);
        }
        if (words[5]) info.module = new CString(Number(words[5]) as Pointer).toString();
        info.base = base;
      }
      out.push(info);
    }
    return out;
  }

  setInTarget(on: boolean): void {
    this.fns.bf_set_in_target(on ? 1 : 0);
  }

  /** Points fd at /dev/null (-close_fd_mask); returns a duplicate of the old fd, or -1. */
  silenceFd(fd: number): number {
    return this.fns.bf_silence_fd(fd);
  }

  /**
   * ASan targets: the sanitizer's malloc hooks for leak checks and -malloc_limit_mb (Mb; 0: none),
   * installed when detectLeaks, as libFuzzer does. Returns LEAKS bits (0: no sanitizer runtime).
   */
  setupLeaks(detectLeaks: boolean, mallocLimitMb: number): number {
    return this.fns.bf_leaks_setup(detectLeaks ? 1 : 0, mallocLimitMb);
  }

  /** Whether the initial corpus (or the files run) is executing: a leak found then says so. */
  setSeeding(on: boolean): void {
    this.fns.bf_leaks_seeding(on ? 1 : 0);
  }

  customMutate(len: number, maxLen: number, seed: number): number {
    return this.fns.bf_custom_mutate(len, maxLen, seed);
  }

  customCrossOver(other: Uint8Array, len: number, maxLen: number, seed: number): number {
    return this.fns.bf_custom_crossover(ptr(other), other.length, len, maxLen, seed);
  }

  private defaultMutator?: JSCallback;

  /**
   * Serves LLVMFuzzerMutate (called by a target's custom mutator) with `mutate`, which edits
   * `data[0..size)` in place (data.length is the maximum size) and returns the new size. A
   * JSCallback costs ~66 ns a call (PLATFORM-NOTES): fine once per custom mutation.
   */
  setDefaultMutator(mutate: (data: Uint8Array, size: number) => number): void {
    this.defaultMutator = new JSCallback(
      (p: Pointer, size: number | bigint, max: number | bigint) => {
        const m = Number(max);
        if (m === 0) return 0;
        return mutate(new Uint8Array(toArrayBuffer(p, 0, m)), Number(size));
      },
      { args: [FFIType.ptr, FFIType.u64, FFIType.u64], returns: FFIType.u64 },
    );
    this.fns.bf_set_default_mutator(this.defaultMutator);
  }
}
