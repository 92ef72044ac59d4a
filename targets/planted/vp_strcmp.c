/* Planted bug for value profile: a NUL-terminated command must equal a keyword under strcmp (value
 * profile only: -use_cmp=0 -use_value_profile=1, so the keyword is never copied from the compare;
 * the length of the common prefix guides the fuzzer one character at a time). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char cmd[16];
  if (size < 2 || size > sizeof cmd) return 0;
  memcpy(cmd, data, size);
  cmd[size - 1] = 0;
  if (strcmp(cmd, "qZx!7vR") == 0) __builtin_trap();
  return 0;
}
