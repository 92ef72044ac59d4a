/* Planted bug: a 32-bit little-endian integer must equal one magic constant. Random mutation
 * has a 1 in 2^32 chance per try; compare feedback (trace-cmp) reads the constant directly. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4) return 0;
  uint32_t v;
  memcpy(&v, data, 4);
  if (v == 0x8badf00du) __builtin_trap();
  return 0;
}
