/* Planted bug for value profile: a 64-bit field must equal a constant (value profile only:
 * -use_cmp=0 -use_value_profile=1). 2^64 values by chance; bit by bit with value profile. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 10) return 0;
  uint64_t id;
  memcpy(&id, data + 2, 8);
  if (id == 0x3e0b9d14c7a26f58ull) __builtin_trap();
  return 0;
}
