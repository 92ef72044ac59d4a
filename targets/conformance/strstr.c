/* A needle anywhere in the input, found with strstr and then memmem (the shape of LLVM's
 * StrstrTest). */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int *volatile nowhere;
static volatile int progress;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 8 || size > 64) return 0;
  char text[65];
  memcpy(text, data, size);
  text[size] = 0;
  if (strstr(text, "needle")) {
    progress = 1;
    if (memmem(data, size, "haystack", 8)) *nowhere = 1;
  }
  return 0;
}
