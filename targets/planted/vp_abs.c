/* Planted bug for value profile: abs(x) of a 32-bit signed field must equal a constant (value
 * profile only: -use_cmp=0 -use_value_profile=1). The compare sees abs(x), not a value copied from
 * the input, so even compare feedback would have to guess the sign. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 8) return 0;
  int32_t x;
  memcpy(&x, data + 4, 4);
  if (abs(x) == 0x1c3a55e7) __builtin_trap();
  return 0;
}
