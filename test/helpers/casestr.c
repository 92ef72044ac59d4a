/* Test target: strcasestr, a compare `bunfuzz build` wraps (--wrap) since it is in WRAPPED. */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <string.h>
static volatile int sink;
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char buf[32];
  if (size >= sizeof buf) return 0;
  memcpy(buf, data, size);
  buf[size] = 0;
  if (strcasestr(buf, "NeedleInCase")) sink = 1;
  return 0;
}
