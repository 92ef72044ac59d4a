/*
 * Coverage: the counter regions (each module's inline 8-bit counters or pc guards, and the shim's
 * own blocks for JS probes, stack depth and the value profile) and the features collected from
 * them after each execution. This file owns the private coverage memory the engine reads through
 * the accessors at the end (shim.h, Features); which feature to keep is the engine's business.
 */
#include "internal.h"

#define MAX_REGIONS 1024

/* A contiguous block of 8-bit counters and the global edge id of its first counter (its kind: see
 * enum region_kind in internal.h). */
struct region {
  uint8_t *counters;
  uint32_t first_edge;
  uint32_t n;
  uint32_t kind;
};

static struct region g_regions[MAX_REGIONS];
static uint32_t g_next_edge = 1;      /* edge 0 is never allocated: a zero guard means "off" */
HIDDEN uint8_t *g_counters;           /* counters for guards and JS probes, indexed by edge id */
static uint8_t *g_seen;               /* per edge: bit set of buckets ever seen */
static uint32_t *g_touched, *g_new;   /* per-execution feature lists, capacity BF_MAX_EDGES */
static uint16_t *g_freq;              /* per feature: executions that touched it (saturating) */
static uint8_t *g_rare;               /* per feature: marked rare by the engine */
static uint32_t g_rare_hits[BF_MAX_RARE_HITS];

/* ---- private memory ---------------------------------------------------------------------- */

/* Reserved lazily: instrumented modules may register (from their constructors) before bf_init. */
static int ensure_private(void) {
  if (g_seen) return 0;
  g_counters = reserve(BF_MAX_EDGES);
  g_seen = reserve(BF_MAX_EDGES);
  g_touched = reserve(BF_MAX_EDGES * sizeof(uint32_t));
  g_new = reserve(BF_MAX_EDGES * sizeof(uint32_t));
  g_freq = reserve((size_t)BF_MAX_EDGES * 8 * sizeof(uint16_t));
  g_rare = reserve((size_t)BF_MAX_EDGES * 8);
  if (!g_counters || !g_seen || !g_touched || !g_new || !g_freq || !g_rare) {
    write_str("bunfuzz shim: cannot reserve coverage memory\n");
    _exit(BF_EXIT_SHIM_FAILURE);
  }
  return 0;
}

HIDDEN uint32_t add_region_kind(uint8_t *counters, uint32_t n, enum region_kind kind) {
  ensure_private();
  if (S.num_modules >= MAX_REGIONS || g_next_edge + n >= BF_MAX_EDGES) {
    write_str("bunfuzz shim: too many instrumented modules or edges\n");
    _exit(BF_EXIT_SHIM_FAILURE);
  }
  uint32_t first = g_next_edge;
  g_regions[S.num_modules++] = (struct region){counters ? counters : g_counters + first, first, n, kind};
  g_next_edge += n;
  S.num_edges = g_next_edge;
  return first;
}

static uint32_t add_region(uint8_t *counters, uint32_t n) { return add_region_kind(counters, n, REGION_EDGES); }

HIDDEN int32_t region_at(uint32_t r, uint32_t *first_edge, uint32_t *n, uint32_t *is_edges) {
  if (r >= S.num_modules) return -1;
  *first_edge = g_regions[r].first_edge;
  *n = g_regions[r].n;
  *is_edges = g_regions[r].kind == REGION_EDGES;
  return 0;
}

EXPORT uint32_t bf_alloc_counters(uint32_t n) { return add_region(NULL, n); }

/* ---- SanitizerCoverage callbacks --------------------------------------------------------- */

EXPORT void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop) {
  if (start < stop) add_region(start, (uint32_t)(stop - start));
}

EXPORT void __sanitizer_cov_trace_pc_guard_init(uint32_t *start, uint32_t *stop) {
  if (start == stop || *start) return; /* already initialised (the module's ctor may run twice) */
  uint32_t n = (uint32_t)(stop - start);
  uint32_t first = add_region(NULL, n);
  for (uint32_t i = 0; i < n; i++) start[i] = first + i;
}

EXPORT void __sanitizer_cov_trace_pc_guard(uint32_t *guard) { g_counters[*guard]++; }

/* ---- value profile ----------------------------------------------------------------------- */

/* The value-profile map, and the pointer the compare callbacks (compare.c) test: NULL while the
 * profile is off, so an off profile costs each callback one load and a branch. */
static uint8_t g_vp_map[BF_VP_BITS / 8];
HIDDEN uint8_t *g_vp;

EXPORT uint32_t bf_value_profile(uint32_t on) {
  if (on && !S.vp_edge) S.vp_edge = add_region_kind(g_vp_map, BF_VP_EDGES, REGION_BITS);
  g_vp = on ? g_vp_map : NULL;
  g_cmp_extras = g_vp || g_trace;
  return S.vp_edge;
}

EXPORT uint8_t *bf_vp_map(void) { return g_vp_map; }

/* ---- feature collection ------------------------------------------------------------------ */

/* Hit count -> bucket 0..7 (1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+); index 0 is never read. */
static uint8_t BUCKET[256];

static void init_buckets(void) {
  for (int c = 1; c < 256; c++) BUCKET[c] = (uint8_t)(c == 1 ? 0 : c == 2 ? 1 : c == 3 ? 2 : c < 8 ? 3 : c < 16 ? 4 : c < 32 ? 5 : c < 128 ? 6 : 7);
}

/* Whether every touched feature's frequency is counted (the rare-feature schedule), or only those
 * marked rare (entropic, which zeroes a feature's count when it marks it). bf_count_frequencies. */
static uint8_t g_freq_all = 1;

/* What collect() fills, held in locals: once note() is inlined, the counts and pointers live in
 * registers (through globals, each store to a list made the compiler reload every count). */
struct sink {
  uint32_t *restrict touched, *restrict fresh, *restrict rare_hits;
  uint16_t *restrict freq;
  const uint8_t *restrict rare;
  uint8_t *restrict seen;
  uint32_t nt, nn, nr, covered, total;
  uint8_t freq_all;
};

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* Records feature edge*8+b as touched, counts it, and notes whether it is new. */
ALWAYS_INLINE void note(struct sink *k, uint32_t edge, uint32_t b, uint32_t is_edge) {
  uint8_t bit = (uint8_t)(1u << b);
  uint32_t feature = edge * 8 + b;
  k->touched[k->nt++] = feature;
  uint8_t rare = k->rare[feature];
  if ((rare | k->freq_all) && k->freq[feature] != 0xffff) k->freq[feature]++;
  if (rare && k->nr < BF_MAX_RARE_HITS) k->rare_hits[k->nr++] = feature;
  uint8_t seen = k->seen[edge];
  if (!(seen & bit)) {
    if (!seen) k->covered += is_edge;
    k->seen[edge] = seen | bit;
    k->total++;
    k->fresh[k->nn++] = feature;
  }
}

/* The features of one non-zero word of region bytes starting at `edge`, lowest byte first: a hit
 * count per byte, or (value-profile block) a bit set per byte. */
ALWAYS_INLINE void note_word(struct sink *k, uint64_t w, uint32_t edge, enum region_kind kind) {
  if (kind == REGION_BITS) {
    for (; w; w &= w - 1) {
      uint32_t b = (uint32_t)__builtin_ctzll(w);
      note(k, edge + (b >> 3), b & 7, 0);
    }
    return;
  }
  uint32_t is_edge = kind == REGION_EDGES;
  while (w) {
    uint32_t j = (uint32_t)__builtin_ctzll(w) >> 3;
    note(k, edge + j, BUCKET[(uint8_t)(w >> (j * 8))], is_edge);
    w &= ~(0xffull << (j * 8));
  }
}

/* One pass over every region: skip zero blocks, bucket, compare with the seen map, record, reset.
 * With discard set, only reset. Features come out in ascending order (regions are in edge order,
 * words low byte first). Blocks of 4 words are tested at once, and a non-zero word visits only its
 * non-zero bytes: on cJSON about half the words of an execution are zero, and one by one they cost
 * 11 instructions each (bench/results/native-overhead.md has the counts). */
HIDDEN int32_t collect(int discard) {
  struct sink k = {g_touched, g_new, g_rare_hits, g_freq, g_rare, g_seen, 0, 0, 0, S.covered_edges, S.total_features, g_freq_all};
  for (uint32_t r = 0; r < S.num_modules; r++) {
    uint8_t *p = g_regions[r].counters;
    uint32_t n = g_regions[r].n, e0 = g_regions[r].first_edge, i = 0;
    enum region_kind kind = (enum region_kind)g_regions[r].kind;
    for (; i + 32 <= n; i += 32) {
      uint64_t w[4];
      memcpy(w, p + i, 32);
      if (!(w[0] | w[1] | w[2] | w[3])) continue;
      memset(p + i, 0, 32);
      if (discard) continue;
      for (uint32_t q = 0; q < 4; q++) if (w[q]) note_word(&k, w[q], e0 + i + 8 * q, kind);
    }
    for (; i < n; i += 8) {
      uint64_t w = 0;
      uint32_t len = n - i < 8 ? n - i : 8;
      memcpy(&w, p + i, len);
      if (!w) continue;
      memset(p + i, 0, len);
      if (!discard) note_word(&k, w, e0 + i, kind);
    }
  }
  S.touched_count = k.nt;
  S.new_count = k.nn;
  S.rare_count = k.nr;
  S.covered_edges = k.covered;
  S.total_features = k.total;
  return (int32_t)k.nn;
}

EXPORT void bf_count_frequencies(uint32_t all) { g_freq_all = all ? 1 : 0; }

EXPORT int32_t bf_collect(uint32_t len) {
  (void)len;
  return collect(0);
}

EXPORT void bf_reset_counters(void) { collect(1); }

/* ---- set-up and accessors ---------------------------------------------------------------- */

HIDDEN void coverage_init(void) {
  ensure_private();
  init_buckets();
  if (!S.depth_edge) S.depth_edge = add_region_kind(NULL, BF_DEPTH_EDGES, REGION_FEATURES);
}

EXPORT uint32_t *bf_touched(void) { ensure_private(); return g_touched; }
EXPORT uint32_t *bf_new_features(void) { ensure_private(); return g_new; }
EXPORT uint8_t *bf_seen(void) { ensure_private(); return g_seen; }
EXPORT uint16_t *bf_feature_freq(void) { ensure_private(); return g_freq; }
EXPORT uint8_t *bf_rare_flags(void) { ensure_private(); return g_rare; }
EXPORT uint32_t *bf_rare_hits(void) { ensure_private(); return g_rare_hits; }
EXPORT uint8_t *bf_counters(void) { ensure_private(); return g_counters; }
