/* The smoke test's target: a few edges, recursion (so stack-depth instrumentation has a non-leaf
 * function to instrument) and a NULL write for the input "FUZ". */
#include <stddef.h>
#include <stdint.h>

__attribute__((noinline)) static int count(const uint8_t *d, size_t n) { return n ? count(d + 1, n - 1) + (d[0] == 'x') : 0; }

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) {
  if (n >= 3 && d[0] == 'F' && d[1] == 'U' && d[2] == 'Z') *(volatile int *)0 = 1;
  return count(d, n) > 5;
}
