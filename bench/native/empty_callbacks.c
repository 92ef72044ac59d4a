/*
 * Empty SanitizerCoverage callbacks, for the probe-overhead benchmark's "callbacks only" rows: a
 * target built with trace-cmp (or trace-pc-guard) calls these, so the call itself is measured
 * without any work a runtime does inside it. Preloaded into the driver's `call` mode.
 */
#include <stddef.h>
#include <stdint.h>

#define EMPTY(name, ...) void name(__VA_ARGS__) {}
EMPTY(__sanitizer_cov_trace_cmp1, uint8_t a, uint8_t b)
EMPTY(__sanitizer_cov_trace_cmp2, uint16_t a, uint16_t b)
EMPTY(__sanitizer_cov_trace_cmp4, uint32_t a, uint32_t b)
EMPTY(__sanitizer_cov_trace_cmp8, uint64_t a, uint64_t b)
EMPTY(__sanitizer_cov_trace_const_cmp1, uint8_t a, uint8_t b)
EMPTY(__sanitizer_cov_trace_const_cmp2, uint16_t a, uint16_t b)
EMPTY(__sanitizer_cov_trace_const_cmp4, uint32_t a, uint32_t b)
EMPTY(__sanitizer_cov_trace_const_cmp8, uint64_t a, uint64_t b)
EMPTY(__sanitizer_cov_trace_switch, uint64_t v, uint64_t *cases)
EMPTY(__sanitizer_cov_trace_div4, uint32_t v)
EMPTY(__sanitizer_cov_trace_div8, uint64_t v)
EMPTY(__sanitizer_cov_trace_gep, uintptr_t i)
EMPTY(__sanitizer_cov_trace_pc_indir, uintptr_t c)
EMPTY(__sanitizer_cov_trace_pc_guard, uint32_t *g)
EMPTY(__sanitizer_cov_trace_pc_guard_init, uint32_t *a, uint32_t *b)
EMPTY(__sanitizer_cov_8bit_counters_init, uint8_t *a, uint8_t *b)
EMPTY(__sanitizer_cov_pcs_init, const uintptr_t *a, const uintptr_t *b)
__attribute__((tls_model("initial-exec"))) __thread uintptr_t __sancov_lowest_stack;
