/* Two switches on wide values with sparse cases (the shape of LLVM's SwitchTest): found through
 * the switch's case values. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int *volatile nowhere;
static volatile int sink;

static int wide(uint32_t x) {
  switch (x) {
    case 0x10203040: return 1;
    case 0x55667788: return 2;
    case 0xdeadf00d: return 3;
    case 0x7fffffff: return 4;
    default: return 0;
  }
}

static int narrow(uint16_t x) {
  switch (x) {
    case 1234: return 1;
    case 4321: return 2;
    case 0xbeef: return 3;
    default: return 0;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size != 6) return 0;
  uint32_t a;
  uint16_t b;
  memcpy(&a, data, 4);
  memcpy(&b, data + 4, 2);
  int x = wide(a), y = narrow(b);
  sink = x + y;
  if (x == 3 && y == 3) *nowhere = 1;
  return 0;
}
