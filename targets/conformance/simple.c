/* Three nested byte checks, then a NULL write: the smallest thing a coverage-guided fuzzer must
 * find (the shape of LLVM's SimpleTest). */
#include <stddef.h>
#include <stdint.h>

static volatile int depth;
static int *volatile nowhere;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'H') {
    depth = 1;
    if (size > 1 && data[1] == 'i') {
      depth = 2;
      if (size > 2 && data[2] == '!') *nowhere = 42;
    }
  }
  return 0;
}
