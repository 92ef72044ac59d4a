/* Test target, built with -fsanitize-coverage=trace-div: the divisor is data[0..4) less 1000. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
static volatile int32_t sink;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int32_t x;
  if (size < 4) return 0;
  memcpy(&x, data, 4);
  if (x != 1000) sink = 7000000 / (x - 1000);
  return 0;
}
