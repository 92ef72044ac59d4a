/* No bug: every input takes tens of milliseconds (a busy loop), so a process stopped from outside
 * is almost always stopped inside the target (the pause test needs that). */
#include <stddef.h>
#include <stdint.h>

volatile unsigned long sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  (void)data;
  for (unsigned long i = 0; i < 20000000ul; i++) sink += i ^ size;
  return 0;
}
