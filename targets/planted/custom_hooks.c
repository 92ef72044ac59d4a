/* Planted bug behind libFuzzer's optional hooks. The input is [sum][payload...] where `sum` must be
 * the byte sum of the payload, so random byte mutations almost never produce a valid input; the
 * target's LLVMFuzzerCustomMutator mutates the payload with LLVMFuzzerMutate and fixes the sum.
 * LLVMFuzzerInitialize arms the bug, so it is only reachable if Initialize ran. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);

static int armed;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  armed = 1;
  return 0;
}

static uint8_t sum(const uint8_t *p, size_t n) {
  uint8_t s = 0;
  for (size_t i = 0; i < n; i++) s = (uint8_t)(s + p[i]);
  return s;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed) {
  (void)seed;
  if (size < 1 || max_size < 2) { data[0] = 0; return 1; }
  size_t n = LLVMFuzzerMutate(data + 1, size - 1, max_size - 1);
  data[0] = sum(data + 1, n);
  return n + 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2 || data[0] != sum(data + 1, size - 1)) return 0;
  if (size >= 5 && data[1] == 'F' && data[2] == 'I' && data[3] == 'X' && armed) __builtin_trap();
  return 0;
}
