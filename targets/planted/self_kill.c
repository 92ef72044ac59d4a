/* Planted bug: the target sends itself SIGKILL behind a 2-byte prefix. No handler can see it; the
 * supervisor must still call it a finding (it happened inside an execution, and again on a rerun),
 * not a kill from outside. */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size >= 2 && data[0] == 'S' && data[1] == 'K') kill(getpid(), SIGKILL);
  return 0;
}
