/* Test target: besides its own edges, an array in libFuzzer's __libfuzzer_extra_counters section.
 * It returns -1 (a rejected input) when it finds a counter not cleared since its last execution. */
#include <stddef.h>
#include <stdint.h>
__attribute__((section("__libfuzzer_extra_counters"))) static uint8_t counters[16];
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  uint8_t i = data[0] & 15;
  if (counters[i]) return -1;
  counters[i] = (uint8_t)(size < 255 ? size : 255);
  return 0;
}
