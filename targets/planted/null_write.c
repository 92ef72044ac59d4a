/* Planted bug: a NULL write behind a 2-byte prefix, reached through a function pointer table so
 * that the crash happens one call deeper than the harness. */
#include <stddef.h>
#include <stdint.h>

static void store(int *p) { *p = 42; }
static void (*volatile sink)(int *) = store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 2 && data[0] == 'N' && data[1] == 'W') sink((int *)0);
  return 0;
}
