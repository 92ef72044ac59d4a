/* Planted bug: a one-byte heap-buffer-overflow write behind a 2-byte prefix. Invisible without a
 * sanitizer; the -asan build must report it (exit code 1, crash- artifact). */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
char *volatile keep; /* keeps the allocation observable */
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) {
  if (n >= 3 && d[0] == 'H' && d[1] == 'O') { char *p = malloc(8); keep = p; memcpy(p, d, n < 8 ? n : 8); p[8] = d[2]; keep = 0; free(p); }
  return 0;
}
