/* Planted bug for value profile: a 32-bit field must equal a constant, and trace-cmp's operands must
 * not help (run with -use_cmp=0 -use_value_profile=1). Only how many bits of the field already
 * match tells the fuzzer it is getting closer. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size != 6) return 0;
  uint32_t tag;
  memcpy(&tag, data + 1, 4);
  if (tag == 0x5a17c3e9u) __builtin_trap();
  return 0;
}
