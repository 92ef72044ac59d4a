/*
 * Running the target: the execution buffer, one execution (timed, marked in the shared header for
 * the watchdog and the supervisor), its stack-depth feature, and the runs the engine asks for
 * (bf_run, bf_run_discard; bf_set_in_target brackets a JS target's execution instead).
 */
#include "internal.h"
#include "real.h"

HIDDEN bf_test_one_fn g_test_one;      /* set by bf_load_target (target.c) */
HIDDEN uint8_t *g_scratch;             /* CustomCrossOver output (target.c), a page-rounded input capacity */
static uint8_t *g_exec_end;            /* end of the execution buffer; a PROT_NONE page follows */

/* -fsanitize-coverage=stack-depth: every instrumented non-leaf function lowers this to its frame
 * address. Initial-exec as libFuzzer declares it (the instrumentation accesses it that way). The
 * shim sets it to the frame of execute() before each run and to 0 between runs, so code running
 * outside an execution never stores to it (an unsigned sp < 0 is never true). */
#if defined(__GLIBC__)
__attribute__((tls_model("initial-exec"))) __thread uintptr_t __sancov_lowest_stack;
#else
/* musl refuses to dlopen a library with initial-exec TLS ("initial-exec TLS resolves to dynamic
 * definition"), and macOS has no such model: the default one there. Targets built with stack-depth
 * reference the variable initial-exec, so under musl only targets built without it load. */
__thread uintptr_t __sancov_lowest_stack;
#endif

HIDDEN int run_buffers_init(uint32_t input_capacity) {
  /* Execution buffer: capacity rounded up to pages, then one PROT_NONE guard page. */
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t body = ((size_t)input_capacity + page - 1) / page * page;
  uint8_t *ex = mmap(NULL, body + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (ex == MAP_FAILED) return -errno;
  mprotect(ex + body, page, PROT_NONE);
  g_exec_end = ex + body;
  g_scratch = reserve(body);
  if (!g_scratch) return -ENOMEM;
  return 0;
}

/* ---- stack depth ------------------------------------------------------------------------ */

/* libFuzzer's feature for how deep an execution's stack went: one feature per step of a function
 * growing like 8*log2(depth in words), so deeper recursion is new coverage (a parser nesting one
 * more level) without one feature per byte. Features are held as counter values in a block of
 * BF_DEPTH_EDGES pseudo-edges: step s is pseudo-edge s/8 with the counter value whose bucket is s%8,
 * so the one collection loop records, counts and orders them like any other feature. */
static const uint8_t BUCKET_VALUE[8] = {1, 2, 3, 4, 8, 16, 32, 128};

static uint32_t depth_step(uintptr_t words) {
  if (!words) return 0;
  uint32_t log2 = 63u - (uint32_t)__builtin_clzll((unsigned long long)words);
  if (log2 < 3) return (uint32_t)words;
  log2 -= 3;
  return (log2 + 1) * 8 + (uint32_t)((words >> log2) & 7);
}

/* The block's counters live in g_counters at its edge ids, like every block registered without its own. */
static void record_depth(uintptr_t base, uintptr_t lowest) {
  if (!S.depth_edge || lowest == 0 || lowest >= base) return;
  uint32_t s = depth_step((base - lowest) / 8);
  if (s >= BF_DEPTH_EDGES * 8) s = BF_DEPTH_EDGES * 8 - 1;
  g_counters[S.depth_edge + (s >> 3)] = BUCKET_VALUE[s & 7];
}

/* ---- executions ------------------------------------------------------------------------- */

/* The input is copied so that it ends exactly at a PROT_NONE page: a read one byte past the end
 * faults even without ASan, and a target that writes to its input cannot corrupt the slot the
 * supervisor recovers from. */
static inline void execute(uint32_t len) {
  uint8_t *data = g_exec_end - len;
  memcpy(data, (uint8_t *)H + BF_HEADER_SIZE, len);
  H->input_len = len;
  H->exec_count++;
  uint64_t t0 = now_ns();
  uintptr_t base = (uintptr_t)__builtin_frame_address(0);
  __sancov_lowest_stack = base;
  S.work = 0;
  if (g_trace) trace_begin();
  if (g_leaks_active) leaks_before_run();
  /* Release, not seq-cst: the watchdog thread and the supervisor need the flag in order, not a
   * full fence (a locked xchg per store cost 4-5% of exec/s on a trivial target). */
  __atomic_store_n(&H->in_target, 1, __ATOMIC_RELEASE);
  g_recording = 1;
  S.last_result = g_test_one(data, len);
  g_recording = 0;
  __atomic_store_n(&H->in_target, 0, __ATOMIC_RELEASE);
  if (g_leaks_active) leaks_after_run();
  record_depth(base, __sancov_lowest_stack);
  __sancov_lowest_stack = 0;
  uint64_t ns = now_ns() - t0;
  S.last_exec_ns = ns > 0xffffffffull ? 0xffffffffu : (uint32_t)ns;
  uint32_t us = (uint32_t)(ns / 1000);
  if (us > H->slowest_us) H->slowest_us = us;
}

/* A run whose results must not show: for the leak check's second run of an input. The stats of
 * the run before it (its feature lists, result, cost) are what the engine reads. */
static void rerun_unrecorded(uint32_t len) {
  struct bf_stats kept = S;
  execute(len);
  collect(1);
  S = kept;
}

EXPORT int32_t bf_run(uint32_t len) {
  execute(len);
  int32_t fresh;
  if (S.last_result == -1) {
    collect(1);
    S.touched_count = S.new_count = 0;
    fresh = -1;
  } else {
    fresh = collect(0);
  }
  if (g_leaks_active) leaks_check(len, rerun_unrecorded);
  return fresh;
}

EXPORT void bf_run_discard(uint32_t len) {
  execute(len);
  collect(1);
}

/* A JS target's execution: the engine calls the target itself, between bf_set_in_target(1) and (0). */
EXPORT void bf_set_in_target(uint32_t on) {
  if (on) {
    H->exec_count++;
    S.work = 0; /* a JS execution starts: count the native compares it makes (an FFI library's) */
    if (g_trace) trace_begin();
  }
  g_recording = (int)on;
  __atomic_store_n(&H->in_target, on, __ATOMIC_SEQ_CST);
}
