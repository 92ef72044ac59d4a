/*
 * bunfuzz shim: the SanitizerCoverage runtime for targets run under Bun. This file is its set-up:
 * the shared region (header, input slot, crash stack area; layout in shim.h), where the shim's own
 * report lines go, and the helpers every other file uses. The rest, by concept: coverage.c (counter
 * regions, feature collection), run.c (executions), target.c (loading the target, its hooks),
 * compare.c and trace.c (compare feedback), crash.c and stack.c (signals, watchdog, crash stacks),
 * leaks.c, extra.c, intercept.c, pctable.c, layout.c (the ABI's compile-time checks).
 *
 * It records and never decides: counters, features and compare operands go to memory that
 * TypeScript reads; which input to keep is the engine's business.
 *
 * Threads: the target runs on the JS main thread (g_main_thread) and on threads it starts itself
 * (crash.c tells those from Bun's under glibc). The watchdog thread only reads the header and, on a timeout or
 * RSS overflow, records the reason and ends the process.
 */
#include "internal.h"

HIDDEN struct bf_header *H;           /* the shared region, mapped by bf_init */
HIDDEN char *g_stack_area;            /* the region's crash stack area (BF_STACK_BYTES) */
HIDDEN struct bf_stats S;
HIDDEN pthread_t g_main_thread;

HIDDEN void *reserve(size_t bytes) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? NULL : p;
}

/* ---- report lines ------------------------------------------------------------------------ */

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

/* ---- set-up ------------------------------------------------------------------------------ */

EXPORT uint32_t bf_abi_version(void) { return BF_ABI_VERSION; }

EXPORT int32_t bf_init(const char *shm_path, uint32_t input_capacity, uint32_t timeout_ms, uint32_t rss_limit_mb) {
  coverage_init();
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

  int r = run_buffers_init(input_capacity);
  if (r != 0) return r;

  g_main_thread = pthread_self();
  note_executable_range();
  install_handlers();
  if (start_watchdog() != 0) return -EAGAIN;
  return 0;
}

EXPORT struct bf_header *bf_header(void) { return H; }
EXPORT struct bf_stats *bf_stats(void) { return &S; }
