/*
 * String compare interceptors, for the shim (see shim.h): the shim exports memcmp, bcmp, strcmp,
 * strncmp, strcasecmp, strncasecmp, strstr, strcasestr and memmem, each forwarding to the C
 * library's and handing its operands to the compare hooks (compare.c), as libFuzzer's
 * interceptors do. Then compares in code bunfuzz did not build reach the compare log: prebuilt
 * objects, libraries a target links (libstdc++'s std::string ==), calls `--wrap` misses.
 *
 * Precedence: a symbol a target leaves undefined binds to the first definition in the global
 * scope, which is the executable, then LD_PRELOAD's objects, then the executable's libraries
 * (libc), then objects opened RTLD_GLOBAL in the order they were opened. A shim that only makes
 * itself global comes after libc and intercepts nothing, so the supervisor preloads the shim into
 * every native worker (src/runner/preload.ts). Preloaded, these functions serve the whole
 * process, Bun's own calls included: the hooks record only while an execution runs and never for
 * calls from Bun's executable, and the cost outside is one flag test per call.
 *
 * Under ASan, whose runtime intercepts the same functions and calls the same hooks, these only
 * forward (the operands would be recorded twice).
 *
 * This file includes no <string.h>: it defines the functions that header declares, some of them
 * as type-generic macros under C23.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>

#define HIDDEN __attribute__((visibility("hidden")))
#define EXPORT __attribute__((visibility("default")))

#include "real.h"

HIDDEN struct bf_real_fns bf_real;

/* compare.c */
void __sanitizer_weak_hook_memcmp(void *pc, const void *s1, const void *s2, size_t n, int result);
void __sanitizer_weak_hook_strncmp(void *pc, const char *s1, const char *s2, size_t n, int result);
void __sanitizer_weak_hook_strcmp(void *pc, const char *s1, const char *s2, int result);
void __sanitizer_weak_hook_strncasecmp(void *pc, const char *s1, const char *s2, size_t n, int result);
void __sanitizer_weak_hook_strcasecmp(void *pc, const char *s1, const char *s2, int result);
void __sanitizer_weak_hook_strstr(void *pc, const char *s1, const char *s2, char *result);
void __sanitizer_weak_hook_strcasestr(void *pc, const char *s1, const char *s2, char *result);
void __sanitizer_weak_hook_memmem(void *pc, const void *s1, size_t l1, const void *s2, size_t l2, void *result);

#if defined(__linux__)

/* 1 when a sanitizer runtime already intercepts these and calls the hooks itself. */
static int g_forward_only;
static volatile int g_resolving;

/* The next definition after the shim (the C library, or a sanitizer's interceptor). Where the shim
 * was opened rather than preloaded, RTLD_NEXT may find nothing; the process's definition is then
 * the C library's, unless it is this very function. */
static void *next_fn(const char *name, void *self) {
  void *p = dlsym(RTLD_NEXT, name);
  if (!p || p == self) p = dlsym(RTLD_DEFAULT, name);
  return p == self ? NULL : p;
}

/* Reads through volatile pointers so that the compiler cannot turn these loops into calls to the
 * functions being defined here. Only used while the real functions are being looked up. */
static int byte_compare(const void *a, const void *b, size_t n, int fold, int stop_at_nul) {
  const volatile unsigned char *x = a, *y = b;
  for (size_t i = 0; i < n; i++) {
    int c = x[i], d = y[i];
    if (fold) {
      if (c >= 'A' && c <= 'Z') c += 32;
      if (d >= 'A' && d <= 'Z') d += 32;
    }
    if (c != d) return c - d;
    if (stop_at_nul && !c) return 0;
  }
  return 0;
}

static char *byte_search(const char *h, size_t hl, const char *n, size_t nl, int fold) {
  if (!nl) return (char *)h;
  for (size_t i = 0; i + nl <= hl; i++)
    if (!byte_compare(h + i, n, nl, fold, 0)) return (char *)h + i;
  return NULL;
}

static size_t byte_len(const char *s) {
  const volatile char *p = s;
  size_t n = 0;
  while (p[n]) n++;
  return n;
}

/* Whether to hand a call's operands to the hooks (which also check that an execution runs). */
#define RECORD (g_recording && !g_forward_only)

/* Each interceptor: a fast path that is one flag test and a tail call to the real function, and a
 * slow path (kept out of line, so the fast one needs no stack frame) that resolves the real
 * functions if needed, calls, and records. */
#define INTERCEPT(ret, name, params, args, fallback, record)                                      \
  __attribute__((noinline)) static ret name##_slow(void *pc, params) {                            \
    if (!bf_real.name && (bf_resolve_reals(), !bf_real.name)) return fallback;                     \
    ret r = bf_real.name(args);                                                                    \
    if (RECORD) record;                                                                            \
    return r;                                                                                      \
  }                                                                                                \
  EXPORT ret name(params) {                                                                        \
    if (__builtin_expect(bf_real.name != NULL && !RECORD, 1)) return bf_real.name(args);          \
    return name##_slow(__builtin_return_address(0), args);                                         \
  }

#define P2(t1, a1, t2, a2) t1 a1, t2 a2
#define P3(t1, a1, t2, a2, t3, a3) t1 a1, t2 a2, t3 a3
#define P4(t1, a1, t2, a2, t3, a3, t4, a4) t1 a1, t2 a2, t3 a3, t4 a4
#define COMMA ,

INTERCEPT(int, memcmp, P3(const void *, a, const void *, b, size_t, n), a COMMA b COMMA n,
          byte_compare(a, b, n, 0, 0), __sanitizer_weak_hook_memcmp(pc, a, b, n, r))
INTERCEPT(int, bcmp, P3(const void *, a, const void *, b, size_t, n), a COMMA b COMMA n,
          byte_compare(a, b, n, 0, 0), __sanitizer_weak_hook_memcmp(pc, a, b, n, r))
INTERCEPT(int, strcmp, P2(const char *, a, const char *, b), a COMMA b,
          byte_compare(a, b, (size_t)-1, 0, 1), __sanitizer_weak_hook_strcmp(pc, a, b, r))
INTERCEPT(int, strncmp, P3(const char *, a, const char *, b, size_t, n), a COMMA b COMMA n,
          byte_compare(a, b, n, 0, 1), __sanitizer_weak_hook_strncmp(pc, a, b, n, r))
INTERCEPT(int, strcasecmp, P2(const char *, a, const char *, b), a COMMA b,
          byte_compare(a, b, (size_t)-1, 1, 1), __sanitizer_weak_hook_strcasecmp(pc, a, b, r))
INTERCEPT(int, strncasecmp, P3(const char *, a, const char *, b, size_t, n), a COMMA b COMMA n,
          byte_compare(a, b, n, 1, 1), __sanitizer_weak_hook_strncasecmp(pc, a, b, n, r))
INTERCEPT(char *, strstr, P2(const char *, h, const char *, n), h COMMA n,
          byte_search(h, byte_len(h), n, byte_len(n), 0), __sanitizer_weak_hook_strstr(pc, h, n, r))
INTERCEPT(char *, strcasestr, P2(const char *, h, const char *, n), h COMMA n,
          byte_search(h, byte_len(h), n, byte_len(n), 1), __sanitizer_weak_hook_strcasestr(pc, h, n, r))
INTERCEPT(void *, memmem, P4(const void *, h, size_t, hl, const void *, n, size_t, nl), h COMMA hl COMMA n COMMA nl,
          byte_search(h, hl, n, nl, 0), __sanitizer_weak_hook_memmem(pc, h, hl, n, nl, r))

/* In-module addresses of the functions above (a reference to an exported name goes through the
 * GOT and, in a shim that was opened rather than preloaded, means the C library's). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmissing-attributes" /* gcc: the C library's declarations carry pure, nothrow */
#endif
#define SELF(f) static __typeof__(f) self_##f __attribute__((alias(#f)));
SELF(memcmp) SELF(bcmp) SELF(strcmp) SELF(strncmp) SELF(strcasecmp) SELF(strncasecmp) SELF(strstr)
SELF(strcasestr) SELF(memmem)

#define RESOLVE(f) bf_real.f = (__typeof__(bf_real.f))next_fn(#f, (void *)&self_##f)

/* Looks the real functions up once: from the constructor below, or from the first interceptor
 * called before it (another library's constructor). */
HIDDEN void bf_resolve_reals(void) {
  if (bf_real.memcmp || g_resolving) return;
  g_resolving = 1;
  RESOLVE(bcmp);
  RESOLVE(strcmp);
  RESOLVE(strncmp);
  RESOLVE(strcasecmp);
  RESOLVE(strncasecmp);
  RESOLVE(strstr);
  RESOLVE(strcasestr);
  RESOLVE(memmem);
  g_forward_only = dlsym(RTLD_DEFAULT, "__asan_init") != NULL;
  RESOLVE(memcmp); /* last: the interceptors test it to know whether resolution is done */
  g_resolving = 0;
}

__attribute__((constructor(101))) static void resolve_early(void) { bf_resolve_reals(); }

#else /* macOS: interposing takes a __DATA,__interpose section and DYLD_INSERT_LIBRARIES; not done */

#include <string.h>
#include <strings.h>

HIDDEN void bf_resolve_reals(void) {
  bf_real.memcmp = memcmp;
  bf_real.bcmp = bcmp;
  bf_real.strcmp = strcmp;
  bf_real.strncmp = strncmp;
  bf_real.strcasecmp = strcasecmp;
  bf_real.strncasecmp = strncasecmp;
  bf_real.strstr = (char *(*)(const char *, const char *))strstr;
  bf_real.strcasestr = (char *(*)(const char *, const char *))strcasestr;
  bf_real.memmem = memmem;
}

__attribute__((constructor(101))) static void resolve_early(void) { bf_resolve_reals(); }

#endif
