/*
 * Recurses data[0] levels deep. With stack-depth instrumentation, a deeper run reaches a new feature
 * even where every edge's hit-count bucket is unchanged (recursion depths 32..127 share a bucket).
 */
#include <stddef.h>
#include <stdint.h>

__attribute__((noinline)) static int down(int n, volatile char *sink) {
  volatile char frame[32];
  frame[n & 31] = (char)n;
  if (n <= 0) return frame[0] + *sink;
  return down(n - 1, sink) + frame[n & 31]; /* not a tail call: each level keeps its frame */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  volatile char sink = 0;
  return size ? down(data[0], &sink) & 0 : 0;
}
