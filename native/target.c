/*
 * The native target: loading its library so that its coverage callbacks bind to the shim, and its
 * libFuzzer entry points besides LLVMFuzzerTestOneInput (run.c runs that one): LLVMFuzzerInitialize,
 * LLVMFuzzerCustomMutator, LLVMFuzzerCustomCrossOver, and the LLVMFuzzerMutate they may call back.
 * Coverage the target makes outside an execution (initialisation, its own mutators) is discarded.
 */
#include "internal.h"

typedef int (*init_fn)(int *, char ***);
typedef size_t (*mutator_fn)(uint8_t *, size_t, size_t, unsigned int);
typedef size_t (*crossover_fn)(const uint8_t *, size_t, const uint8_t *, size_t, uint8_t *, size_t, unsigned int);

static init_fn g_initialize;
static mutator_fn g_custom_mutator;
static crossover_fn g_custom_crossover;

/* bun:ffi opened us RTLD_LOCAL; become global so a library's undefined callbacks bind to us. */
static void *open_global(const char *path, char *err, uint32_t err_len) {
  Dl_info self;
  if (dladdr((void *)&open_global, &self) && self.dli_fname)
    dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
  g_loading = 1;
  void *h = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
  g_loading = 0;
  if (!h) snprintf(err, err_len, "%s", dlerror());
  else register_extra_counters();
  return h;
}

EXPORT int32_t bf_load_library(const char *path, char *err, uint32_t err_len) {
  return open_global(path, err, err_len) ? 0 : 1;
}

EXPORT int32_t bf_load_target(const char *path, char *err, uint32_t err_len) {
  void *h = open_global(path, err, err_len);
  if (!h) return 1;
  g_test_one = (bf_test_one_fn)dlsym(h, "LLVMFuzzerTestOneInput");
  if (!g_test_one) {
    snprintf(err, err_len, "no LLVMFuzzerTestOneInput symbol");
    return 2;
  }
  g_initialize = (init_fn)dlsym(h, "LLVMFuzzerInitialize");
  g_custom_mutator = (mutator_fn)dlsym(h, "LLVMFuzzerCustomMutator");
  g_custom_crossover = (crossover_fn)dlsym(h, "LLVMFuzzerCustomCrossOver");
  return 0;
}

EXPORT uint32_t bf_target_hooks(void) {
  return (g_initialize ? 1u : 0u) | (g_custom_mutator ? 2u : 0u) | (g_custom_crossover ? 4u : 0u);
}

EXPORT int32_t bf_call_initialize(const char *args, uint32_t argc) {
  if (!g_initialize) return 0;
  /* A copy the process keeps: targets hold on to argv (a path beside argv[0], their own flags). */
  size_t bytes = 0;
  for (uint32_t i = 0; i < argc; i++) bytes += strlen(args + bytes) + 1;
  char *copy = malloc(bytes ? bytes : 1);
  char **argv = calloc((size_t)argc + 1, sizeof *argv);
  if (!copy || !argv) return -1;
  memcpy(copy, args, bytes);
  for (uint32_t i = 0, at = 0; i < argc; i++) {
    argv[i] = copy + at;
    at += (uint32_t)strlen(copy + at) + 1;
  }
  int n = (int)argc;
  H->in_target = 1;
  int r = g_initialize(&n, &argv);
  H->in_target = 0;
  collect(1); /* initialisation coverage is not an input's */
  return r;
}

static bf_mutate_fn g_default_mutate;

EXPORT void bf_set_default_mutator(bf_mutate_fn fn) { g_default_mutate = fn; }

/* libFuzzer's API for custom mutators: apply the engine's own mutations to (data, size). */
EXPORT size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) {
  return g_default_mutate ? g_default_mutate(data, size, max_size) : size;
}

EXPORT uint32_t bf_custom_mutate(uint32_t len, uint32_t max_len, uint32_t seed) {
  if (!g_custom_mutator) return 0;
  H->in_target = 1;
  size_t r = g_custom_mutator((uint8_t *)H + BF_HEADER_SIZE, len, max_len, seed);
  H->in_target = 0;
  collect(1);
  return (uint32_t)(r > max_len ? max_len : r);
}

EXPORT uint32_t bf_custom_crossover(const uint8_t *other, uint32_t other_len, uint32_t len, uint32_t max_len, uint32_t seed) {
  if (!g_custom_crossover) return 0;
  uint8_t *slot = (uint8_t *)H + BF_HEADER_SIZE;
  H->in_target = 1;
  size_t r = g_custom_crossover(slot, len, other, other_len, g_scratch, max_len, seed);
  H->in_target = 0;
  collect(1);
  if (r > max_len) r = max_len;
  memcpy(slot, g_scratch, r);
  return (uint32_t)r;
}
