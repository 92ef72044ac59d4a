/* No bug: two branches, so the corpus stops growing after the first inputs (length-control tests). */
#include <stddef.h>
#include <stdint.h>

volatile int sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'x') sink = 1;
  return 0;
}
