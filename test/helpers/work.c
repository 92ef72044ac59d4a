/* Test target: the loop runs data[0] times and makes one traced compare per iteration (a loop's own
 * back-edge test is not traced by -fsanitize-coverage=trace-cmp, so the body supplies one). */
#include <stddef.h>
#include <stdint.h>
static volatile int sink;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
#pragma clang loop unroll(disable) vectorize(disable)
  for (int i = 0; i < data[0]; i++)
    if (sink != data[1]) sink = data[1];
  return 0;
}
