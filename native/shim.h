/*
 * bunfuzz shim ABI. This header is the contract between native/shim.c and the TypeScript engine
 * (src/coverage/abi.ts mirrors every number here; src/coverage/ffi.ts checks BF_ABI_VERSION and
 * the header size at start-up and refuses to run on a mismatch).
 *
 * Two kinds of memory:
 *
 *  1. The SHARED region: a file (normally under /dev/shm) that the worker maps and the supervisor
 *     reads after the worker dies. It holds only what a post-mortem needs: the header below and the
 *     input slot. Ownership: during an execution only the worker writes it; the supervisor reads it
 *     only after the worker has exited, so no locking is needed.
 *
 *       offset 0                : struct bf_header (BF_HEADER_SIZE bytes)
 *       offset BF_HEADER_SIZE   : input slot (input_capacity bytes). The engine mutates the input
 *                                 here, in place, before each execution: a crashing input is
 *                                 always recoverable, whatever killed the process.
 *
 *  2. PRIVATE worker memory owned by the shim and viewed zero-copy by TypeScript: coverage counters
 *     for trace-pc-guard and JS probes (inline 8-bit counters stay in their module), the seen-feature
 *     map, the per-execution feature lists and the compare log. The supervisor never needs these.
 *
 * Features: edge e with hit count c gives feature e*8 + bucket(c), buckets 1,2,3,4-7,8-15,16-31,
 * 32-127,128+. Edge ids are global across modules and never collide: each module (native inline
 * counters, native guards, a JS counter block) gets a contiguous range when it registers.
 * bf_init also registers a block of 32 pseudo-edges for stack depth (libFuzzer's feature for
 * -fsanitize-coverage=stack-depth): an execution of a native harness that went d words deep
 * touches one feature of that block, chosen by libFuzzer's step function of d. Those features count
 * in ft: and never in cov:.
 */
#ifndef BUNFUZZ_SHIM_H
#define BUNFUZZ_SHIM_H

#include <stddef.h>
#include <stdint.h>

#define BF_ABI_VERSION 5u
#define BF_MAGIC 0x315a5a5546534642ull /* "BFSFUZZ1" little-endian */
#define BF_HEADER_SIZE 256u
#define BF_MAX_MUTATIONS 64u
#define BF_MAX_EDGES (1u << 24)
#define BF_DEPTH_EDGES 32u /* pseudo-edges of the stack-depth block (see Features above) */

/* Why the worker stopped, as recorded before it died. Written by the shim (signals, watchdog,
 * sanitizer death callback, exit inside the target); read by the supervisor. */
enum bf_crash_kind {
  BF_CRASH_NONE = 0,
  BF_CRASH_SIGNAL = 1,    /* deadly signal while the target ran */
  BF_CRASH_TIMEOUT = 2,   /* watchdog: one input ran longer than timeout_ms */
  BF_CRASH_OOM = 3,       /* watchdog: RSS above rss_limit_mb */
  BF_CRASH_SANITIZER = 4, /* a sanitizer (ASan, UBSan) reported and is exiting */
  BF_CRASH_EXIT = 5,      /* the target called exit() */
  BF_CRASH_JS = 6         /* a JS target threw (written by the TypeScript engine) */
};

/* The shared header. Field order and offsets are part of the ABI (see BF_OFF_* below). */
struct bf_header {
  uint64_t magic;            /* 0   BF_MAGIC */
  uint32_t abi_version;      /* 8   BF_ABI_VERSION */
  uint32_t header_size;      /* 12  BF_HEADER_SIZE */
  uint32_t input_capacity;   /* 16  bytes in the input slot */
  uint32_t input_len;        /* 20  length of the input being executed */
  uint64_t exec_count;       /* 24  executions started (incremented before each call) */
  uint32_t in_target;        /* 32  1 while target code runs on the main thread */
  uint32_t crash_kind;       /* 36  enum bf_crash_kind */
  int32_t crash_signal;      /* 40  signal number for BF_CRASH_SIGNAL */
  uint32_t timeout_ms;       /* 44  per-input limit; 0 = none */
  uint32_t rss_limit_mb;     /* 48  0 = none */
  uint32_t worker_pid;       /* 52 */
  uint32_t rng_state[4];     /* 56  engine RNG state before this input's mutations (TS writes) */
  uint32_t mutation_count;   /* 72  number of ids in mutation_ids (TS writes) */
  uint32_t peak_rss_mb;      /* 76  watchdog's latest peak */
  uint8_t base_sha1[20];     /* 80  sha1 of the corpus entry this input was mutated from (TS) */
  uint32_t slowest_us;       /* 100 slowest execution so far, microseconds */
  uint32_t flags;            /* 104 BF_FLAG_* */
  uint32_t stop_requested;   /* 108 set by SIGINT/SIGTERM; the engine stops at its next clock check */
  uint8_t mutation_ids[BF_MAX_MUTATIONS]; /* 112 mutator table indexes, in order applied (TS) */
  uint8_t reserved[BF_HEADER_SIZE - 176]; /* 176 .. 256 */
};

#define BF_FLAG_ASAN 1u     /* an ASan runtime is present in the worker */
#define BF_FLAG_JS_TARGET 2u
#define BF_FLAG_REPORTED 4u /* the worker saved and reported its findings itself (-keep_going) */

/* Per-execution results, in private memory (see bf_stats()). All counts are features unless named. */
struct bf_stats {
  uint32_t touched_count;  /* 0  features of the last execution, in bf_touched() (sorted ascending) */
  uint32_t new_count;      /* 4  of those, features never seen before, in bf_new_features() */
  uint32_t total_features; /* 8  distinct features seen so far (libFuzzer's ft:) */
  uint32_t covered_edges;  /* 12 edges with at least one feature (libFuzzer's cov:) */
  uint32_t num_edges;      /* 16 edge ids allocated so far (size of the map) */
  uint32_t num_modules;    /* 20 counter regions registered */
  uint32_t num_pcs;        /* 24 entries in pc tables seen */
  int32_t last_result;     /* 28 return value of LLVMFuzzerTestOneInput */
  uint32_t last_exec_ns;   /* 32 duration of the last execution (saturates at ~4.29 s) */
  uint32_t rare_count;     /* 36 features of the last execution marked rare, in bf_rare_hits() */
  uint32_t depth_edge;     /* 40 first pseudo-edge of the stack-depth block (0 before bf_init) */
  uint32_t work;           /* 44 compare callbacks (trace-cmp, switch, memcmp/strcmp hooks) during the last
                            *    execution (bf_run, or since bf_set_in_target(1) for a JS target): a
                            *    deterministic measure of its cost; 0 without native trace-cmp code */
};

/* At most this many rare-feature hits are listed per execution (the rest are dropped). */
#define BF_MAX_RARE_HITS 256u

/* Compare log, in private memory (see bf_cmp_log()). Only failed comparisons are recorded, so the
 * equal path costs one compare. Slots are chosen by hashing the operands (never the call site: ASLR would make seeded runs unrepeatable); a later
 * compare may overwrite an earlier one. TypeScript reads it after an execution. */
#define BF_CMP_INT_SLOTS 512u
#define BF_CMP_MEM_SLOTS 64u
#define BF_CMP_MEM_BYTES 64u
struct bf_cmp_int {   /* 24 bytes */
  uint64_t a, b;      /* operands */
  uint32_t size;      /* operand size in bytes (1, 2, 4, 8); 0 = empty slot */
  uint32_t flags;     /* 1 = one operand is a compile-time constant */
};
struct bf_cmp_mem {   /* 136 bytes */
  uint32_t len_a, len_b; /* bytes stored; 0 = empty slot */
  uint8_t a[BF_CMP_MEM_BYTES], b[BF_CMP_MEM_BYTES];
};
struct bf_cmp_log {
  uint64_t writes;    /* total records written (a cheap "anything new?" signal) */
  struct bf_cmp_int ints[BF_CMP_INT_SLOTS];
  struct bf_cmp_mem mems[BF_CMP_MEM_SLOTS];
};

/* Functions TypeScript calls (src/coverage/ffi.ts). Return 0 on success unless stated. */
uint32_t bf_abi_version(void);
/* Create and map the shared region at path (truncating it), install crash handlers and start the
 * watchdog. Returns 0, or -errno. */
int32_t bf_init(const char *shm_path, uint32_t input_capacity, uint32_t timeout_ms, uint32_t rss_limit_mb);
struct bf_header *bf_header(void);
struct bf_stats *bf_stats(void);
uint32_t *bf_touched(void);
uint32_t *bf_new_features(void);
struct bf_cmp_log *bf_cmp_log(void);
uint8_t *bf_seen(void);
/* Per feature: how many executions have touched it (saturating at 65535). The rare-feature
 * schedule reads it; counting costs one increment per touched feature in bf_collect. */
uint16_t *bf_feature_freq(void);
/* Per feature: 1 if the engine's entropic schedule counts it as rare. The engine writes it; the
 * shim lists the rare features each execution touches in bf_rare_hits(). */
uint8_t *bf_rare_flags(void);
uint32_t *bf_rare_hits(void);
/* dlopen a libFuzzer-style target (RTLD_NOW, after making the shim global so the target's
 * undefined __sanitizer_cov_* resolve to it). Returns 0, or 1 if it cannot be opened, 2 if it has no
 * LLVMFuzzerTestOneInput; err receives the reason. */
int32_t bf_load_target(const char *path, char *err, uint32_t err_len);
/* dlopen an instrumented library (no harness needed) so its callbacks bind to the shim; the
 * engine then calls it through bun:ffi. Returns 0, or 1 with the reason in err. */
int32_t bf_load_library(const char *path, char *err, uint32_t err_len);
/* Bit set of optional hooks the target defines: 1 Initialize, 2 CustomMutator, 4 CustomCrossOver. */
uint32_t bf_target_hooks(void);
int32_t bf_call_initialize(const char *argv0);
/* Run the input in the slot (len bytes) once and collect its features. Returns the number of new
 * features, or -1 if the target rejected the input (returned -1), which never adds features. */
int32_t bf_run(uint32_t len);
/* Run without collecting: counters are cleared, no feature is recorded. */
void bf_run_discard(uint32_t len);
/* Allocate n counters for non-native probes (JS); returns their first edge id. */
uint32_t bf_alloc_counters(uint32_t n);
uint8_t *bf_counters(void);
/* Collect features from whatever ran since the last collect (JS targets run outside bf_run). */
int32_t bf_collect(uint32_t len);
void bf_set_in_target(uint32_t on);
/* Zero every counter without recording features (a run whose coverage must not count). */
void bf_reset_counters(void);
/* -close_fd_mask: point fd at /dev/null for the rest of the process. Returns a duplicate of what
 * fd was (the engine keeps writing its own lines there), or -1 with errno set. */
int32_t bf_silence_fd(int32_t fd);
/* The engine's default mutators, for targets whose LLVMFuzzerCustomMutator calls LLVMFuzzerMutate
 * (the shim exports LLVMFuzzerMutate and forwards to this function pointer, a JS callback). */
typedef size_t (*bf_mutate_fn)(uint8_t *data, size_t size, size_t max_size);
void bf_set_default_mutator(bf_mutate_fn fn);
/* LLVMFuzzerCustomMutator / CustomCrossOver on the slot; return the new size (0 if absent). */
uint32_t bf_custom_mutate(uint32_t len, uint32_t max_len, uint32_t seed);
uint32_t bf_custom_crossover(const uint8_t *other, uint32_t other_len, uint32_t len, uint32_t max_len, uint32_t seed);

#endif
