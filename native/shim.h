/*
 * bunfuzz shim ABI. This header is the one source of the contract between the shim (the C files in native/) and the
 * TypeScript engine: every offset, size and code is a row of the layout tables at the end of the
 * type definitions, checked by the compiler against the structs and, through bf_layout(), by the
 * engine against its own table (src/coverage/abi.ts) each time a shim is opened.
 *
 * Two kinds of memory:
 *
 *  1. The SHARED region: a file (normally under /dev/shm) that the worker maps and the supervisor
 *     reads after the worker dies. It holds only what a post-mortem needs: the header below, the
 *     input slot and the crash stack. Ownership: during an execution only the worker writes it; the supervisor reads it
 *     only after the worker has exited, so no locking is needed.
 *
 *       offset 0                : struct bf_header (BF_HEADER_SIZE bytes)
 *       offset BF_HEADER_SIZE   : input slot (input_capacity bytes). The engine mutates the input
 *                                 here, in place, before each execution: a crashing input is
 *                                 always recoverable, whatever killed the process.
 *       after the input slot    : crash stack area (BF_STACK_BYTES), written once as the worker
 *                                 dies (see BF_STACK_BYTES).
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
 *
 * Value profile (-use_value_profile=1, bf_value_profile): a block of BF_VP_EDGES pseudo-edges whose
 * counter bytes are not counts but bits of libFuzzer's 64 Ki-bit value map: bit i is feature
 * first*8 + i (each byte's bits take the place of its hit-count buckets), so the one collection
 * loop records, orders and counts them like any other feature, and never in cov:. The compare
 * callbacks set the bits, as libFuzzer's TracePC does, from the operands' Hamming and arithmetic
 * distance per call site (PC * 128 + distance; memcmp-like calls: common prefix length and the
 * first differing byte); JS compare hooks set them through bf_vp_map() with the site id as PC.
 */
#ifndef BUNFUZZ_SHIM_H
#define BUNFUZZ_SHIM_H

#include <stddef.h>
#include <stdint.h>

#define BF_ABI_VERSION 10u
#define BF_MAGIC 0x315a5a5546534642ull /* "BFSFUZZ1" little-endian */
#define BF_HEADER_SIZE 256u
#define BF_MAX_MUTATIONS 64u
#define BF_MAX_EDGES (1u << 24)
#define BF_DEPTH_EDGES 32u /* pseudo-edges of the stack-depth block (see Features above) */
#define BF_VP_BITS 65536u  /* bits of the value-profile map (libFuzzer's ValueBitMap) */
#define BF_VP_EDGES (BF_VP_BITS / 8u) /* pseudo-edges of the value-profile block: 8 bits each */
/* The crash stack area, after the input slot: the target's stack when the shim ended the worker
 * (deadly signal, exit in the target, timeout, RSS limit), one line per frame, innermost first:
 * "PC MODULE_OFFSET MODULE_PATH\n" (hex with 0x). Only the target's frames: the shim's, Bun's and
 * JIT code's are left out. PC is the frame's instruction (a return address less one below the
 * top). The supervisor symbolizes it after the worker died; header.stack_len says how much there is. */
#define BF_STACK_BYTES 16384u

/* Why the worker stopped, as recorded before it died. Written by the shim (signals, watchdog,
 * sanitizer death callback, exit inside the target); read by the supervisor. */
enum bf_crash_kind {
  BF_CRASH_NONE = 0,
  BF_CRASH_SIGNAL = 1,    /* deadly signal while the target ran */
  BF_CRASH_TIMEOUT = 2,   /* watchdog: one input ran longer than timeout_ms */
  BF_CRASH_OOM = 3,       /* watchdog: RSS above rss_limit_mb */
  BF_CRASH_SANITIZER = 4, /* a sanitizer (ASan, UBSan) reported and is exiting */
  BF_CRASH_EXIT = 5,      /* the target called exit() */
  BF_CRASH_JS = 6,        /* a JS target threw (written by the TypeScript engine) */
  BF_CRASH_LEAK = 7       /* LeakSanitizer found a leak after the input ran (leaks.c) */
};

/* Exit codes of a worker that the shim ends itself (libFuzzer's: -error_exitcode, -timeout_exitcode,
 * and its RSS-limit code), and the one for a shim that cannot set itself up. */
#define BF_EXIT_CRASH 77
#define BF_EXIT_TIMEOUT 70
#define BF_EXIT_OOM 71
#define BF_EXIT_SHIM_FAILURE 75
#define BF_EXIT_LOAD_CRASH 76 /* a deadly signal while dlopen ran (the loader, or the target's constructors) */
#define BF_EXIT_NEEDS_ASAN 78 /* the target opens an ASan-built library and the worker has no ASan
                               * runtime (it can only be preloaded): the supervisor restarts the
                               * worker with it (bf_exit_needs_asan) */

/* The shared header. Offsets are part of the ABI: BF_HEADER_FIELDS below states each one, the
 * compiler checks it, and the engine compares its own table with bf_layout() at start-up. */
struct bf_header {
  uint64_t magic;            /* BF_MAGIC */
  uint32_t abi_version;      /* BF_ABI_VERSION */
  uint32_t header_size;      /* BF_HEADER_SIZE */
  uint32_t input_capacity;   /* bytes in the input slot */
  uint32_t input_len;        /* length of the input being executed */
  uint64_t exec_count;       /* executions started (incremented before each call) */
  uint32_t in_target;        /* 1 while target code runs on the main thread */
  uint32_t crash_kind;       /* enum bf_crash_kind */
  int32_t crash_signal;      /* signal number for BF_CRASH_SIGNAL */
  uint32_t timeout_ms;       /* per-input limit; 0 = none */
  uint32_t rss_limit_mb;     /* 0 = none */
  uint32_t worker_pid;
  uint32_t rng_state[4];     /* the engine RNG's state when the current input's first mutation was
                              * chosen (TS writes it once per input taken from the corpus) */
  uint32_t mutation_count;   /* mutations applied to the input now in the slot (TS writes) */
  uint32_t peak_rss_mb;      /* watchdog's latest peak */
  uint8_t base_sha1[20];     /* sha1 of the corpus entry this input was mutated from (TS) */
  uint32_t slowest_us;       /* slowest execution so far, microseconds */
  uint32_t flags;            /* BF_FLAG_* */
  uint32_t stop_requested;   /* set by SIGINT/SIGTERM in the worker, or by the supervisor when it
                              * is signalled; the engine stops after the current input */
  uint8_t mutation_ids[BF_MAX_MUTATIONS]; /* mutator table indexes, in order applied; the first
                              * min(mutation_count, BF_MAX_MUTATIONS) are valid (TS) */
  uint32_t new_units;        /* inputs added to the corpus by mutation (TS writes; the supervisor's
                              * final stats for a worker it had to kill) */
  uint32_t stack_len;        /* bytes written to the crash stack area (see BF_STACK_BYTES) */
  uint8_t reserved[BF_HEADER_SIZE - 184];
};

#define BF_FLAG_ASAN 1u     /* an ASan runtime is present in the worker */
#define BF_FLAG_JS_TARGET 2u
#define BF_FLAG_REPORTED 4u /* the worker saved and reported its findings itself (-keep_going) */
#define BF_FLAG_EXPECTED 8u /* the JS finding recorded is one -expected_errors names (TS only) */

/* What bf_leaks_setup found in the sanitizer runtime (leaks.c). */
#define BF_LEAKS_HOOKS 1u /* malloc/free hooks installed: -malloc_limit_mb holds */
#define BF_LEAKS_LSAN 2u  /* LeakSanitizer is on: inputs that leak are findings */

/* Per-execution results, in private memory (see bf_stats()). All counts are features unless named.
 * TypeScript reads it as u32 words: a field's index is its offset / 4. */
struct bf_stats {
  uint32_t touched_count;  /* features of the last execution, in bf_touched() (sorted ascending) */
  uint32_t new_count;      /* of those, features never seen before, in bf_new_features() */
  uint32_t total_features; /* distinct features seen so far (libFuzzer's ft:) */
  uint32_t covered_edges;  /* edges with at least one feature (libFuzzer's cov:) */
  uint32_t num_edges;      /* edge ids allocated so far (size of the map) */
  uint32_t num_modules;    /* counter regions registered */
  uint32_t num_pcs;        /* entries in pc tables seen */
  int32_t last_result;     /* return value of LLVMFuzzerTestOneInput */
  uint32_t last_exec_ns;   /* duration of the last execution (saturates at ~4.29 s) */
  uint32_t rare_count;     /* features of the last execution marked rare, in bf_rare_hits() */
  uint32_t depth_edge;     /* first pseudo-edge of the stack-depth block (0 before bf_init) */
  uint32_t work;           /* compare callbacks (trace-cmp, switch, memcmp/strcmp hooks) during the last
                            * execution (bf_run, or since bf_set_in_target(1) for a JS target): a
                            * deterministic measure of its cost; 0 without native trace-cmp code. For a
                            * JS target the executor then adds the JS work (loop iterations of
                            * instrumented code) after bf_collect */
  uint32_t vp_edge;        /* first pseudo-edge of the value-profile block (0 while it is off) */
};

/* At most this many rare-feature hits are listed per execution (the rest are dropped). */
#define BF_MAX_RARE_HITS 256u

/* Compare log, in private memory (see bf_cmp_log()). Only failed comparisons are recorded, so the
 * equal path costs one compare. Slots are chosen by hashing the operands (never the call site: ASLR
 * would make seeded runs unrepeatable); a later compare may overwrite an earlier one. TypeScript
 * reads it after an execution, and JS compare hooks write it in the same layout. */
#define BF_CMP_INT_SLOTS 512u
#define BF_CMP_MEM_SLOTS 64u
#define BF_CMP_MEM_BYTES 64u
struct bf_cmp_int {
  uint64_t a, b;      /* operands */
  uint32_t size;      /* operand size in bytes (1, 2, 4, 8); 0 = empty slot */
  uint32_t flags;     /* 1 = one operand is a compile-time constant */
};
struct bf_cmp_mem {
  uint32_t len_a, len_b; /* bytes stored; 0 = empty slot */
  uint8_t a[BF_CMP_MEM_BYTES], b[BF_CMP_MEM_BYTES];
};
struct bf_cmp_log {
  uint64_t writes;    /* total records written (a cheap "anything new?" signal) */
  struct bf_cmp_int ints[BF_CMP_INT_SLOTS];
  struct bf_cmp_mem mems[BF_CMP_MEM_SLOTS];
};

/* Compare trace, in private memory (see bf_trace_log()), for the input-to-state stage: while
 * tracing is on (bf_trace), each execution lists its failed compares in the order they ran, with
 * the call site, at most BF_TRACE_PER_SITE per site (a loop's compares would fill it otherwise) and
 * BF_TRACE_ENTRIES in all. An execution starts a new list. Integer entries hold the operands;
 * memory entries (size has BF_TRACE_MEM set, and BF_TRACE_STR for strings; the low bits are the length,
 * at most BF_CMP_MEM_BYTES) hold offsets into the pool, where both operands' bytes are. The site is the low 32 bits of the PC:
 * it identifies a compare within one process, and the engine never lets it steer a random choice. */
#define BF_TRACE_ENTRIES 1024u
#define BF_TRACE_PER_SITE 2u
#define BF_TRACE_POOL (BF_TRACE_ENTRIES * 2u * BF_CMP_MEM_BYTES)
#define BF_TRACE_MEM 0x80000000u
#define BF_TRACE_STR 0x40000000u /* with BF_TRACE_MEM: string operands, NUL-padded to the length */
struct bf_trace_entry {
  uint64_t a, b;
  uint32_t site;
  uint32_t size;
};
struct bf_trace {
  uint32_t count;     /* entries of the last traced execution */
  uint32_t pool_used; /* bytes of the pool used */
  struct bf_trace_entry e[BF_TRACE_ENTRIES];
  uint8_t pool[BF_TRACE_POOL];
};

/* ---- The layout, stated once and checked on both sides ------------------------------------ */
/* Every offset, size, index and code the engine relies on is a row below. The compiler checks
 * each offset and size against the structs (_Static_assert in layout.c), and bf_layout() exports
 * every row by name: src/coverage/abi.ts compares its own table with it when a shim is opened
 * and refuses to run on any difference, naming the row. X(group, name, value). */
#define BF_HEADER_FIELDS(X)                                                                        \
  X(hdr, magic, 0) X(hdr, abi_version, 8) X(hdr, header_size, 12) X(hdr, input_capacity, 16)      \
  X(hdr, input_len, 20) X(hdr, exec_count, 24) X(hdr, in_target, 32) X(hdr, crash_kind, 36)       \
  X(hdr, crash_signal, 40) X(hdr, timeout_ms, 44) X(hdr, rss_limit_mb, 48) X(hdr, worker_pid, 52) \
  X(hdr, rng_state, 56) X(hdr, mutation_count, 72) X(hdr, peak_rss_mb, 76) X(hdr, base_sha1, 80) \
  X(hdr, slowest_us, 100) X(hdr, flags, 104) X(hdr, stop_requested, 108) X(hdr, mutation_ids, 112) \
  X(hdr, new_units, 176) X(hdr, stack_len, 180)
#define BF_STATS_FIELDS(X)                                                                         \
  X(stats, touched_count, 0) X(stats, new_count, 4) X(stats, total_features, 8)                    \
  X(stats, covered_edges, 12) X(stats, num_edges, 16) X(stats, num_modules, 20)                    \
  X(stats, num_pcs, 24) X(stats, last_result, 28) X(stats, last_exec_ns, 32)                       \
  X(stats, rare_count, 36) X(stats, depth_edge, 40) X(stats, work, 44) X(stats, vp_edge, 48)
#define BF_CMP_FIELDS(X)                                                                           \
  X(cmp_int, a, 0) X(cmp_int, b, 8) X(cmp_int, size, 16) X(cmp_int, flags, 20)                     \
  X(cmp_mem, len_a, 0) X(cmp_mem, len_b, 4) X(cmp_mem, a, 8) X(cmp_mem, b, 72)                     \
  X(cmp_log, writes, 0) X(cmp_log, ints, 8) X(cmp_log, mems, 12296)                               \
  X(trace_entry, a, 0) X(trace_entry, b, 8) X(trace_entry, site, 16) X(trace_entry, size, 20)      \
  X(trace, count, 0) X(trace, pool_used, 4) X(trace, e, 8) X(trace, pool, 24584)
#define BF_SIZES(X)                                                                                \
  X(size, bf_header, 256) X(size, bf_stats, 52) X(size, bf_cmp_int, 24) X(size, bf_cmp_mem, 136)  \
  X(size, bf_cmp_log, 21000) X(size, bf_trace_entry, 24) X(size, bf_trace, 155656)
#define BF_CONSTANTS(X)                                                                            \
  X(const, abi_version, BF_ABI_VERSION) X(const, max_mutations, BF_MAX_MUTATIONS)                  \
  X(const, max_edges, BF_MAX_EDGES) X(const, depth_edges, BF_DEPTH_EDGES)                          \
  X(const, vp_bits, BF_VP_BITS) X(const, vp_edges, BF_VP_EDGES)                                    \
  X(const, max_rare_hits, BF_MAX_RARE_HITS) X(const, cmp_int_slots, BF_CMP_INT_SLOTS)              \
  X(const, cmp_mem_slots, BF_CMP_MEM_SLOTS) X(const, cmp_mem_bytes, BF_CMP_MEM_BYTES)              \
  X(const, trace_entries, BF_TRACE_ENTRIES) X(const, trace_per_site, BF_TRACE_PER_SITE)            \
  X(const, trace_pool, BF_TRACE_POOL) X(const, trace_mem, BF_TRACE_MEM)                            \
  X(const, trace_str, BF_TRACE_STR)                                                                \
  X(const, stack_bytes, BF_STACK_BYTES)                                                            \
  X(crash, none, BF_CRASH_NONE) X(crash, signal, BF_CRASH_SIGNAL) X(crash, timeout, BF_CRASH_TIMEOUT) \
  X(crash, oom, BF_CRASH_OOM) X(crash, sanitizer, BF_CRASH_SANITIZER) X(crash, exit, BF_CRASH_EXIT) \
  X(crash, js, BF_CRASH_JS) X(crash, leak, BF_CRASH_LEAK) X(flag, asan, BF_FLAG_ASAN) X(flag, js_target, BF_FLAG_JS_TARGET)      \
  X(flag, reported, BF_FLAG_REPORTED) X(flag, expected, BF_FLAG_EXPECTED) X(exit, crash, BF_EXIT_CRASH) X(exit, timeout, BF_EXIT_TIMEOUT) \
  X(exit, oom, BF_EXIT_OOM) X(exit, shim_failure, BF_EXIT_SHIM_FAILURE) \
  X(exit, load_crash, BF_EXIT_LOAD_CRASH) X(exit, needs_asan, BF_EXIT_NEEDS_ASAN) X(leaks, hooks, BF_LEAKS_HOOKS) \
  X(leaks, lsan, BF_LEAKS_LSAN)

/* Functions TypeScript calls (src/coverage/ffi.ts). Return 0 on success unless stated. */
uint32_t bf_abi_version(void);
/* Every row of the layout tables above as "group.name=value" lines (built once; owned by the shim). */
const char *bf_layout(void);
/* Create and map the shared region at path (truncating it), install crash handlers and start the
 * watchdog. Returns 0, or -errno. The supervisor passes "/dev/fd/3": a file it created and
 * already unlinked, so the region never outlives the two processes. */
int32_t bf_init(const char *shm_path, uint32_t input_capacity, uint32_t timeout_ms, uint32_t rss_limit_mb);
/* The worker dies with its supervisor: PR_SET_PDEATHSIG(SIGKILL), plus a check by the watchdog
 * thread every 100 ms that the parent is still parent_pid. Exits at once (status 1) if the parent
 * is already gone. Returns 0, or -errno if prctl failed (the watchdog check still applies). */
int32_t bf_die_with_parent(uint32_t parent_pid);
struct bf_header *bf_header(void);
struct bf_stats *bf_stats(void);
uint32_t *bf_touched(void);
uint32_t *bf_new_features(void);
struct bf_cmp_log *bf_cmp_log(void);
uint8_t *bf_seen(void);
/* Per feature: how many executions have touched it (saturating at 65535). The rare-feature
 * schedule reads it; counting costs one increment per touched feature in bf_collect. */
uint16_t *bf_feature_freq(void);
/* 1 (the default): count every touched feature's frequency; 0: only features bf_rare_flags marks
 * (the entropic schedule reads no other, and zeroes a feature's count when it marks it). */
void bf_count_frequencies(uint32_t all);
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
/* LLVMFuzzerInitialize(&argc, &argv) with argv built from args, argc NUL-terminated strings one after
 * the other (copied: the target may keep the pointers), argv[argc] = NULL as in main(). */
int32_t bf_call_initialize(const char *args, uint32_t argc);
/* Run the input in the slot (len bytes) once and collect its features. Returns the number of new
 * features, or -1 if the target rejected the input (returned -1), which never adds features. */
int32_t bf_run(uint32_t len);
/* Run without collecting: counters are cleared, no feature is recorded. */
void bf_run_discard(uint32_t len);
/* -use_value_profile: on registers the value-profile block (once) and has the compare callbacks
 * set its bits; returns the block's first pseudo-edge. Off stops the callbacks setting bits (the
 * block stays registered). */
uint32_t bf_value_profile(uint32_t on);
/* The value-profile map (BF_VP_BITS bits), for JS compare hooks; cleared by every collect. */
uint8_t *bf_vp_map(void);
/* Input-to-state stage: on makes each execution list its failed compares in bf_trace_log(). */
void bf_trace(uint32_t on);
struct bf_trace *bf_trace_log(void);
/* Allocate n counters for non-native probes (JS); returns their first edge id. */
uint32_t bf_alloc_counters(uint32_t n);
uint8_t *bf_counters(void);
/* Collect features from whatever ran since the last collect (JS targets run outside bf_run). */
int32_t bf_collect(uint32_t len);
void bf_set_in_target(uint32_t on);
/* Zero every counter without recording features (a run whose coverage must not count). */
void bf_reset_counters(void);
/* Counter region r in registration order (0 .. bf_stats.num_modules-1), for coverage reports: out[0]
 * its first global edge id, out[1] its number of counters, out[2] 1 if they are edges (0 for the
 * stack-depth block), out[3] the address of its pc table (out[1] pairs of pc and flags, flag bit 0 =
 * function entry; pc-table instrumentation only, else 0), out[4] the load address of the module
 * holding those pcs and out[5] its path (a C string owned by the dynamic linker), each 0 when
 * unknown. Returns 0, or -1 when r is out of range. (native/pctable.c) */
int32_t bf_region_info(uint32_t r, uint64_t *out);
/* -close_fd_mask: point fd at /dev/null for the rest of the process. Returns a duplicate of what
 * fd was (the engine keeps writing its own lines there), or -1 with errno set. */
int32_t bf_silence_fd(int32_t fd);
/* ASan targets (leaks.c): install the sanitizer's malloc/free hooks when detect_leaks (as libFuzzer
 * does), so that an input after which LeakSanitizer finds a leak, or a single malloc of
 * malloc_limit_mb or more (0: none) inside the target, is a finding. Call once on the main thread
 * before any execution. Returns BF_LEAKS_* bits: 0 without a sanitizer runtime. */
uint32_t bf_leaks_setup(uint32_t detect_leaks, uint32_t malloc_limit_mb);
/* 1 while the initial corpus (or files given to run) executes: a leak then says so, as libFuzzer. */
void bf_leaks_seeding(uint32_t on);
/* Sends a sanitizer runtime's reports (ASan, UBSan, LSan) to fd (__sanitizer_set_report_fd): the
 * supervisor's report file, which it prints after the worker ends, without bunfuzz's own frames.
 * Returns 1, or 0 when no sanitizer runtime is in the process. */
int32_t bf_sanitizer_report_fd(int32_t fd);
/* Ends the worker at once with BF_EXIT_NEEDS_ASAN (no exit handlers: not the target's exit). */
void bf_exit_needs_asan(void);
/* The engine's default mutators, for targets whose LLVMFuzzerCustomMutator calls LLVMFuzzerMutate
 * (the shim exports LLVMFuzzerMutate and forwards to this function pointer, a JS callback). */
typedef size_t (*bf_mutate_fn)(uint8_t *data, size_t size, size_t max_size);
void bf_set_default_mutator(bf_mutate_fn fn);
/* LLVMFuzzerCustomMutator / CustomCrossOver on the slot; return the new size (0 if absent). */
uint32_t bf_custom_mutate(uint32_t len, uint32_t max_len, uint32_t seed);
uint32_t bf_custom_crossover(const uint8_t *other, uint32_t other_len, uint32_t len, uint32_t max_len, uint32_t seed);

#endif
