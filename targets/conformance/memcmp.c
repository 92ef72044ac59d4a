/* A 16-byte key compared with memcmp in two halves, after a 4-byte prefix (the shape of LLVM's
 * MemcmpTest). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int *volatile nowhere;
static volatile int progress;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 20) return 0;
  if (memcmp(data, "KEY:", 4) != 0) return 0;
  progress = 1;
  if (memcmp(data + 4, "0123456789ab", 12) == 0) {
    progress = 2;
    if (memcmp(data + 16, "cdef", 4) == 0) *nowhere = 1;
  }
  return 0;
}
