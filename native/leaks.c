/*
 * Leaks and single huge mallocs, for workers that run an ASan-built target (libFuzzer's
 * MallocFreeTracer, TryDetectingAMemoryLeak and HandleMalloc, FuzzerLoop.cpp). Everything here
 * comes from the sanitizer runtime, looked up at set-up: without ASan (or with LeakSanitizer off in
 * ASAN_OPTIONS) there are no malloc hooks and no leak checks, as in libFuzzer.
 *
 * - The malloc and free hooks count calls while an execution runs; an execution that mallocs more
 *   than it frees may have leaked. The shim then runs the input again with LeakSanitizer disabled
 *   (so a real leak is not reported twice) and, if that run also mallocs more than it frees, asks
 *   LeakSanitizer (__lsan_do_recoverable_leak_check). A leak it reports is a finding: the crash
 *   record says BF_CRASH_LEAK and the worker exits; the supervisor writes the leak- artifact.
 * - LeakSanitizer tracks only what the target allocates: the main thread runs with it disabled
 *   except inside the target, so Bun's own allocations (pointers it may keep only in memory
 *   LeakSanitizer does not scan, such as JavaScriptCore's heap) are never reported.
 * - The malloc hook also enforces -malloc_limit_mb: one malloc of that many Mb or more while the
 *   target runs is an out-of-memory finding, reported with the stack that asked for it.
 */
#include "internal.h"

typedef void (*malloc_hook_fn)(const volatile void *, size_t);
typedef void (*free_hook_fn)(const volatile void *);

static void (*p_lsan_enable)(void), (*p_lsan_disable)(void), (*p_print_stack)(void);
static int (*p_leak_check)(void);
static uint64_t g_mallocs, g_frees;  /* hook calls since the current execution started */
static size_t g_malloc_limit;        /* bytes; 0: none */
static uint32_t g_attempts;          /* leak checks so far (libFuzzer gives up after 1000) */
HIDDEN int g_leaks_active;           /* the hooks are installed: execute() brackets runs for them */
static int g_leak_gate;              /* 1: LeakSanitizer is enabled only inside the target */
static int g_detect;                 /* -detect_leaks, while it holds */
static uint32_t g_seeding;           /* 1 while the initial corpus (or files to run) execute */

static void report_malloc_limit(size_t size) {
  H->crash_kind = BF_CRASH_OOM;
  char buf[160];
  snprintf(buf, sizeof buf, "==%d== ERROR: libFuzzer: out-of-memory (malloc(%zu))\n   To change the out-of-memory limit use -rss_limit_mb=<N>\n\n", (int)getpid(), size);
  write_str(buf);
  if (p_print_stack) p_print_stack();
  _exit(BF_EXIT_OOM);
}

static void malloc_hook(const volatile void *p, size_t size) {
  (void)p;
  __atomic_add_fetch(&g_mallocs, 1, __ATOMIC_RELAXED);
  if (g_malloc_limit && size >= g_malloc_limit && H && __atomic_load_n(&H->in_target, __ATOMIC_RELAXED) &&
      __atomic_load_n(&H->crash_kind, __ATOMIC_RELAXED) == BF_CRASH_NONE)
    report_malloc_limit(size);
}

static void free_hook(const volatile void *p) {
  (void)p;
  __atomic_add_fetch(&g_frees, 1, __ATOMIC_RELAXED);
}

EXPORT uint32_t bf_leaks_setup(uint32_t detect_leaks, uint32_t malloc_limit_mb) {
  int (*install)(malloc_hook_fn, free_hook_fn) = (int (*)(malloc_hook_fn, free_hook_fn))dlsym(RTLD_DEFAULT, "__sanitizer_install_malloc_and_free_hooks");
  p_lsan_enable = (void (*)(void))dlsym(RTLD_DEFAULT, "__lsan_enable");
  p_lsan_disable = (void (*)(void))dlsym(RTLD_DEFAULT, "__lsan_disable");
  p_leak_check = (int (*)(void))dlsym(RTLD_DEFAULT, "__lsan_do_recoverable_leak_check");
  p_print_stack = (void (*)(void))dlsym(RTLD_DEFAULT, "__sanitizer_print_stack_trace");
  /* As libFuzzer: the hooks (and with them the malloc limit) only with -detect_leaks. */
  if (!detect_leaks || !install || !install(malloc_hook, free_hook)) return 0;
  g_malloc_limit = (size_t)malloc_limit_mb << 20;
  g_leaks_active = 1;
  uint32_t flags = BF_LEAKS_HOOKS;
  if (p_lsan_enable && p_lsan_disable && p_leak_check) {
    g_detect = g_leak_gate = 1;
    p_lsan_disable();
    flags |= BF_LEAKS_LSAN;
  }
  return flags;
}

EXPORT void bf_leaks_seeding(uint32_t on) { g_seeding = on; }

HIDDEN void leaks_before_run(void) {
  __atomic_store_n(&g_mallocs, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&g_frees, 0, __ATOMIC_RELAXED);
  if (g_leak_gate) p_lsan_enable();
}

HIDDEN void leaks_after_run(void) {
  if (g_leak_gate) p_lsan_disable();
}

static int more_mallocs_than_frees(void) {
  return __atomic_load_n(&g_mallocs, __ATOMIC_RELAXED) > __atomic_load_n(&g_frees, __ATOMIC_RELAXED);
}

HIDDEN void leaks_check(uint32_t len, void (*rerun)(uint32_t)) {
  if (!g_detect || !more_mallocs_than_frees()) return;
  /* The rerun, LeakSanitizer off: its allocations are not tracked, so a leak is reported once. */
  g_leak_gate = 0;
  rerun(len);
  g_leak_gate = 1;
  if (!more_mallocs_than_frees()) return;
  if (g_attempts++ > 1000) {
    g_detect = 0;
    write_str("INFO: libFuzzer disabled leak detection after every mutation.\n"
              "      Most likely the target function accumulates allocated\n"
              "      memory in a global state w/o actually leaking it.\n"
              "      If LeakSanitizer is enabled in this process it will still\n"
              "      run on the process shutdown.\n");
    return;
  }
  if (!p_leak_check()) return;
  if (g_seeding) write_str("\nINFO: a leak has been found in the initial corpus.\n\n");
  write_str("INFO: to ignore leaks on libFuzzer side use -detect_leaks=0.\n\n");
  H->crash_kind = BF_CRASH_LEAK;
  _exit(BF_EXIT_CRASH);
}
