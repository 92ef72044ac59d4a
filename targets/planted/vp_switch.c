/* Planted bug for value profile: a switch over 32-bit opcodes, one of which crashes (value profile
 * only: -use_cmp=0 -use_value_profile=1). Case values are large, as the switch profile needs. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static volatile int sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4) return 0;
  uint32_t op;
  memcpy(&op, data, 4);
  switch (op) {
    case 0x10203040u: sink = 1; break;
    case 0x2badc0deu: sink = 2; break;
    case 0x61f0e7a3u: __builtin_trap();
    case 0x9d000001u: sink = 3; break;
    case 0xc1c2c3c4u: sink = 4; break;
  }
  return 0;
}
