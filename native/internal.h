/*
 * Private to the shim's C files (every .c file here): shared state and helpers. Nothing
 * here is exported from the shared object (hidden visibility); the ABI is shim.h.
 */
#ifndef BUNFUZZ_SHIM_INTERNAL_H
#define BUNFUZZ_SHIM_INTERNAL_H
#define _GNU_SOURCE
#include "shim.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

/* backtrace() is glibc's and macOS's; musl has none, and crash reports there go without one. */
#if __has_include(<execinfo.h>)
#include <execinfo.h>
#define BF_HAVE_BACKTRACE 1
#endif

#define EXPORT __attribute__((visibility("default")))
#define HIDDEN __attribute__((visibility("hidden")))

/* Owned by shim.c (set-up). */
HIDDEN extern struct bf_header *H;      /* the shared region; NULL until bf_init */
HIDDEN extern char *g_stack_area;       /* its crash stack area (BF_STACK_BYTES); NULL until bf_init */
HIDDEN extern struct bf_stats S;
HIDDEN extern pthread_t g_main_thread; /* the thread that runs the target */
/* Owned by compare.c. */
HIDDEN extern struct bf_cmp_log g_cmp[1]; /* the compare log */
/* Owned by crash.c. */
HIDDEN extern volatile sig_atomic_t g_loading; /* 1 while dlopen runs (target.c open_global) */
HIDDEN extern pid_t g_parent_pid;        /* the supervisor; 0 until bf_die_with_parent */
/* Owned by coverage.c. */
HIDDEN extern uint8_t *g_counters;     /* counters for guards, JS probes and the shim's blocks, by edge id */
HIDDEN extern uint8_t *g_vp;           /* the value-profile map; NULL while -use_value_profile is off */
/* Owned by trace.c. */
HIDDEN extern struct bf_trace *g_trace; /* the compare trace; NULL while tracing is off */
/* Non-zero while the value profile or the compare trace is on: the compare callbacks test this one
 * byte on their common path and look at g_vp and g_trace only when it is set. */
HIDDEN extern uint8_t g_cmp_extras;
/* Owned by run.c: the target's LLVMFuzzerTestOneInput (set by bf_load_target in target.c), and
 * the CustomCrossOver output buffer (a page-rounded input capacity; mapped by bf_init). */
typedef int (*bf_test_one_fn)(const uint8_t *, size_t);
HIDDEN extern bf_test_one_fn g_test_one;
HIDDEN extern uint8_t *g_scratch;

/* The monotonic clock in ns. Inline: execute() (run.c) reads it twice per execution, and a call
 * into another file would cost each execution two calls. */
static inline uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* shim.c */
HIDDEN void *reserve(size_t bytes);
HIDDEN void write_str(const char *s);

/* coverage.c: counter regions and the features collected from them. */
/* Collects the features of the execution that just ran into the feature lists (discard: only
 * resets the counters). Returns the number of new features. */
HIDDEN int32_t collect(int discard);
/* Reserves the coverage memory, fills the bucket table and registers the stack-depth block (bf_init). */
HIDDEN void coverage_init(void);
/* Region r (registration order): its first edge id, counters, and whether they are edges. -1 past the end. */
HIDDEN int32_t region_at(uint32_t r, uint32_t *first_edge, uint32_t *n, uint32_t *is_edges);
/* What a counter region's bytes are. The stack-depth block and extra counters hold features, not
 * edges, so they do not count towards cov:; the value-profile block's bytes are bit sets (shim.h,
 * Features), not hit counts. */
enum region_kind { REGION_EDGES, REGION_FEATURES, REGION_BITS };
/* A counter region of n counters (the shim's own map at fresh edge ids when counters is NULL).
 * Returns its first edge id. */
HIDDEN uint32_t add_region_kind(uint8_t *counters, uint32_t n, enum region_kind kind);

/* run.c: maps the execution buffer (the input ends at a PROT_NONE page) and g_scratch. 0 or -errno. */
HIDDEN int run_buffers_init(uint32_t input_capacity);

/* extra.c: registers the __libfuzzer_extra_counters sections of objects loaded since the last call. */
HIDDEN void register_extra_counters(void);

/* compare.c */
HIDDEN void note_executable_range(void);
HIDDEN int in_executable(uintptr_t pc); /* Bun's executable (0 before bf_init) */

/* stack.c: writes the calling thread's stack, the target's frames only, to the crash stack area.
 * from_pc: the interrupted instruction when called from a signal handler, else NULL. */
HIDDEN void record_stack(void *from_pc);


/* trace.c */
HIDDEN void trace_begin(void);
HIDDEN void trace_int(uintptr_t pc, uint64_t a, uint64_t b, uint32_t size);
HIDDEN void trace_mem(uintptr_t pc, const void *a, size_t la, const void *b, size_t lb, uint32_t str);
/* leaks.c: malloc hooks and leak checks, active only after bf_leaks_setup found a sanitizer. */
HIDDEN extern int g_leaks_active;
HIDDEN void leaks_before_run(void);
HIDDEN void leaks_after_run(void);
/* After an execution of len bytes: asks LeakSanitizer when it malloc'ed more than it freed; may end
 * the process with a leak finding. `rerun` runs the input again without recording anything. */
HIDDEN void leaks_check(uint32_t len, void (*rerun)(uint32_t));

/* crash.c */
HIDDEN void install_handlers(void);
HIDDEN int start_watchdog(void);

#endif
