/*
 * bunfuzz shim: the SanitizerCoverage runtime for targets run under Bun.
 *
 * It records and never decides: counters, features and compare operands go to memory that
 * TypeScript reads; which input to keep is the engine's business. The layout is in shim.h.
 *
 * Threads: the target runs on the JS main thread (g_main_thread) and on threads it starts itself
 * (crash.c tells those from Bun's under glibc). The watchdog thread only reads the header and, on a timeout or
 * RSS overflow, records the reason and ends the process.
 */
#include "internal.h"
#include "real.h"

#define MAX_REGIONS 1024

typedef int (*test_one_fn)(const uint8_t *, size_t);
typedef int (*init_fn)(int *, char ***);
typedef size_t (*mutator_fn)(uint8_t *, size_t, size_t, unsigned int);
typedef size_t (*crossover_fn)(const uint8_t *, size_t, const uint8_t *, size_t, uint8_t *, size_t, unsigned int);

/* A contiguous block of 8-bit counters and the global edge id of its first counter (its kind: see
 * enum region_kind in internal.h). */
struct region {
  uint8_t *counters;
  uint32_t first_edge;
  uint32_t n;
  uint32_t kind;
};

HIDDEN struct bf_header *H;           /* the shared region, mapped by bf_init */
HIDDEN char *g_stack_area;            /* the region's crash stack area (BF_STACK_BYTES) */
HIDDEN struct bf_stats S;
static struct region g_regions[MAX_REGIONS];
static uint32_t g_next_edge = 1;      /* edge 0 is never allocated: a zero guard means "off" */
static uint8_t *g_counters;           /* counters for guards and JS probes, indexed by edge id */
static uint8_t *g_seen;               /* per edge: bit set of buckets ever seen */
static uint32_t *g_touched, *g_new;   /* per-execution feature lists, capacity BF_MAX_EDGES */
static uint16_t *g_freq;              /* per feature: executions that touched it (saturating) */
static uint8_t *g_rare;               /* per feature: marked rare by the engine */
static uint32_t g_rare_hits[BF_MAX_RARE_HITS];
/* The compare log lives in the shim's own data, not in reserved memory: the callbacks then reach it
 * at a fixed offset from their code, with no pointer to load and no NULL to test. */
HIDDEN struct bf_cmp_log g_cmp[1];
static uint8_t *g_exec_end;           /* end of the execution buffer; a PROT_NONE page follows */
static uint8_t *g_scratch;            /* CustomCrossOver output */
static uint32_t g_capacity;
HIDDEN pthread_t g_main_thread;

static test_one_fn g_test_one;
static init_fn g_initialize;
static mutator_fn g_custom_mutator;
static crossover_fn g_custom_crossover;

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

HIDDEN uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

HIDDEN void *reserve(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* Where the shim's own report lines go: stderr, or its duplicate once -close_fd_mask silenced it
 * (libFuzzer keeps printing its own lines to the duplicate too). */
static int g_report_fd = 2;
static int g_sanitizer_fd_set;

HIDDEN void write_str(const char *s) {
  ssize_t r = write(g_report_fd, s, strlen(s));
  (void)r;
}

static int set_sanitizer_fd(int fd) {
  void (*set_fd)(void *) = (void (*)(void *))dlsym(RTLD_DEFAULT, "__sanitizer_set_report_fd");
  if (set_fd) set_fd((void *)(intptr_t)fd);
  return set_fd != NULL;
}

EXPORT void bf_exit_needs_asan(void) { _exit(BF_EXIT_NEEDS_ASAN); }

EXPORT int32_t bf_sanitizer_report_fd(int32_t fd) {
  g_sanitizer_fd_set = set_sanitizer_fd(fd);
  return g_sanitizer_fd_set;
}

/* ---- private memory ---------------------------------------------------------------------- */

/* Reserved lazily: instrumented modules may register (from their constructors) before bf_init. */
static int ensure_private(void) {
  if (g_seen) return 0;
  g_counters = reserve(BF_MAX_EDGES);
  g_seen = reserve(BF_MAX_EDGES);
  g_touched = reserve(BF_MAX_EDGES * sizeof(uint32_t));
  g_new = reserve(BF_MAX_EDGES * sizeof(uint32_t));
  g_freq = reserve((size_t)BF_MAX_EDGES * 8 * sizeof(uint16_t));
  g_rare = reserve((size_t)BF_MAX_EDGES * 8);
  if (!g_counters || !g_seen || !g_touched || !g_new || !g_freq || !g_rare) {
    write_str("bunfuzz shim: cannot reserve coverage memory\n");
    _exit(BF_EXIT_SHIM_FAILURE);
  }
  return 0;
}

HIDDEN uint32_t add_region_kind(uint8_t *counters, uint32_t n, enum region_kind kind) {
  ensure_private();
  if (S.num_modules >= MAX_REGIONS || g_next_edge + n >= BF_MAX_EDGES) {
    write_str("bunfuzz shim: too many instrumented modules or edges\n");
    _exit(BF_EXIT_SHIM_FAILURE);
  }
  uint32_t first = g_next_edge;
  g_regions[S.num_modules++] = (struct region){counters ? counters : g_counters + first, first, n, kind};
  g_next_edge += n;
  S.num_edges = g_next_edge;
  return first;
}

static uint32_t add_region(uint8_t *counters, uint32_t n) { return add_region_kind(counters, n, REGION_EDGES); }

HIDDEN int32_t region_at(uint32_t r, uint32_t *first_edge, uint32_t *n, uint32_t *is_edges) {
  if (r >= S.num_modules) return -1;
  *first_edge = g_regions[r].first_edge;
  *n = g_regions[r].n;
  *is_edges = g_regions[r].kind == REGION_EDGES;
  return 0;
}

/* ---- SanitizerCoverage callbacks --------------------------------------------------------- */

EXPORT void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop) {
  if (start < stop) add_region(start, (uint32_t)(stop - start));
}

EXPORT void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop) {
  if (start == stop || *start) return; /* already initialised (the module's ctor may run twice) */
  uint32_t n = (uint32_t)(stop - start);
  uint32_t first = add_region(NULL, n);
  for (uint32_t i = 0; i < n; i++) start[i] = first + i;
}

EXPORT void __sanitizer_cov_trace_pc_guard(uint32_t *guard) { g_counters[*guard]++; }


/* ---- feature collection ------------------------------------------------------------------ */

/* Hit count -> bucket 0..7 (1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+); index 0 is never read. */
static uint8_t BUCKET[256];

static void init_buckets(void) {
  for (int c = 1; c < 256; c++) BUCKET[c] = (uint8_t)(c == 1 ? 0 : c == 2 ? 1 : c == 3 ? 2 : c < 8 ? 3 : c < 16 ? 4 : c < 32 ? 5 : c < 128 ? 6 : 7);
}

/* Whether every touched feature's frequency is counted (the rare-feature schedule), or only those
 * marked rare (entropic, which zeroes a feature's count when it marks it). bf_count_frequencies. */
static uint8_t g_freq_all = 1;

/* What collect() fills, held in locals: once note() is inlined, the counts and pointers live in
 * registers (through globals, each store to a list made the compiler reload every count). */
struct sink {
  uint32_t *restrict touched, *restrict fresh, *restrict rare_hits;
  uint16_t *restrict freq;
  const uint8_t *restrict rare;
  uint8_t *restrict seen;
  uint32_t nt, nn, nr, covered, total;
  uint8_t freq_all;
};

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* Records feature edge*8+b as touched, counts it, and notes whether it is new. */
ALWAYS_INLINE void note(struct sink *k, uint32_t edge, uint32_t b, uint32_t is_edge) {
  uint8_t bit = (uint8_t)(1u << b);
  uint32_t feature = edge * 8 + b;
  k->touched[k->nt++] = feature;
  uint8_t rare = k->rare[feature];
  if ((rare | k->freq_all) && k->freq[feature] != 0xffff) k->freq[feature]++;
  if (rare && k->nr < BF_MAX_RARE_HITS) k->rare_hits[k->nr++] = feature;
  uint8_t seen = k->seen[edge];
  if (!(seen & bit)) {
    if (!seen) k->covered += is_edge;
    k->seen[edge] = seen | bit;
    k->total++;
    k->fresh[k->nn++] = feature;
  }
}

/* The features of one non-zero word of region bytes starting at `edge`, lowest byte first: a hit
 * count per byte, or (value-profile block) a bit set per byte. */
ALWAYS_INLINE void note_word(struct sink *k, uint64_t w, uint32_t edge, enum region_kind kind) {
  if (kind == REGION_BITS) {
    for (; w; w &= w - 1) {
      uint32_t b = (uint32_t)__builtin_ctzll(w);
      note(k, edge + (b >> 3), b & 7, 0);
    }
    return;
  }
  uint32_t is_edge = kind == REGION_EDGES;
  while (w) {
    uint32_t j = (uint32_t)__builtin_ctzll(w) >> 3;
    note(k, edge + j, BUCKET[(uint8_t)(w >> (j * 8))], is_edge);
    w &= ~(0xffull << (j * 8));
  }
}

/* One pass over every region: skip zero blocks, bucket, compare with the seen map, record, reset.
 * With discard set, only reset. Features come out in ascending order (regions are in edge order,
 * words low byte first). Blocks of 4 words are tested at once, and a non-zero word visits only its
 * non-zero bytes: on cJSON about half the words of an execution are zero, and one by one they cost
 * 11 instructions each (bench/results/native-overhead.md has the counts). */
HIDDEN int32_t collect(int discard) {
  struct sink k = {g_touched, g_new, g_rare_hits, g_freq, g_rare, g_seen, 0, 0, 0, S.covered_edges, S.total_features, g_freq_all};
  for (uint32_t r = 0; r < S.num_modules; r++) {
    uint8_t *p = g_regions[r].counters;
    uint32_t n = g_regions[r].n, e0 = g_regions[r].first_edge, i = 0;
    enum region_kind kind = (enum region_kind)g_regions[r].kind;
    for (; i + 32 <= n; i += 32) {
      uint64_t w[4];
      memcpy(w, p + i, 32);
      if (!(w[0] | w[1] | w[2] | w[3])) continue;
      memset(p + i, 0, 32);
      if (discard) continue;
      for (uint32_t q = 0; q < 4; q++) if (w[q]) note_word(&k, w[q], e0 + i + 8 * q, kind);
    }
    for (; i < n; i += 8) {
      uint64_t w = 0;
      uint32_t len = n - i < 8 ? n - i : 8;
      memcpy(&w, p + i, len);
      if (!w) continue;
      memset(p + i, 0, len);
      if (!discard) note_word(&k, w, e0 + i, kind);
    }
  }
  S.touched_count = k.nt;
  S.new_count = k.nn;
  S.rare_count = k.nr;
  S.covered_edges = k.covered;
  S.total_features = k.total;
  return (int32_t)k.nn;
}

EXPORT void bf_count_frequencies(uint32_t all) { g_freq_all = all ? 1 : 0; }

EXPORT int32_t bf_collect(uint32_t len) {
  (void)len;
  return collect(0);
}

EXPORT void bf_reset_counters(void) { collect(1); }

EXPORT int32_t bf_silence_fd(int32_t fd) {
  int keep = dup(fd);
  int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (keep < 0 || null_fd < 0 || dup2(null_fd, fd) < 0) {
    int e = errno;
    if (keep >= 0) close(keep);
    if (null_fd >= 0) close(null_fd);
    errno = e;
    return -1;
  }
  close(null_fd);
  if (fd == 2) {
    g_report_fd = keep;
    /* As libFuzzer: a sanitizer's report still reaches the real stderr (unless it has a file). */
    if (!g_sanitizer_fd_set) set_sanitizer_fd(keep);
  }
  return keep;
}

EXPORT void bf_set_in_target(uint32_t on) {
  if (on) {
    H->exec_count++;
    S.work = 0; /* a JS execution starts: count the native compares it makes (an FFI library's) */
    if (g_trace) trace_begin();
  }
  g_recording = (int)on;
  __atomic_store_n(&H->in_target, on, __ATOMIC_SEQ_CST);
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

EXPORT uint32_t bf_alloc_counters(uint32_t n) { return add_region(NULL, n); }

/* The value-profile map, and the pointer the compare callbacks test: NULL while the profile is off,
 * so an off profile costs each callback one load and a branch. */
static uint8_t g_vp_map[BF_VP_BITS / 8];
HIDDEN uint8_t *g_vp;

EXPORT uint32_t bf_value_profile(uint32_t on) {
  if (on && !S.vp_edge) S.vp_edge = add_region_kind(g_vp_map, BF_VP_EDGES, REGION_BITS);
  g_vp = on ? g_vp_map : NULL;
  g_cmp_extras = g_vp || g_trace;
  return S.vp_edge;
}

EXPORT uint8_t *bf_vp_map(void) { return g_vp_map; }

/* ---- set-up ------------------------------------------------------------------------------ */

EXPORT uint32_t bf_abi_version(void) { return BF_ABI_VERSION; }

EXPORT int32_t bf_init(const char *shm_path, uint32_t input_capacity, uint32_t timeout_ms, uint32_t rss_limit_mb) {
  ensure_private();
  init_buckets();
  size_t bytes = BF_HEADER_SIZE + (size_t)input_capacity + BF_STACK_BYTES;
  int fd = open(shm_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return -errno;
  if (ftruncate(fd, (off_t)bytes) != 0) { int e = errno; close(fd); return -e; }
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return -errno;
  H = p;
  g_stack_area = (char *)p + BF_HEADER_SIZE + input_capacity;
  H->magic = BF_MAGIC;
  H->abi_version = BF_ABI_VERSION;
  H->header_size = BF_HEADER_SIZE;
  H->input_capacity = input_capacity;
  H->timeout_ms = timeout_ms;
  H->rss_limit_mb = rss_limit_mb;
  H->worker_pid = (uint32_t)getpid();
  g_capacity = input_capacity;

  /* Execution buffer: capacity rounded up to pages, then one PROT_NONE guard page. */
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t body = ((size_t)input_capacity + page - 1) / page * page;
  uint8_t *ex = mmap(NULL, body + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (ex == MAP_FAILED) return -errno;
  mprotect(ex + body, page, PROT_NONE);
  g_exec_end = ex + body;
  g_scratch = reserve(body);
  if (!g_scratch) return -ENOMEM;

  if (!S.depth_edge) S.depth_edge = add_region_kind(NULL, BF_DEPTH_EDGES, REGION_FEATURES);

  g_main_thread = pthread_self();
  note_executable_range();
  install_handlers();
  if (start_watchdog() != 0) return -EAGAIN;
  return 0;
}

EXPORT struct bf_header *bf_header(void) { return H; }
EXPORT struct bf_stats *bf_stats(void) { return &S; }
EXPORT uint32_t *bf_touched(void) { ensure_private(); return g_touched; }
EXPORT uint32_t *bf_new_features(void) { ensure_private(); return g_new; }
EXPORT struct bf_cmp_log *bf_cmp_log(void) { ensure_private(); return g_cmp; }
EXPORT uint8_t *bf_seen(void) { ensure_private(); return g_seen; }
EXPORT uint16_t *bf_feature_freq(void) { ensure_private(); return g_freq; }
EXPORT uint8_t *bf_rare_flags(void) { ensure_private(); return g_rare; }
EXPORT uint32_t *bf_rare_hits(void) { ensure_private(); return g_rare_hits; }
EXPORT uint8_t *bf_counters(void) { ensure_private(); return g_counters; }

/* bun:ffi opened us RTLD_LOCAL; become global so a library's undefined callbacks bind to us. */
static void *open_global(const char *path, char *err, uint32_t err_len) {
  Dl_info self;
  if (dladdr((void *)&open_global, &self) && self.dli_fname)
    dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
  g_loading = 1;
  void *h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
  g_loading = 0;
  if (!h) snprintf(err, err_len, "%s", dlerror());
  else register_extra_counters();
  return h;
}

EXPORT int32_t bf_load_library(const char *path, char *err, uint32_t err_len) {
  return open_global(path, err, err_len) ? 0 : 1;
}

EXPORT int32_t bf_load_target(const char *path, char *err, uint32_t err_len) {
  void *h = open_global(path, err, err_len);
  if (!h) return 1;
  g_test_one = (test_one_fn)dlsym(h, "LLVMFuzzerTestOneInput");
  if (!g_test_one) {
    snprintf(err, err_len, "no LLVMFuzzerTestOneInput symbol");
    return 2;
  }
  g_initialize = (init_fn)dlsym(h, "LLVMFuzzerInitialize");
  g_custom_mutator = (mutator_fn)dlsym(h, "LLVMFuzzerCustomMutator");
  g_custom_crossover = (crossover_fn)dlsym(h, "LLVMFuzzerCustomCrossOver");
  return 0;
}

EXPORT uint32_t bf_target_hooks(void) {
  return (g_initialize ? 1u : 0u) | (g_custom_mutator ? 2u : 0u) | (g_custom_crossover ? 4u : 0u);
}

EXPORT int32_t bf_call_initialize(const char *args, uint32_t argc) {
  if (!g_initialize) return 0;
  /* A copy the process keeps: targets hold on to argv (a path beside argv[0], their own flags). */
  size_t bytes = 0;
  for (uint32_t i = 0; i < argc; i++) bytes += strlen(args + bytes) + 1;
  char *copy = malloc(bytes ? bytes : 1);
  char **argv = calloc((size_t)argc + 1, sizeof *argv);
  if (!copy || !argv) return -1;
  memcpy(copy, args, bytes);
  for (uint32_t i = 0, at = 0; i < argc; i++) {
    argv[i] = copy + at;
    at += (uint32_t)strlen(copy + at) + 1;
  }
  int n = (int)argc;
  H->in_target = 1;
  int r = g_initialize(&n, &argv);
  H->in_target = 0;
  collect(1); /* initialisation coverage is not an input's */
  return r;
}

static bf_mutate_fn g_default_mutate;

EXPORT void bf_set_default_mutator(bf_mutate_fn fn) { g_default_mutate = fn; }

/* libFuzzer's API for custom mutators: apply the engine's own mutations to (data, size). */
EXPORT size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) {
  return g_default_mutate ? g_default_mutate(data, size, max_size) : size;
}

EXPORT uint32_t bf_custom_mutate(uint32_t len, uint32_t max_len, uint32_t seed) {
  if (!g_custom_mutator) return 0;
  H->in_target = 1;
  size_t r = g_custom_mutator((uint8_t *)H + BF_HEADER_SIZE, len, max_len, seed);
  H->in_target = 0;
  collect(1);
  return (uint32_t)(r > max_len ? max_len : r);
}

EXPORT uint32_t bf_custom_crossover(const uint8_t *other, uint32_t other_len, uint32_t len, uint32_t max_len, uint32_t seed) {
  if (!g_custom_crossover) return 0;
  uint8_t *slot = (uint8_t *)H + BF_HEADER_SIZE;
  H->in_target = 1;
  size_t r = g_custom_crossover(slot, len, other, other_len, g_scratch, max_len, seed);
  H->in_target = 0;
  collect(1);
  if (r > max_len) r = max_len;
  memcpy(slot, g_scratch, r);
  return (uint32_t)r;
}
