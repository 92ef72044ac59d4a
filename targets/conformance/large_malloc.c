/* "Hi" asks malloc for 3 Gb in one call and touches none of it (the shape of LLVM's
 * OutOfMemorySingleLargeMallocTest): only a per-malloc limit catches it before the RSS grows. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static void *volatile sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'H') {
    sink = 0;
    if (size > 1 && data[1] == 'i') {
      sink = malloc((size_t)3 << 30);
      free(sink);
    }
  }
  return 0;
}
