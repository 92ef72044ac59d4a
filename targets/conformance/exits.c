/* "Hi!" makes the target call exit(0) (libFuzzer reports an exit inside the target as a finding:
 * "fuzz target exited"). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

static volatile int sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 0 && data[0] == 'H') {
    sink = 1;
    if (size > 1 && data[1] == 'i') {
      sink = 2;
      if (size > 2 && data[2] == '!') exit(0);
    }
  }
  return 0;
}
