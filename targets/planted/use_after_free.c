/* Planted bug: a heap use-after-free read inside its own function (parse_record), behind a 2-byte
 * prefix. With heap_overflow.c it makes two bugs that ClusterFuzz's stack analyzer must tell apart
 * (different crash types and states); invisible without a sanitizer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static int parse_record(const uint8_t *d, size_t n) {
  char *volatile rec = malloc(16);
  memcpy(rec, d, n < 16 ? n : 16);
  free(rec);
  return rec[1] == 'F';
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) {
  if (n >= 2 && d[0] == 'U' && d[1] == 'F') return parse_record(d, n);
  return 0;
}
