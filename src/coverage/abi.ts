/**
 * The engine's side of the shim's ABI (native/shim.h). Every number here is also a row of the
 * header's layout tables; `checkLayout` compares the two, row by row, each time a shim is opened,
 * so a shim built from other sources is refused with the row that differs. Only src/coverage/
 * reads these offsets: the rest of the engine goes through the typed accessors (header.ts).
 */
export const BF_ABI_VERSION = 10;
export const BF_MAGIC = 0x315a5a5546534642n;
export const BF_HEADER_SIZE = 256;
export const BF_MAX_MUTATIONS = 64;

/** Byte offsets of struct bf_header fields. */
export const HDR = {
  magic: 0,
  abiVersion: 8,
  headerSize: 12,
  inputCapacity: 16,
  inputLen: 20,
  execCount: 24,
  inTarget: 32,
  crashKind: 36,
  crashSignal: 40,
  timeoutMs: 44,
  rssLimitMb: 48,
  workerPid: 52,
  rngState: 56,
  mutationCount: 72,
  peakRssMb: 76,
  baseSha1: 80,
  slowestUs: 100,
  flags: 104,
  stopRequested: 108,
  mutationIds: 112,
  newUnits: 176,
  stackLen: 180,
} as const;

/** enum bf_crash_kind */
export const CRASH = {
  none: 0,
  signal: 1,
  timeout: 2,
  oom: 3,
  sanitizer: 4,
  exit: 5,
  js: 6,
  /** LeakSanitizer found a leak after the input ran (native/leaks.c). */
  leak: 7,
} as const;

/** BF_FLAG_* bits of the header's flags word. */
export const FLAG = {
  /** An ASan runtime is present in the worker. */
  asan: 1,
  jsTarget: 2,
  /** The worker saved and reported its findings itself (-keep_going); its exit code says how it went. */
  reported: 4,
  /** The JS finding recorded is one -expected_errors names (Jazzer.js's -x): the run succeeds. */
  expected: 8,
} as const;

/** Exit codes of a worker the shim ends itself (libFuzzer's), and of a shim that cannot set up. */
export const SHIM_EXIT = {
  crash: 77,
  timeout: 70,
  oom: 71,
  shimFailure: 75,
  /** A deadly signal while the target was being loaded (dlopen: the loader or its constructors). */
  loadCrash: 76,
  /** The target opened an ASan-built library in a worker without the ASan runtime: restart with it. */
  needsAsan: 78,
} as const;

/** BF_LEAKS_* bits: what bf_leaks_setup found in the sanitizer runtime. */
export const LEAKS = {
  /** Malloc/free hooks installed: -malloc_limit_mb holds. */
  hooks: 1,
  /** LeakSanitizer on: an input that leaks is a finding. */
  lsan: 2,
} as const;

/** u32 indexes into struct bf_stats (byte offset / 4). */
export const STAT = {
  touchedCount: 0,
  newCount: 1,
  totalFeatures: 2,
  coveredEdges: 3,
  numEdges: 4,
  numModules: 5,
  numPcs: 6,
  lastResult: 7,
  lastExecNs: 8,
  rareCount: 9,
  /** First pseudo-edge of the stack-depth block (its 32 edges hold features, not edges). */
  depthEdge: 10,
  /** Compare callbacks during the last execution: its cost, deterministically (0 without trace-cmp). */
  work: 11,
  /** First pseudo-edge of the value-profile block (0 while -use_value_profile is off). */
  vpEdge: 12,
} as const;
export const STATS_WORDS = 13;
export const MAX_RARE_HITS = 256;
/** Pseudo-edges of the stack-depth block registered by bf_init (features, not edges). */
export const DEPTH_EDGES = 32;
/** Bits of the value-profile map (libFuzzer's ValueBitMap); its block spans VP_EDGES pseudo-edges, 8 bits each. */
export const VP_BITS = 65536;
export const VP_EDGES = VP_BITS / 8;
export const MAX_EDGES = 1 << 24;
/** Bytes of the crash stack area after the input slot (BF_STACK_BYTES). */
export const STACK_BYTES = 16384;

export const CMP_INT_SLOTS = 512;
export const CMP_MEM_SLOTS = 64;
export const CMP_MEM_BYTES = 64;
/** Byte offsets inside struct bf_cmp_int, bf_cmp_mem and bf_cmp_log. */
export const CMP_INT = { a: 0, b: 8, size: 16, flags: 20 } as const;
export const CMP_MEM = { lenA: 0, lenB: 4, a: 8, b: 8 + CMP_MEM_BYTES } as const;
export const CMP_INT_SIZE = 24;
export const CMP_MEM_SIZE = 8 + 2 * CMP_MEM_BYTES;
export const CMP_INTS_OFFSET = 8;
export const CMP_MEMS_OFFSET = CMP_INTS_OFFSET + CMP_INT_SLOTS * CMP_INT_SIZE;
export const CMP_LOG_SIZE = CMP_MEMS_OFFSET + CMP_MEM_SLOTS * CMP_MEM_SIZE;

/** The compare trace of the input-to-state stage (struct bf_trace, bf_trace_entry; shim.h). */
export const TRACE_ENTRIES = 1024;
export const TRACE_PER_SITE = 2;
export const TRACE_POOL = TRACE_ENTRIES * 2 * CMP_MEM_BYTES;
/** Set in an entry's size for a memory compare; the low bits are then its length. */
export const TRACE_MEM = 0x80000000;
/** Set with TRACE_MEM for string operands (strcmp, strncmp), NUL-padded to the entry's length. */
export const TRACE_STR = 0x40000000;
export const TRACE_ENTRY = { a: 0, b: 8, site: 16, size: 20 } as const;
export const TRACE_ENTRY_SIZE = 24;
export const TRACE = { count: 0, poolUsed: 4, e: 8, pool: 8 + TRACE_ENTRIES * TRACE_ENTRY_SIZE } as const;
export const TRACE_SIZE = TRACE.pool + TRACE_POOL;

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The engine's table as the header's rows: `group.name` to value (see BF_HEADER_FIELDS and the rest). */
export function engineLayout(): Map<string, number> {
  const rows = new Map<string, number>();
  const group = (g: string, o: Record<string, number>, scale = 1) => {
    for (const [k, v] of Object.entries(o)) rows.set(`${g}.${snake(k)}`, v * scale);
  };
  group("hdr", HDR);
  group("stats", STAT, 4);
  group("cmp_int", CMP_INT);
  group("cmp_mem", CMP_MEM);
  group("cmp_log", { writes: 0, ints: CMP_INTS_OFFSET, mems: CMP_MEMS_OFFSET });
  group("trace_entry", TRACE_ENTRY);
  group("trace", TRACE);
  group("size", {
    bf_header: BF_HEADER_SIZE, bf_stats: STATS_WORDS * 4, bf_cmp_int: CMP_INT_SIZE, bf_cmp_mem: CMP_MEM_SIZE, bf_cmp_log: CMP_LOG_SIZE,
    bf_trace_entry: TRACE_ENTRY_SIZE, bf_trace: TRACE_SIZE,
  });
  group("const", {
    abiVersion: BF_ABI_VERSION, maxMutations: BF_MAX_MUTATIONS, maxEdges: MAX_EDGES, depthEdges: DEPTH_EDGES,
    vpBits: VP_BITS, vpEdges: VP_EDGES,
    maxRareHits: MAX_RARE_HITS, cmpIntSlots: CMP_INT_SLOTS, cmpMemSlots: CMP_MEM_SLOTS, cmpMemBytes: CMP_MEM_BYTES,
    traceEntries: TRACE_ENTRIES, tracePerSite: TRACE_PER_SITE, tracePool: TRACE_POOL, traceMem: TRACE_MEM, traceStr: TRACE_STR,
    stackBytes: STACK_BYTES,
  });
  group("crash", CRASH);
  group("flag", FLAG);
  group("exit", SHIM_EXIT);
  group("leaks", LEAKS);
  return rows;
}

/** Parses bf_layout()'s "group.name=value" lines. */
export function parseLayout(text: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) rows.set(line.slice(0, eq), Number(line.slice(eq + 1)));
  }
  return rows;
}

/**
 * Compares the shim's rows with the engine's, both ways. Returns the first difference as a phrase
 * ("hdr.exec_count is 24 in the shim and 32 in the engine"), or undefined when they agree.
 */
export function layoutDifference(shim: Map<string, number>, engine = engineLayout()): string | undefined {
  for (const [name, v] of engine) {
    const s = shim.get(name);
    if (s === undefined) return `${name} is missing from the shim (the engine has ${v})`;
    if (s !== v) return `${name} is ${s} in the shim and ${v} in the engine`;
  }
  for (const [name, v] of shim) if (!engine.has(name)) return `${name} (${v}) is in the shim but not in the engine`;
  return undefined;
}
