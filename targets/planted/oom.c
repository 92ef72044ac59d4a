/* Planted bug: one input makes the target keep a large allocation per execution (a leak that grows
 * RSS past -rss_limit_mb); must become an oom- artifact. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *volatile keep; /* makes the allocations observable, so they are not optimised away */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 2 && data[0] == 'M' && data[1] == 'M') {
    for (int i = 0; i < 64; i++) {
      char *p = malloc(64 << 20);
      if (!p) break;
      memset(p, 1, 64 << 20); /* touched, so it counts in RSS; never freed */
      keep = p;
    }
  }
  return 0;
}
