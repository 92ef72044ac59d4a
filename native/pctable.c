/*
 * PC tables (-fsanitize-coverage=pc-table): for every counter of an instrumented module, the
 * address of its basic block and a flag word (bit 0: the block is a function entry). The shim keeps
 * them, tied to the counter region they describe, so the engine can map a counter to its pc and the
 * pc to a file offset in its module (coverage reports, -print_pcs, -print_coverage). Nothing here
 * runs per execution.
 *
 * Pairing: a module's constructor registers its counters (__sanitizer_cov_8bit_counters_init or
 * __sanitizer_cov_trace_pc_guard_init) and then, in the same constructor, its pc table, so a table
 * belongs to the region registered last when it has the same number of entries (libFuzzer pairs
 * them by module order and checks the sizes the same way).
 */
#include "internal.h"

#define MAX_TABLES 1024

struct pc_table {
  const uintptr_t *beg; /* n pairs (pc, flags) */
  uint32_t n;
  uint32_t region;      /* index of the counter region it describes */
};

static struct pc_table g_tables[MAX_TABLES];
static uint32_t g_num_tables;

EXPORT void __sanitizer_cov_pcs_init(const uintptr_t *beg, const uintptr_t *end) {
  if (beg >= end) return;
  for (uint32_t t = 0; t < g_num_tables; t++)
    if (g_tables[t].beg == beg) return; /* the module's constructor ran twice */
  uint32_t n = (uint32_t)((end - beg) / 2);
  S.num_pcs += n;
  uint32_t first, count, is_edges;
  uint32_t last = S.num_modules - 1;
  if (S.num_modules == 0 || region_at(last, &first, &count, &is_edges) != 0 || count != n || !is_edges) return;
  for (uint32_t t = 0; t < g_num_tables; t++)
    if (g_tables[t].region == last) return; /* that region already has its table */
  if (g_num_tables < MAX_TABLES) g_tables[g_num_tables++] = (struct pc_table){beg, n, last};
}

EXPORT int32_t bf_region_info(uint32_t r, uint64_t *out) {
  uint32_t first, n, is_edges;
  if (region_at(r, &first, &n, &is_edges) != 0) return -1;
  out[0] = first;
  out[1] = n;
  out[2] = is_edges;
  out[3] = out[4] = out[5] = 0;
  for (uint32_t t = 0; t < g_num_tables; t++) {
    if (g_tables[t].region != r) continue;
    out[3] = (uint64_t)(uintptr_t)g_tables[t].beg;
    Dl_info info;
    if (dladdr((void *)g_tables[t].beg[0], &info)) {
      out[4] = (uint64_t)(uintptr_t)info.dli_fbase;
      out[5] = (uint64_t)(uintptr_t)info.dli_fname;
    }
    break;
  }
  return 0;
}
