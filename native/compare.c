/*
 * Compare feedback, for the shim (see shim.h): trace-cmp/const-cmp/switch callbacks and the
 * memcmp/strcmp/strncmp/strstr/memmem weak hooks record failed comparisons into the compare log;
 * the __wrap_ functions route a `bunfuzz build` target's calls to those functions through the hooks.
 */
#include "internal.h"

/* Slots are chosen from the operands, never from the PC: code addresses move with ASLR, and a
 * slot choice that moved would make a seeded run unrepeatable. */
static inline void cmp_int(uintptr_t pc, uint64_t a, uint64_t b, uint32_t size, uint32_t flags) {
  (void)pc;
  S.work++;
  if (a == b || !g_cmp) return;
  uint64_t h = ((a * 0x9E3779B97F4A7C15ull) ^ b ^ size) * 0xff51afd7ed558ccdull;
  struct bf_cmp_int *e = &g_cmp->ints[(h >> 40) & (BF_CMP_INT_SLOTS - 1)];
  e->a = a;
  e->b = b;
  e->size = size;
  e->flags = flags;
  g_cmp->writes++;
}

#define PC ((uintptr_t)__builtin_return_address(0))
EXPORT void __sanitizer_cov_trace_cmp1(uint8_t a, uint8_t b) { cmp_int(PC, a, b, 1, 0); }
EXPORT void __sanitizer_cov_trace_cmp2(uint16_t a, uint16_t b) { cmp_int(PC, a, b, 2, 0); }
EXPORT void __sanitizer_cov_trace_cmp4(uint32_t a, uint32_t b) { cmp_int(PC, a, b, 4, 0); }
EXPORT void __sanitizer_cov_trace_cmp8(uint64_t a, uint64_t b) { cmp_int(PC, a, b, 8, 0); }
EXPORT void __sanitizer_cov_trace_const_cmp1(uint8_t a, uint8_t b) { cmp_int(PC, a, b, 1, 1); }
EXPORT void __sanitizer_cov_trace_const_cmp2(uint16_t a, uint16_t b) { cmp_int(PC, a, b, 2, 1); }
EXPORT void __sanitizer_cov_trace_const_cmp4(uint32_t a, uint32_t b) { cmp_int(PC, a, b, 4, 1); }
EXPORT void __sanitizer_cov_trace_const_cmp8(uint64_t a, uint64_t b) { cmp_int(PC, a, b, 8, 1); }

/* Recording every case of a switch on every call would cost O(cases) per byte in a lexer; one case
 * per call, rotating, reaches them all over a few executions at O(1). */
EXPORT void __sanitizer_cov_trace_switch(uint64_t val, uint64_t *cases) {
  static uint32_t rot;
  uint64_t n = cases[0];
  if (!n) return;
  uint64_t c = cases[2 + (rot++ % n)];
  cmp_int(PC, val, c, (uint32_t)(cases[1] / 8), 1);
}

static void cmp_mem(uintptr_t pc, const void *a, size_t la, const void *b, size_t lb) {
  (void)pc;
  if (!g_cmp) return;
  if (la > BF_CMP_MEM_BYTES) la = BF_CMP_MEM_BYTES;
  if (lb > BF_CMP_MEM_BYTES) lb = BF_CMP_MEM_BYTES;
  uint64_t h = lb;
  for (size_t i = 0; i < lb && i < 8; i++) h = (h ^ ((const uint8_t *)b)[i]) * 0x100000001b3ull;
  struct bf_cmp_mem *e = &g_cmp->mems[(h >> 29) % BF_CMP_MEM_SLOTS];
  memcpy(e->a, a, la);
  memcpy(e->b, b, lb);
  e->len_a = (uint32_t)la;
  e->len_b = (uint32_t)lb;
  g_cmp->writes++;
}

EXPORT void __sanitizer_weak_hook_memcmp(void *pc, const void *s1, const void *s2, size_t n, int result) {
  S.work++;
  if (result != 0 && n > 1) cmp_mem((uintptr_t)pc, s1, n, s2, n);
}
EXPORT void __sanitizer_weak_hook_strncmp(void *pc, const char *s1, const char *s2, size_t n, int result) {
  S.work++;
  if (result == 0) return;
  size_t l1 = strnlen(s1, n), l2 = strnlen(s2, n);
  if (l1 > 1 || l2 > 1) cmp_mem((uintptr_t)pc, s1, l1, s2, l2);
}
EXPORT void __sanitizer_weak_hook_strcmp(void *pc, const char *s1, const char *s2, int result) {
  S.work++;
  if (result == 0) return;
  size_t l1 = strnlen(s1, BF_CMP_MEM_BYTES), l2 = strnlen(s2, BF_CMP_MEM_BYTES);
  if (l1 > 1 || l2 > 1) cmp_mem((uintptr_t)pc, s1, l1, s2, l2);
}
EXPORT void __sanitizer_weak_hook_strncasecmp(void *pc, const char *s1, const char *s2, size_t n, int result) {
  __sanitizer_weak_hook_strncmp(pc, s1, s2, n, result);
}
EXPORT void __sanitizer_weak_hook_strcasecmp(void *pc, const char *s1, const char *s2, int result) {
  __sanitizer_weak_hook_strcmp(pc, s1, s2, result);
}
EXPORT void __sanitizer_weak_hook_strstr(void *pc, const char *s1, const char *s2, char *result) {
  S.work++;
  if (result) return;
  cmp_mem((uintptr_t)pc, s1, strnlen(s1, BF_CMP_MEM_BYTES), s2, strnlen(s2, BF_CMP_MEM_BYTES));
}
EXPORT void __sanitizer_weak_hook_strcasestr(void *pc, const char *s1, const char *s2, char *result) {
  __sanitizer_weak_hook_strstr(pc, s1, s2, result);
}
EXPORT void __sanitizer_weak_hook_memmem(void *pc, const void *s1, size_t l1, const void *s2, size_t l2, void *result) {
  S.work++;
  if (!result) cmp_mem((uintptr_t)pc, s1, l1, s2, l2);
}

/* Targets built by `bunfuzz build` are linked with --wrap for these, so compare operands reach the
 * log without an interceptor runtime (libFuzzer gets the same effect from its interceptors). */
EXPORT int __wrap_memcmp(const void *a, const void *b, size_t n) {
  int r = memcmp(a, b, n);
  __sanitizer_weak_hook_memcmp((void *)PC, a, b, n, r);
  return r;
}
EXPORT int __wrap_strcmp(const char *a, const char *b) {
  int r = strcmp(a, b);
  __sanitizer_weak_hook_strcmp((void *)PC, a, b, r);
  return r;
}
EXPORT int __wrap_strncmp(const char *a, const char *b, size_t n) {
  int r = strncmp(a, b, n);
  __sanitizer_weak_hook_strncmp((void *)PC, a, b, n, r);
  return r;
}
EXPORT int __wrap_strcasecmp(const char *a, const char *b) {
  int r = strcasecmp(a, b);
  __sanitizer_weak_hook_strcmp((void *)PC, a, b, r);
  return r;
}
EXPORT int __wrap_strncasecmp(const char *a, const char *b, size_t n) {
  int r = strncasecmp(a, b, n);
  __sanitizer_weak_hook_strncmp((void *)PC, a, b, n, r);
  return r;
}
EXPORT char *__wrap_strstr(const char *h, const char *n) {
  char *r = (char *)strstr(h, n); /* C23 headers return const char * for a const haystack */
  __sanitizer_weak_hook_strstr((void *)PC, h, n, r);
  return r;
}
EXPORT void *__wrap_memmem(const void *h, size_t hl, const void *n, size_t nl) {
  void *r = memmem(h, hl, n, nl);
  __sanitizer_weak_hook_memmem((void *)PC, h, hl, n, nl, r);
  return r;
}

