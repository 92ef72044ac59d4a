/*
 * Private to the shim (intercept.c, compare.c): the C library's string compares. intercept.c
 * exports functions of the same names that record operands; the shim's own calls go through these
 * pointers, so that nothing is recorded twice. Included without <string.h> by intercept.c.
 */
#ifndef BUNFUZZ_SHIM_REAL_H
#define BUNFUZZ_SHIM_REAL_H
#include <stddef.h>

struct bf_real_fns {
  int (*memcmp)(const void *, const void *, size_t);
  int (*bcmp)(const void *, const void *, size_t);
  int (*strcmp)(const char *, const char *);
  int (*strncmp)(const char *, const char *, size_t);
  int (*strcasecmp)(const char *, const char *);
  int (*strncasecmp)(const char *, const char *, size_t);
  char *(*strstr)(const char *, const char *);
  char *(*strcasestr)(const char *, const char *);
  void *(*memmem)(const void *, size_t, const void *, size_t);
};

/* The next definitions after the shim's: the C library's, or under ASan its interceptors. */
__attribute__((visibility("hidden"))) extern struct bf_real_fns bf_real;
/* Fills bf_real (once; the shim's constructor calls it, and so does the first use before it). */
__attribute__((visibility("hidden"))) void bf_resolve_reals(void);
/* 1 while an execution runs (compare.c): the hooks record only then. */
__attribute__((visibility("hidden"))) extern volatile int g_recording;

#endif
