/*
 * Crashes and hangs, for the shim (see shim.h): deadly-signal handlers that act on the target's
 * faults (otherwise they chain to Bun/JavaScriptCore, or to ASan), the sanitizer death callback,
 * exit() inside the target, SIGINT/SIGTERM as a stop request, and the watchdog thread for
 * per-input timeouts and the RSS limit.
 */
#include "internal.h"

/* Telling the target's threads and faults from Bun's (below) reads glibc's link maps (dladdr1) and
 * register names; elsewhere (musl, macOS) a deadly signal is the target's when it hits the main
 * thread while the target runs, and other threads' faults go on to Bun. */
#if defined(__GLIBC__)
#define BF_THREAD_ATTRIBUTION 1
#include <link.h>
#include <ucontext.h>
#endif
#ifdef __APPLE__
#include <mach/mach.h>
#endif

/* ---- crashes ----------------------------------------------------------------------------- */

static const int DEADLY[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP};
#define NDEADLY (sizeof(DEADLY) / sizeof(DEADLY[0]))
static struct sigaction g_prev[NDEADLY];
/* The handlers present when the shim was loaded. When the worker preloads the shim next to ASan
 * (ASan targets), these are ASan's: Bun replaces them later, so the shim keeps them to chain to,
 * and ASan prints its report for a SEGV in the target instead of Bun's crash banner. */
static struct sigaction g_early[NDEADLY];
static int g_have_early;

__attribute__((constructor)) static void capture_early_handlers(void) {
  for (unsigned i = 0; i < NDEADLY; i++) sigaction(DEADLY[i], NULL, &g_early[i]);
  g_have_early = 1;
}

static void print_backtrace(void) {
#ifdef BF_HAVE_BACKTRACE
  void *frames[64];
  int n = backtrace(frames, 64);
  backtrace_symbols_fd(frames, n, 2);
#endif
}

static void report_line(const char *what) {
  char buf[160];
  snprintf(buf, sizeof buf, "==%d== ERROR: libFuzzer: %s\n", (int)getpid(), what);
  write_str(buf);
}

/* pthread_self is not on POSIX's async-signal-safe list, but glibc, musl and macOS read it from the
 * thread pointer without locks or allocation; it is portable where gettid is Linux's alone. */
static int on_main_thread(void) { return pthread_equal(pthread_self(), g_main_thread); }

/* ---- whose fault ------------------------------------------------------------------------- */

#ifdef BF_THREAD_ATTRIBUTION

/* Load addresses of the objects in the process when the shim started (the executable first, as
 * dl_iterate_phdr reports it): Bun's executable, the
 * libraries it starts with, bunfuzz's own (the shim, the instrumenter's parser), and ASan's runtime
 * when preloaded. Anything loaded later was brought by the target: its .so and what it opens,
 * libraries a JS target opens through bun:ffi. */
#define MAX_STARTUP_OBJECTS 128
static uintptr_t g_startup[MAX_STARTUP_OBJECTS];
static int g_nstartup;

static int note_startup_object(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  (void)data;
  if (g_nstartup < MAX_STARTUP_OBJECTS) g_startup[g_nstartup++] = (uintptr_t)info->dlpi_addr;
  return 0;
}

/* Whether pc lies in a loaded object; *bias is the object's load bias (dl_iterate_phdr's
 * dlpi_addr, 0 for a non-PIE executable such as Bun's). dladdr takes the loader's lock, which a
 * signal handler may not strictly take; the alternative, misreporting a target's crash as Bun's, is
 * worse, and only a crash during another thread's dlopen could hang. */
static int object_of(void *pc, uintptr_t *bias) {
  Dl_info info;
  struct link_map *map = NULL;
  if (!pc || !dladdr1(pc, &info, (void **)&map, RTLD_DL_LINKMAP) || !map) return 0;
  *bias = (uintptr_t)map->l_addr;
  return 1;
}

/* Whether pc lies in an object loaded after the shim started (see g_startup). */
static int in_target_object(void *pc) {
  uintptr_t bias;
  if (!object_of(pc, &bias)) return 0;
  for (int i = 0; i < g_nstartup; i++)
    if (bias == g_startup[i]) return 0;
  return 1;
}

/* The instruction that faulted or raised, from the signal's context. */
static void *interrupted_pc(void *uc) {
  ucontext_t *u = uc;
#if defined(__x86_64__)
  return (void *)u->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
  return (void *)u->uc_mcontext.pc;
#else
  (void)u;
  return NULL;
#endif
}

/* Whether a SIGSEGV/SIGBUS is JavaScriptCore's to handle: it faulted in Bun's executable (its
 * WebAssembly interpreter) or in JIT code (mapped memory that belongs to no object). JavaScriptCore
 * catches WebAssembly's out-of-bounds accesses this way and turns them into catchable errors, so
 * such faults go to it, on any thread, even while the target runs; one it does not handle is a Bun
 * crash, which the supervisor still reports with the input. */
static int in_jsc_code(void *pc) {
  uintptr_t bias;
  if (!pc) return 0;
  if (object_of(pc, &bias)) return g_nstartup > 0 && bias == g_startup[0];
  long page = sysconf(_SC_PAGESIZE);
  unsigned char vec;
  return mincore((void *)((uintptr_t)pc & ~(uintptr_t)(page - 1)), 1, &vec) == 0;
}

/* Whether a fault on a thread other than the main one is the target's: a thread the target's
 * native code created, or a JS Worker calling into a library the target loaded. It is when the
 * faulting thread's stack passes through an object the target brought (g_startup); Bun's own
 * threads (garbage collector, JIT compiler, I/O pool) run only code of the startup objects. */
static int thread_in_target_code(void *uc) {
  if (in_target_object(interrupted_pc(uc))) return 1;
  void *frames[64];
  int n = backtrace(frames, 64);
  for (int i = 0; i < n; i++)
    if (in_target_object(frames[i])) return 1;
  return 0;
}

/* Whether a deadly signal is the target's fault: on the main thread while the target runs, on
 * another thread when that thread runs the target's code, never a trap JavaScriptCore handles. */
static int targets_fault(int sig, void *uc) {
  if ((sig == SIGSEGV || sig == SIGBUS) && in_jsc_code(interrupted_pc(uc))) return 0;
  if (on_main_thread()) return H->in_target != 0;
  return thread_in_target_code(uc);
}
#else
static int targets_fault(int sig, void *uc) {
  (void)sig;
  (void)uc;
  return on_main_thread() && H->in_target != 0;
}
#endif

/* The instruction a deadly signal interrupted, where the platform's context says (glibc); else NULL. */
static void *fault_pc(void *uc) {
#ifdef BF_THREAD_ATTRIBUTION
  return interrupted_pc(uc);
#else
  (void)uc;
  return NULL;
#endif
}

static void chain_to(struct sigaction *p, int sig, siginfo_t *info, void *uc) {
  if (p->sa_flags & SA_SIGINFO) {
    if (p->sa_sigaction) { p->sa_sigaction(sig, info, uc); return; }
  } else if (p->sa_handler != SIG_IGN && p->sa_handler != SIG_DFL) {
    p->sa_handler(sig);
    return;
  }
  signal(sig, SIG_DFL);
  raise(sig);
}

static void chain(int idx, int sig, siginfo_t *info, void *uc) { chain_to(&g_prev[idx], sig, info, uc); }

HIDDEN volatile sig_atomic_t g_loading;

static void on_deadly(int sig, siginfo_t *info, void *uc) {
  int idx = 0;
  while (idx < (int)NDEADLY && DEADLY[idx] != sig) idx++;
  if (g_loading && on_main_thread()) {
    /* A truncated object (SIGBUS mapping the missing part) or a target constructor that crashes:
     * not an input's fault, and not Bun's ("Bun has crashed" would mislead): the supervisor turns
     * this exit code into a one-line target error. */
    report_line("deadly signal while loading the target (in the dynamic loader or the target's constructors)");
    print_backtrace();
    _exit(BF_EXIT_LOAD_CRASH);
  }
  if (!H || H->crash_kind != BF_CRASH_NONE || !targets_fault(sig, uc)) {
    chain(idx, sig, info, uc); /* not ours: WebAssembly traps and Bun's own faults go on to Bun */
    return;
  }
  H->crash_kind = BF_CRASH_SIGNAL;
  H->crash_signal = sig;
  if ((H->flags & BF_FLAG_ASAN) && g_have_early) { /* let ASan print its report */
    chain_to(&g_early[idx], sig, info, uc);
    return;
  }
  report_line("deadly signal");
  record_stack(fault_pc(uc)); /* the supervisor prints it, with libFuzzer's NOTE on these handlers */
  _exit(BF_EXIT_CRASH);
}

static void on_sanitizer_death(void) {
  if (H && H->crash_kind == BF_CRASH_NONE) H->crash_kind = BF_CRASH_SANITIZER;
}

static void on_exit_hook(void) {
  if (H && H->in_target && H->crash_kind == BF_CRASH_NONE) {
    H->crash_kind = BF_CRASH_EXIT;
    report_line("fuzz target exited");
    record_stack(NULL);
    _exit(BF_EXIT_CRASH);
  }
}

static void on_interrupt(int sig) {
  (void)sig;
  if (H) H->stop_requested = 1;
}

HIDDEN void install_handlers(void) {
#ifdef BF_THREAD_ATTRIBUTION
  dl_iterate_phdr(note_startup_object, NULL);
#endif
  if (dlsym(RTLD_DEFAULT, "__asan_init")) H->flags |= BF_FLAG_ASAN;
  /* A stack overflow needs a stack to run the handler on. Keep Bun's if it installed one. */
  stack_t old;
  if (sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE)) {
    stack_t ss = {.ss_sp = reserve(1 << 16), .ss_size = 1 << 16, .ss_flags = 0};
    if (ss.ss_sp) sigaltstack(&ss, NULL);
  } else if ((H->flags & BF_FLAG_ASAN) && ((uintptr_t)old.ss_sp & 15)) {
    /* Bun's alternate stack starts at an odd address (measured: 0x68724e4). Before a noreturn call
     * (exit, abort, longjmp) ASan unpoisons the alternate stack, and CHECK-fails on an unaligned
     * one ("CHECK failed: asan_poisoning.cpp:35") instead of reporting: the same memory, aligned. */
    uintptr_t sp = ((uintptr_t)old.ss_sp + 15) & ~(uintptr_t)15;
    stack_t ss = {.ss_sp = (void *)sp, .ss_size = (old.ss_size - (sp - (uintptr_t)old.ss_sp)) & ~(size_t)15, .ss_flags = 0};
    sigaltstack(&ss, NULL);
  }
  for (unsigned i = 0; i < NDEADLY; i++) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_deadly;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(DEADLY[i], &sa, &g_prev[i]);
  }
  void (*set_death)(void (*)(void)) = (void (*)(void (*)(void)))dlsym(RTLD_DEFAULT, "__sanitizer_set_death_callback");
  if (set_death) set_death(on_sanitizer_death);
  atexit(on_exit_hook);
  struct sigaction si;
  memset(&si, 0, sizeof si);
  si.sa_handler = on_interrupt;
  sigemptyset(&si.sa_mask);
  sigaction(SIGINT, &si, NULL);
  sigaction(SIGTERM, &si, NULL);
#ifdef BF_HAVE_BACKTRACE
  void *warm[1];
  backtrace(warm, 1); /* loads libgcc's unwinder now, not inside a signal handler */
#endif
}

/* ---- the supervisor's death -------------------------------------------------------------- */

HIDDEN pid_t g_parent_pid;

/* PR_SET_PDEATHSIG fires when the *thread* that forked us exits. Measured with strace on Bun
 * 1.4.5: Bun.spawn forks (vfork) on the calling JS thread, and the supervisor spawns from its main
 * thread, which lives as long as the process: the signal comes exactly when the supervisor dies.
 * The watchdog's getppid() check covers a parent that died before the prctl, systems without
 * prctl (macOS), and any spawner whose thread is not the process's life. */
EXPORT int32_t bf_die_with_parent(uint32_t parent_pid) {
  g_parent_pid = (pid_t)parent_pid;
#ifdef __linux__
  int rc = prctl(PR_SET_PDEATHSIG, SIGKILL) == 0 ? 0 : -errno;
#else
  int rc = -ENOSYS;
#endif
  if (parent_pid && getppid() != (pid_t)parent_pid) _exit(1);
  return rc;
}

/* ---- watchdog ---------------------------------------------------------------------------- */

/* The resident set size in MiB, 0 when it cannot be read. */
#ifdef __APPLE__
static uint32_t rss_mb(void) {
  struct mach_task_basic_info info;
  mach_msg_type_number_t count = MACH_TASK_BASIC_INFO_COUNT;
  if (task_info(mach_task_self(), MACH_TASK_BASIC_INFO, (task_info_t)&info, &count) != KERN_SUCCESS) return 0;
  return (uint32_t)(info.resident_size >> 20);
}
#else
static uint32_t rss_mb(void) {
  int fd = open("/proc/self/statm", O_RDONLY);
  if (fd < 0) return 0;
  char buf[128];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  unsigned long size = 0, resident = 0;
  sscanf(buf, "%lu %lu", &size, &resident);
  return (uint32_t)(resident * (unsigned long)sysconf(_SC_PAGESIZE) >> 20);
}
#endif

/* A hang or an RSS overflow ends the worker from the watchdog thread, but the stack that matters is
 * the main thread's, inside the target: the watchdog sends it SIGALRM (libFuzzer's timeout signal
 * too), whose handler writes that stack and ends the worker. A main thread that does not take the
 * signal within four seconds (blocked in the kernel) ends without one. */
static volatile int g_dump_exit;

static void on_dump(int sig, siginfo_t *info, void *uc) {
  (void)sig;
  (void)info;
  record_stack(fault_pc(uc));
  _exit(g_dump_exit);
}

static void end_with_main_stack(int code) {
  if (__atomic_load_n(&H->in_target, __ATOMIC_SEQ_CST)) {
    g_dump_exit = code;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_dump;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    pthread_kill(g_main_thread, SIGALRM);
    /* Four seconds, not one: a niced worker on a loaded machine can wait over a second for the CPU
     * (a test run under a load average above 12 ended without its stack with one), and the
     * supervisor's backstop, five seconds past the timeout, must not kill the worker first. */
    struct timespec ts = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 400; i++) nanosleep(&ts, NULL);
  }
  _exit(code);
}

/* A gap between two of the watchdog's 10 ms ticks longer than this is a pause of the whole process
 * (SIGSTOP and SIGCONT, a suspended machine, a debugger), not time the target spent: the
 * execution's clock skips it. Without this a campaign stopped for longer than -timeout reported a
 * timeout the moment it resumed. A watchdog merely starved of the CPU delays a real timeout by the
 * gaps it skips, never prevents it. */
#define PAUSE_NS (500ull * 1000 * 1000)

/* The watchdog keeps its own clock: it notes when it first saw the current execution number and
 * fires when the same execution is still in the target timeout_ms later. Reading the main thread's
 * start time instead would race with the next execution's start. */
static void *watchdog(void *arg) {
  (void)arg;
  uint32_t ticks = 0;
  uint64_t seen_exec = 0, seen_at = now_ns(), last_tick = seen_at;
  for (;;) {
    struct timespec ts = {0, 10 * 1000 * 1000};
    nanosleep(&ts, NULL);
    uint64_t exec = __atomic_load_n(&H->exec_count, __ATOMIC_SEQ_CST);
    uint64_t now = now_ns();
    if (now - last_tick > PAUSE_NS) seen_at += now - last_tick;
    last_tick = now;
    if (exec != seen_exec || !__atomic_load_n(&H->in_target, __ATOMIC_SEQ_CST)) {
      seen_exec = exec;
      seen_at = now;
    } else if (H->timeout_ms) {
      uint64_t ran_ms = (now - seen_at) / 1000000ull;
      if (ran_ms > H->timeout_ms && H->crash_kind == BF_CRASH_NONE) {
        H->crash_kind = BF_CRASH_TIMEOUT;
        char buf[256];
        snprintf(buf, sizeof buf,
                 "ALARM: working on the last Unit for %llu seconds\n"
                 "       and the timeout value is %u (use -timeout=N to change)\n",
                 (unsigned long long)(ran_ms / 1000), (H->timeout_ms + 999) / 1000);
        write_str(buf);
        snprintf(buf, sizeof buf, "timeout after %llu seconds", (unsigned long long)(ran_ms / 1000));
        report_line(buf);
        end_with_main_stack(BF_EXIT_TIMEOUT);
      }
    }
    if (ticks % 10 == 0 && g_parent_pid && getppid() != g_parent_pid) _exit(1); /* orphaned */
    if (++ticks % 25 == 0) {
      uint32_t mb = rss_mb();
      if (mb > H->peak_rss_mb) H->peak_rss_mb = mb;
      if (H->rss_limit_mb && mb > H->rss_limit_mb && H->crash_kind == BF_CRASH_NONE) {
        H->crash_kind = BF_CRASH_OOM;
        char buf[200];
        snprintf(buf, sizeof buf, "out-of-memory (used: %uMb; limit: %uMb)", mb, H->rss_limit_mb);
        report_line(buf); /* clang-14's libFuzzer's words: ClusterFuzz matches "libFuzzer: out-of-memory (" */
        write_str("   To change the out-of-memory limit use -rss_limit_mb=<N>\n\n");
        end_with_main_stack(BF_EXIT_OOM);
      }
    }
  }
  return NULL;
}

HIDDEN int start_watchdog(void) {
  pthread_t t;
  if (pthread_create(&t, NULL, watchdog, NULL) != 0) return -1;
  pthread_detach(t);
  return 0;
}

