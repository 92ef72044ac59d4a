/* Planted bug: nested conditions with a checksum. A 2-byte magic, then a stored 32-bit checksum
 * that must equal the FNV-1a hash of the payload after it, then a minimum payload size. The hash
 * is only reachable through compare feedback: the engine must copy a computed value into the
 * input, and the value changes whenever the payload does. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 6 || data[0] != 'C' || data[1] != 'K') return 0;
  uint32_t want;
  memcpy(&want, data + 2, 4);
  uint32_t got = 0x811c9dc5u;
  for (size_t i = 6; i < size && i < 16; i++) got = (got ^ data[i]) * 16777619u;
  if (want == got && size >= 10) *(volatile int *)16 = 1;
  return 0;
}
