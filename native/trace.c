/*
 * The compare trace (shim.h, struct bf_trace): while the engine's input-to-state stage runs, each
 * execution lists its failed compares in order, so the stage can find an operand in the input and
 * write the other one there, and tell which compares a patch broke that the original passed (a
 * checksum over the patched bytes). Off, it costs each compare callback one load and a branch.
 */
#include "internal.h"

static struct bf_trace *g_trace_mem;
HIDDEN struct bf_trace *g_trace; /* NULL while tracing is off */

/* Per-site counts for the current execution: open addressing on the site, stamped with the
 * execution's number so that starting an execution clears the table without touching it. */
#define SITE_SLOTS 4096u
static struct { uint32_t site, epoch, n; } g_sites[SITE_SLOTS];
static uint32_t g_epoch = 1;

HIDDEN void trace_begin(void) {
  g_trace->count = 0;
  g_trace->pool_used = 0;
  if (++g_epoch == 0) g_epoch = 1;
}

/* Whether the site may add one more entry in this execution (and counts it). */
static int site_allows(uint32_t site) {
  uint32_t h = (site * 0x9E3779B1u) >> 20;
  for (uint32_t probe = 0; probe < 8; probe++) {
    uint32_t i = (h + probe) & (SITE_SLOTS - 1);
    if (g_sites[i].epoch != g_epoch) {
      g_sites[i].site = site;
      g_sites[i].epoch = g_epoch;
      g_sites[i].n = 1;
      return 1;
    }
    if (g_sites[i].site == site) return g_sites[i].n < BF_TRACE_PER_SITE ? (g_sites[i].n++, 1) : 0;
  }
  return 1; /* a crowded neighbourhood: record rather than lose a site */
}

HIDDEN void trace_int(uintptr_t pc, uint64_t a, uint64_t b, uint32_t size) {
  struct bf_trace *t = g_trace;
  if (t->count >= BF_TRACE_ENTRIES || !site_allows((uint32_t)pc)) return;
  struct bf_trace_entry *e = &t->e[t->count++];
  e->a = a;
  e->b = b;
  e->site = (uint32_t)pc;
  e->size = size;
}

/* Both operands are stored with the longer one's length (at most BF_CMP_MEM_BYTES), the shorter one
 * padded with NULs; `str` marks string operands (strcmp, strncmp), whose padding is not content. */
HIDDEN void trace_mem(uintptr_t pc, const void *a, size_t la, const void *b, size_t lb, uint32_t str) {
  struct bf_trace *t = g_trace;
  if (la > BF_CMP_MEM_BYTES) la = BF_CMP_MEM_BYTES;
  if (lb > BF_CMP_MEM_BYTES) lb = BF_CMP_MEM_BYTES;
  size_t n = la > lb ? la : lb;
  if (t->count >= BF_TRACE_ENTRIES || t->pool_used + 2 * n > BF_TRACE_POOL || !site_allows((uint32_t)pc)) return;
  struct bf_trace_entry *e = &t->e[t->count++];
  uint8_t *p = t->pool + t->pool_used;
  memcpy(p, a, la);
  memset(p + la, 0, n - la);
  memcpy(p + n, b, lb);
  memset(p + n + lb, 0, n - lb);
  e->a = t->pool_used;
  e->b = t->pool_used + n;
  t->pool_used += (uint32_t)(2 * n);
  e->site = (uint32_t)pc;
  e->size = BF_TRACE_MEM | (str ? BF_TRACE_STR : 0) | (uint32_t)n;
}

EXPORT struct bf_trace *bf_trace_log(void) {
  if (!g_trace_mem) {
    g_trace_mem = reserve(sizeof(struct bf_trace));
    if (!g_trace_mem) {
      write_str("bunfuzz shim: cannot reserve the compare trace\n");
      _exit(BF_EXIT_SHIM_FAILURE);
    }
  }
  return g_trace_mem;
}

EXPORT void bf_trace(uint32_t on) {
  g_trace = on ? bf_trace_log() : NULL;
  g_cmp_extras = g_vp || g_trace;
  if (g_trace) trace_begin();
}
