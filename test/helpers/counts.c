/* Test target: the loop body runs data[0] times, so its counter takes that value and the run
 * lands in one hit-count bucket; data[1] == 'x' adds a second edge. */
#include <stddef.h>
#include <stdint.h>
static volatile int sink;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
#pragma clang loop unroll(disable) vectorize(disable)
  for (int i = 0; i < data[0]; i++) sink += i;
  if (size >= 2 && data[1] == 'x') sink = 1;
  if (size >= 2 && data[1] == 'r') return -1;
  return 0;
}
