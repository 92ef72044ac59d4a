/* Planted bug: the target calls exit() on one input; libFuzzer reports "fuzz target exited". */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 2 && data[0] == 'E' && data[1] == 'X') exit(3);
  return 0;
}
