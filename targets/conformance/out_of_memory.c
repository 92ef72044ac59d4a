/* "Hi" makes the target hold more and more memory, 64 Mb at a time, each page touched so that it
 * counts in the resident set (the shape of LLVM's OutOfMemoryTest). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *volatile held[1024];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'H') {
    held[0] = 0;
    if (size > 1 && data[1] == 'i') {
      for (int i = 0; i < 1024; i++) {
        held[i] = malloc(64 << 20);
        if (held[i]) memset(held[i], i, 64 << 20);
      }
    }
  }
  return 0;
}
