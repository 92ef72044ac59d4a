/* NUL-terminated words compared with strcmp (the shape of LLVM's StrcmpTest): the input must hold
 * three words, each ending in a NUL byte. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int *volatile nowhere;
static volatile int progress;

static int word_is(const uint8_t *data, size_t size, size_t *at, const char *want) {
  size_t n = strlen(want);
  if (*at + n + 1 > size || data[*at + n] != 0) return 0;
  int ok = strcmp((const char *)data + *at, want) == 0;
  *at += n + 1;
  return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t at = 0;
  if (!word_is(data, size, &at, "alpha")) return 0;
  progress = 1;
  if (!word_is(data, size, &at, "bravo")) return 0;
  progress = 2;
  if (word_is(data, size, &at, "charlie")) *nowhere = 1;
  return 0;
}
