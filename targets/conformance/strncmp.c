/* Three strncmp calls on parts of the input (the shape of LLVM's StrncmpTest): found through the
 * operands of failed string compares. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int *volatile nowhere;
static volatile int progress;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  if (size < 14) return 0;
  if (strncmp(s, "magic", 5) == 0) {
    progress = 1;
    if (strncmp(s + 5, "word", 4) == 0) {
      progress = 2;
      if (strncmp(s + 9, "fuzz!", 5) == 0) *nowhere = 1;
    }
  }
  return 0;
}
