/* Any input that starts with 'L' leaks 4 bytes (the shape of LLVM's LeakTest). A leak is found
 * only by LeakSanitizer: build with -asan. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static void *volatile sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'L') {
    sink = malloc(4);
    sink = 0;
  }
  return 0;
}
