/* "Hi!" reads through a NULL pointer (the shape of LLVM's NullDerefTest): under ASan, a SEGV
 * report. */
#include <stddef.h>
#include <stdint.h>

static int *volatile nowhere;
static volatile int sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'H') {
    sink = 1;
    if (size > 1 && data[1] == 'i') {
      sink = 2;
      if (size > 2 && data[2] == '!') sink = *nowhere;
    }
  }
  return 0;
}
