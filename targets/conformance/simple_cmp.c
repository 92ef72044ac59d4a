/* Integer compares of four widths against constants, each guarding the next (the shape of LLVM's
 * SimpleCmpTest): found through compare operands, not by chance. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int *volatile nowhere;
static volatile int progress;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size != 15) return 0;
  uint64_t a;
  uint32_t b;
  uint16_t c;
  memcpy(&a, data, 8);
  memcpy(&b, data + 8, 4);
  memcpy(&c, data + 12, 2);
  uint8_t d = data[14];
  if (a == 0x1234567890abcdefULL) {
    progress = 1;
    if (b == 0xfeedbeefu) {
      progress = 2;
      if (c == 0x7a5b) {
        progress = 3;
        if (d == 0x9c) *nowhere = 1;
      }
    }
  }
  return 0;
}
