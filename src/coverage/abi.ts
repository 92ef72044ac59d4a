/**
 * The shim's ABI, mirrored from native/shim.h. Every number here must match that header;
 * ffi.ts checks BF_ABI_VERSION and the header size against the loaded shim at start-up, and
 * test/unit/abi.test.ts checks these offsets against the header text.
 */
export const BF_ABI_VERSION = 5;
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
} as const;

export const FLAG_ASAN = 1;
export const FLAG_JS_TARGET = 2;
/** The worker saved and reported its findings itself (-keep_going); its exit code says how it went. */
export const FLAG_REPORTED = 4;

/** u32 indexes into struct bf_stats */
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
} as const;
export const MAX_RARE_HITS = 256;
/** Pseudo-edges of the stack-depth block registered by bf_init (features, not edges). */
export const DEPTH_EDGES = 32;
export const STATS_WORDS = 12;

export const CMP_INT_SLOTS = 512;
export const CMP_MEM_SLOTS = 64;
export const CMP_MEM_BYTES = 64;
/** struct bf_cmp_int is 24 bytes: u64 a, u64 b, u32 size, u32 flags. */
export const CMP_INT_SIZE = 24;
/** struct bf_cmp_mem is 8 + 2*CMP_MEM_BYTES bytes. */
export const CMP_MEM_SIZE = 8 + 2 * CMP_MEM_BYTES;
export const CMP_INTS_OFFSET = 8;
export const CMP_MEMS_OFFSET = CMP_INTS_OFFSET + CMP_INT_SLOTS * CMP_INT_SIZE;
export const CMP_LOG_SIZE = CMP_MEMS_OFFSET + CMP_MEM_SLOTS * CMP_MEM_SIZE;
