/* No bug: a ladder of six 4-byte keys in a row, each step its own branch; bytes after the keys
 * are never read. Each step is new to every worker of a campaign but the one that climbed it
 * first, and an input with bytes after the keys reaches the same features as one without: a REDUCE
 * that drops them keeps every feature (the test of peers' reductions needs both). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

volatile int sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 4 || memcmp(data, "LADR", 4) != 0) return 0;
  sink = 1;
  if (size < 8 || memcmp(data + 4, "STEP", 4) != 0) return 0;
  sink = 2;
  if (size < 12 || memcmp(data + 8, "FOR-", 4) != 0) return 0;
  sink = 3;
  if (size < 16 || memcmp(data + 12, "PEER", 4) != 0) return 0;
  sink = 4;
  if (size < 20 || memcmp(data + 16, "REDU", 4) != 0) return 0;
  sink = 5;
  if (size < 24 || memcmp(data + 20, "CED!", 4) != 0) return 0;
  sink = 6;
  return 0;
}
