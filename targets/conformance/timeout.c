/* "Hi!" sends the target into a loop that never ends (the shape of LLVM's TimeoutTest). */
#include <stddef.h>
#include <stdint.h>

static volatile int spin;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'H') {
    spin = 1;
    if (size > 1 && data[1] == 'i') {
      spin = 2;
      if (size > 2 && data[2] == '!') for (;;) spin++;
    }
  }
  return 0;
}
