/* Loads a shim and a target the way the engine does (dlopen, bf_init, bf_load_target, bf_run) for a
 * platform whose Bun cannot run here: two runs of one input (new features, then none), then the
 * crashing input "FUZ", which the shim's handler must report with exit code 77.
 * Usage: loader SHIM TARGET SHM_PATH */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SYM(type, name)                                        \
  type *name = (type *)dlsym(shim, #name);                     \
  if (!name) {                                                 \
    printf("the shim has no %s\n", #name);                     \
    return 2;                                                  \
  }

typedef uint32_t abi_fn(void);
typedef int32_t init_fn(const char *, uint32_t, uint32_t, uint32_t);
typedef int32_t load_fn(const char *, char *, uint32_t);
typedef int32_t run_fn(uint32_t);
typedef uint8_t *header_fn(void);

int main(int argc, char **argv) {
  if (argc != 4) return 2;
  void *shim = dlopen(argv[1], RTLD_NOW);
  if (!shim) {
    printf("dlopen: %s\n", dlerror());
    return 2;
  }
  SYM(abi_fn, bf_abi_version);
  SYM(init_fn, bf_init);
  SYM(load_fn, bf_load_target);
  SYM(run_fn, bf_run);
  SYM(header_fn, bf_header);
  if (bf_init(argv[3], 4096, 1000, 0) != 0) return printf("bf_init failed\n"), 2;
  char err[512];
  if (bf_load_target(argv[2], err, sizeof err) != 0) return printf("loading the target: %s\n", err), 3;
  uint8_t *slot = bf_header() + 256; /* BF_HEADER_SIZE */
  memcpy(slot, "xxxxxx", 6);
  int first = bf_run(6), second = bf_run(6);
  printf("abi %u, new features %d then %d\n", bf_abi_version(), first, second);
  fflush(stdout);
  memcpy(slot, "FUZ", 3);
  bf_run(3);
  return 1; /* not reached: the handler exits 77 */
}
