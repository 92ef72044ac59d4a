/* Planted bug: an infinite loop behind a 3-byte prefix; must become a timeout- artifact. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 3 && data[0] == 'H' && data[1] == 'N' && data[2] == 'G') {
    volatile int spin = 1;
    while (spin) {
    }
  }
  return 0;
}
