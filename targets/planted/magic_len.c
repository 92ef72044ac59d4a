/* Planted bug: a 4-byte magic followed by a 16-bit little-endian length that must match the
 * remaining payload exactly; then a NULL write. Exercises byte-by-byte magic discovery and a
 * length field that has to agree with the input size. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 6) return 0;
  if (data[0] != 'B' || data[1] != 'F' || data[2] != 'Z' || data[3] != '1') return 0;
  size_t len = (size_t)data[4] | ((size_t)data[5] << 8);
  if (len == 0 || len != size - 6) return 0;
  if (data[6] == '!') *(volatile int *)0 = 1;
  return 0;
}
