/* Planted bug: a NULL write on a thread the harness creates (and joins), behind a 2-byte prefix.
 * The fault is on a thread bunfuzz did not start, so the signal handler must tell the target's
 * threads from Bun's to report it as a finding. */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct job {
  const uint8_t *data;
  size_t size;
};

static void *work(void *arg) {
  const struct job *j = arg;
  if (j->size >= 2 && j->data[0] == 'T' && j->data[1] == 'C') *(volatile int *)0 = 1;
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct job j = {data, size};
  pthread_t t;
  if (pthread_create(&t, NULL, work, &j) != 0) return 0;
  pthread_join(t, NULL);
  return 0;
}
