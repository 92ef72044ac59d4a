/* Planted bug: the input must start with an 8-byte keyword checked by one memcmp call, which is a
 * single edge: coverage gives no gradient, only the memcmp hook's operands do. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 8 && memcmp(data, "SESAME!?", 8) == 0) abort();
  return 0;
}
