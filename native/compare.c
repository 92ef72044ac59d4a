/*
 * Compare feedback, for the shim (see shim.h): trace-cmp/const-cmp/switch/div/gep callbacks and the
 * memcmp/strcmp/strncmp/strstr/memmem weak hooks record failed comparisons into the compare log and,
 * with -use_value_profile=1, set value-profile bits; the __wrap_ functions route a `bunfuzz build`
 * target's calls to those functions through the hooks, and the interceptors (intercept.c) everyone
 * else's.
 */
#include "internal.h"
#include "real.h"
#if defined(__linux__)
#include <link.h>
#endif

/* 1 while an execution runs (execute() in run.c, bf_set_in_target for JS targets). The string
 * hooks record only then, as libFuzzer's record only while its callback runs: they see every call
 * in the process (the interceptors, and ASan's), and Bun's own compares between executions are
 * not the target's. */
volatile int g_recording;

/* Bun's executable's address range: calls from it are Bun's own (JavaScriptCore comparing strings
 * while a JS target runs), never the target's. Empty until bf_init. */
static uintptr_t g_exe_lo, g_exe_hi;

#if defined(__linux__)
static int note_exe(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  (void)data;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD) continue;
    uintptr_t lo = info->dlpi_addr + ph->p_vaddr, hi = lo + ph->p_memsz;
    if (!g_exe_lo || lo < g_exe_lo) g_exe_lo = lo;
    if (hi > g_exe_hi) g_exe_hi = hi;
  }
  return 1; /* the executable comes first: stop there */
}
#endif

HIDDEN void note_executable_range(void) {
#if defined(__linux__)
  dl_iterate_phdr(note_exe, NULL);
#endif
}

HIDDEN int in_executable(uintptr_t pc) { return pc >= g_exe_lo && pc < g_exe_hi; }

/* Whether a string compare called from pc is the target's: an execution runs and pc is not Bun's. */
static inline int targets_compare(uintptr_t pc) {
  return g_recording && !(pc >= g_exe_lo && pc < g_exe_hi);
}

/* ---- value profile (-use_value_profile=1) -------------------------------------------------- */
/* libFuzzer's semantics (FuzzerTracePC.cpp, FuzzerValueBitMap.h): every compare sets two bits of a
 * 64 Ki-bit map, PC*128 + popcount(a^b) and PC*128 + 64 + (a == b ? 0 : clz64(a-b) + 1), so an input
 * that brings a compare's operands one bit or one order of magnitude closer is new coverage. Only
 * the low 9 bits of the PC survive the modulo: within a page, so the same under ASLR, and seeded
 * runs repeat. */
static inline void vp_add(uint64_t v) {
  v &= BF_VP_BITS - 1;
  g_vp[v >> 3] |= (uint8_t)(1u << (v & 7));
}

/* `diff` is a-b as libFuzzer's HandleCmp<T> computes it: 64-bit for 8-byte operands, zero-extended
 * for 4-byte ones, and the promoted int, sign-extended, for 1- and 2-byte ones. */
static inline void vp_cmp(uintptr_t pc, uint64_t a, uint64_t b, uint64_t diff) {
  uint64_t base = (uint64_t)pc * 128;
  vp_add(base + (uint64_t)__builtin_popcountll(a ^ b));
  vp_add(base + 64 + (a == b ? 0 : (uint64_t)__builtin_clzll(diff) + 1));
}

static inline uint64_t vp_diff(uint64_t a, uint64_t b, uint32_t size) {
  if (size == 8) return a - b;
  if (size == 4) return (uint32_t)(a - b);
  return (uint64_t)(int64_t)((int)a - (int)b);
}

/* memcmp-like calls: the common prefix length and the Hamming distance of the first differing byte,
 * at (PC & 4095) | prefix << 12 (libFuzzer's AddValueForMemcmp, at most 64 bytes compared). */
static void vp_mem(uintptr_t pc, const void *s1, const void *s2, size_t n, int stop_at_zero) {
  const uint8_t *a = s1, *b = s2;
  size_t len = n < 64 ? n : 64, i = 0;
  uint64_t hd = 0;
  for (; i < len; i++) {
    if (a[i] != b[i] || (stop_at_zero && a[i] == 0)) {
      hd = (uint64_t)__builtin_popcount((unsigned)(a[i] ^ b[i]));
      break;
    }
  }
  vp_add(((pc & 4095) | ((uint64_t)i << 12)) + hd);
}

/* ---- compare log --------------------------------------------------------------------------- */

HIDDEN uint8_t g_cmp_extras;

/* The compare log lives in the shim's own data, not in reserved memory: the callbacks then reach it
 * at a fixed offset from their code, with no pointer to load and no NULL to test. */
HIDDEN struct bf_cmp_log g_cmp[1];

EXPORT struct bf_cmp_log *bf_cmp_log(void) { return g_cmp; }

/* Slots are chosen from the operands, never from the PC: code addresses move with ASLR, and a
 * slot choice that moved would make a seeded run unrepeatable. One multiply: every failed compare
 * of the target pays for this hash (cJSON: about 700 compares per execution). */
static inline void cmp_log_int(uint64_t a, uint64_t b, uint32_t size, uint32_t flags) {
  if (a == b) return;
  uint64_t h = (a ^ (b << 29 | b >> 35) ^ size) * 0x9E3779B97F4A7C15ull;
  struct bf_cmp_int *e = &g_cmp->ints[h >> (64 - 9)];
  _Static_assert(BF_CMP_INT_SLOTS == 1u << 9, "the slot is the hash's top 9 bits");
  e->a = a;
  e->b = b;
  e->size = size;
  e->flags = flags;
  g_cmp->writes++;
}

/* A compare with the value profile or the compare trace on: off the common path, and reached by a
 * tail call, so the common path saves no registers. */
__attribute__((noinline)) static void cmp_int_extras(uintptr_t pc, uint64_t a, uint64_t b, uint32_t size, uint32_t flags) {
  if (g_vp) vp_cmp(pc, a, b, vp_diff(a, b, size));
  if (g_trace && a != b) trace_int(pc, a, b, size);
  cmp_log_int(a, b, size, flags);
}

static inline void cmp_int(uintptr_t pc, uint64_t a, uint64_t b, uint32_t size, uint32_t flags) {
  S.work++;
  if (__builtin_expect(g_cmp_extras, 0)) {
    cmp_int_extras(pc, a, b, size, flags);
    return;
  }
  cmp_log_int(a, b, size, flags);
}

#define PC ((uintptr_t)__builtin_return_address(0))

/* libFuzzer's switch profile: for a value and case values of at least 256, the distances to the
 * nearest case below and above, at PC + 2i and PC + 2i + 1 where i is the first case above. The
 * cases come sorted (SanitizerCoverage sorts them). */
static void vp_switch(uintptr_t pc, uint64_t val, const uint64_t *cases) {
  uint64_t n = cases[0], bits = cases[1];
  const uint64_t *v = cases + 2;
  if (v[n - 1] < 256 || val < 256) return;
  uint64_t lo = 0, hi = ~(uint64_t)0, i;
  for (i = 0; i < n; i++) {
    if (val < v[i]) { hi = v[i]; break; }
    if (val > v[i]) lo = v[i];
  }
  uint32_t size = bits == 16 ? 2 : bits == 32 ? 4 : 8;
  if (size < 8) {
    uint64_t mask = size == 2 ? 0xffff : 0xffffffffu;
    val &= mask; lo &= mask; hi &= mask;
  }
  vp_cmp(pc + 2 * i, val, lo, vp_diff(val, lo, size));
  vp_cmp(pc + 2 * i + 1, val, hi, vp_diff(val, hi, size));
}
EXPORT void __sanitizer_cov_trace_cmp1(uint8_t a, uint8_t b) { cmp_int(PC, a, b, 1, 0); }
EXPORT void __sanitizer_cov_trace_cmp2(uint16_t a, uint16_t b) { cmp_int(PC, a, b, 2, 0); }
EXPORT void __sanitizer_cov_trace_cmp4(uint32_t a, uint32_t b) { cmp_int(PC, a, b, 4, 0); }
EXPORT void __sanitizer_cov_trace_cmp8(uint64_t a, uint64_t b) { cmp_int(PC, a, b, 8, 0); }
EXPORT void __sanitizer_cov_trace_const_cmp1(uint8_t a, uint8_t b) { cmp_int(PC, a, b, 1, 1); }
EXPORT void __sanitizer_cov_trace_const_cmp2(uint16_t a, uint16_t b) { cmp_int(PC, a, b, 2, 1); }
EXPORT void __sanitizer_cov_trace_const_cmp4(uint32_t a, uint32_t b) { cmp_int(PC, a, b, 4, 1); }
EXPORT void __sanitizer_cov_trace_const_cmp8(uint64_t a, uint64_t b) { cmp_int(PC, a, b, 8, 1); }

/* libFuzzer's HandleCmp takes a divisor or an array index (-fsanitize-coverage=trace-div,trace-gep)
 * as a compare with 0: into its table of recent compares (the CMP mutator can plant a zero divisor
 * or index) and, with the value profile, as a distance to zero. */
EXPORT void __sanitizer_cov_trace_div4(uint32_t v) { cmp_int(PC, v, 0, 4, 0); }
EXPORT void __sanitizer_cov_trace_div8(uint64_t v) { cmp_int(PC, v, 0, 8, 0); }
EXPORT void __sanitizer_cov_trace_gep(uintptr_t idx) { cmp_int(PC, idx, 0, sizeof idx, 0); }

/* Recording every case of a switch on every call would cost O(cases) per byte in a lexer; one case
 * per call reaches them all over a few executions at O(1). Each switch steps its own counter (by
 * call site, in a small table): one counter shared by all made two switches per execution step it
 * by 2, so a 4-case switch only ever logged its cases 0 and 2 and the others were never found
 * (targets/conformance/switch.c). The counter is a Weyl sequence, whose top bits times the case
 * count pick the case: a multiply where a rotating index needed a division. */
static uint32_t g_switch_rot[256];

EXPORT void __sanitizer_cov_trace_switch(uint64_t val, uint64_t *cases) {
  uint64_t n = cases[0];
  if (!n) return;
  S.work++;
  uintptr_t pc = PC;
  uint32_t *rot = &g_switch_rot[(pc >> 2) & 255];
  *rot += 0x9E3779B9u;
  uint64_t c = cases[2 + (((uint64_t)*rot * n) >> 32)];
  if (__builtin_expect(g_cmp_extras, 0)) {
    if (g_vp) vp_switch(pc, val, cases);
    if (g_trace && val != c) trace_int(pc, val, c, (uint32_t)(cases[1] / 8));
  }
  cmp_log_int(val, c, (uint32_t)(cases[1] / 8), 1);
}

/* Indirect calls feed only the value profile, as in libFuzzer: a callee not called from here. */
EXPORT void __sanitizer_cov_trace_pc_indir(uintptr_t callee) {
  if (g_vp) vp_add(((PC & 4095) | ((callee & 4095) << 12)) % 65371); /* libFuzzer's AddValueModPrime */
}

static void cmp_mem(uintptr_t pc, const void *a, size_t la, const void *b, size_t lb) {
  (void)pc;
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

/* The value profile of string and memory compares follows libFuzzer's hooks: only failed ones, of
 * more than one byte (for strings: of both strings' common length, up to the first NUL). */
EXPORT void __sanitizer_weak_hook_memcmp(void *pc, const void *s1, const void *s2, size_t n, int result) {
  if (!targets_compare((uintptr_t)pc)) return;
  S.work++;
  if (result == 0 || n <= 1) return;
  if (g_vp) vp_mem((uintptr_t)pc, s1, s2, n, 0);
  if (g_trace) trace_mem((uintptr_t)pc, s1, n, s2, n, 0);
  cmp_mem((uintptr_t)pc, s1, n, s2, n);
}
EXPORT void __sanitizer_weak_hook_strncmp(void *pc, const char *s1, const char *s2, size_t n, int result) {
  if (!targets_compare((uintptr_t)pc)) return;
  S.work++;
  if (result == 0) return;
  size_t l1 = strnlen(s1, n), l2 = strnlen(s2, n);
  if (g_vp && l1 > 1 && l2 > 1) vp_mem((uintptr_t)pc, s1, s2, l1 < l2 ? l1 : l2, 1);
  if (g_trace && (l1 > 1 || l2 > 1)) trace_mem((uintptr_t)pc, s1, l1, s2, l2, 1);
  if (l1 > 1 || l2 > 1) cmp_mem((uintptr_t)pc, s1, l1, s2, l2);
}
EXPORT void __sanitizer_weak_hook_strcmp(void *pc, const char *s1, const char *s2, int result) {
  if (!targets_compare((uintptr_t)pc)) return;
  S.work++;
  if (result == 0) return;
  size_t l1 = strnlen(s1, BF_CMP_MEM_BYTES + 1), l2 = strnlen(s2, BF_CMP_MEM_BYTES + 1);
  if (g_vp && l1 > 1 && l2 > 1) vp_mem((uintptr_t)pc, s1, s2, l1 < l2 ? l1 : l2, 1);
  if (g_trace && (l1 > 1 || l2 > 1)) trace_mem((uintptr_t)pc, s1, l1, s2, l2, 1);
  if (l1 > 1 || l2 > 1) cmp_mem((uintptr_t)pc, s1, l1, s2, l2);
}
EXPORT void __sanitizer_weak_hook_strncasecmp(void *pc, const char *s1, const char *s2, size_t n, int result) {
  __sanitizer_weak_hook_strncmp(pc, s1, s2, n, result);
}
EXPORT void __sanitizer_weak_hook_strcasecmp(void *pc, const char *s1, const char *s2, int result) {
  __sanitizer_weak_hook_strcmp(pc, s1, s2, result);
}
EXPORT void __sanitizer_weak_hook_strstr(void *pc, const char *s1, const char *s2, char *result) {
  if (!targets_compare((uintptr_t)pc)) return;
  S.work++;
  if (result) return;
  cmp_mem((uintptr_t)pc, s1, strnlen(s1, BF_CMP_MEM_BYTES), s2, strnlen(s2, BF_CMP_MEM_BYTES));
}
EXPORT void __sanitizer_weak_hook_strcasestr(void *pc, const char *s1, const char *s2, char *result) {
  __sanitizer_weak_hook_strstr(pc, s1, s2, result);
}
EXPORT void __sanitizer_weak_hook_memmem(void *pc, const void *s1, size_t l1, const void *s2, size_t l2, void *result) {
  if (!targets_compare((uintptr_t)pc)) return;
  S.work++;
  if (!result) cmp_mem((uintptr_t)pc, s1, l1, s2, l2);
}

/* Targets built by `bunfuzz build` are linked with --wrap for these, so compare operands reach the
 * log even where the interceptors are not preloaded. They call the C library's functions (bf_real),
 * not the shim's exported ones, which would hand the operands to the hooks a second time. */
#define REAL(f) (bf_real.f ? bf_real.f : (bf_resolve_reals(), bf_real.f))
EXPORT int __wrap_memcmp(const void *a, const void *b, size_t n) {
  int r = REAL(memcmp)(a, b, n);
  __sanitizer_weak_hook_memcmp((void *)PC, a, b, n, r);
  return r;
}
EXPORT int __wrap_bcmp(const void *a, const void *b, size_t n) {
  int r = REAL(bcmp)(a, b, n);
  __sanitizer_weak_hook_memcmp((void *)PC, a, b, n, r);
  return r;
}
EXPORT int __wrap_strcmp(const char *a, const char *b) {
  int r = REAL(strcmp)(a, b);
  __sanitizer_weak_hook_strcmp((void *)PC, a, b, r);
  return r;
}
EXPORT int __wrap_strncmp(const char *a, const char *b, size_t n) {
  int r = REAL(strncmp)(a, b, n);
  __sanitizer_weak_hook_strncmp((void *)PC, a, b, n, r);
  return r;
}
EXPORT int __wrap_strcasecmp(const char *a, const char *b) {
  int r = REAL(strcasecmp)(a, b);
  __sanitizer_weak_hook_strcmp((void *)PC, a, b, r);
  return r;
}
EXPORT int __wrap_strncasecmp(const char *a, const char *b, size_t n) {
  int r = REAL(strncasecmp)(a, b, n);
  __sanitizer_weak_hook_strncmp((void *)PC, a, b, n, r);
  return r;
}
EXPORT char *__wrap_strstr(const char *h, const char *n) {
  char *r = REAL(strstr)(h, n);
  __sanitizer_weak_hook_strstr((void *)PC, h, n, r);
  return r;
}
EXPORT char *__wrap_strcasestr(const char *h, const char *n) {
  char *r = REAL(strcasestr)(h, n);
  __sanitizer_weak_hook_strstr((void *)PC, h, n, r);
  return r;
}
EXPORT void *__wrap_memmem(const void *h, size_t hl, const void *n, size_t nl) {
  void *r = REAL(memmem)(h, hl, n, nl);
  __sanitizer_weak_hook_memmem((void *)PC, h, hl, n, nl, r);
  return r;
}
