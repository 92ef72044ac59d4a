/*
 * bench/forkSnapshot.ts's native half: can a fork server keep the state a prefix reached in a Bun
 * worker? Each call forks the calling process; the child runs a native suffix on the state the
 * prefix built, copies its result to a MAP_SHARED page and _exits; the parent waits. The same code
 * runs in a plain C process (main) for comparison, and fork_callback lets the child call back into
 * JavaScript, to see whether JavaScriptCore survives in a forked child.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile uint64_t *shared;
static uint8_t counters[65536]; /* private memory, as a target's inline 8-bit counters are */
static uint8_t state[1 << 16];  /* the native state a prefix built */

int setup(void) {
  shared = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  return shared == MAP_FAILED ? -1 : 0;
}

/* The prefix: builds native state. */
void prefix(int n) {
  for (int i = 0; i < n; i++) state[i & 0xffff] += (uint8_t)i;
}

static uint64_t suffix(const uint8_t *d, int len) {
  uint64_t h = 0;
  for (int i = 0; i < len; i++) {
    h = h * 31 + d[i] + state[d[i]];
    counters[(h >> 3) & 0xffff]++;
  }
  return h;
}

/* The suffix in this process (what a snapshot saves us from redoing is the prefix, not this). */
uint64_t inproc(const uint8_t *d, int len) { return suffix(d, len); }

/* Fork; the child runs the suffix on the parent's state and reports through shared memory. */
int fork_run(const uint8_t *d, int len, int use_malloc) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    if (use_malloc) { void *p = malloc(4096); memset(p, 1, 4096); free(p); }
    shared[0] = suffix(d, len);
    shared[1] = counters[1]; /* private counters reach the parent only if copied like this */
    _exit(0);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0) return -2;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

uint64_t result(void) { return shared[0]; }

/* Fork; the child calls cb (a JSCallback). Waits at most ms milliseconds, then kills it: -3. */
int fork_callback(uint64_t (*cb)(uint64_t), int ms) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) { shared[0] = cb(41); _exit(0); }
  for (int waited = 0; waited < ms; waited++) {
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, 0);
  }
  kill(pid, SIGKILL);
  waitpid(pid, 0, 0);
  return -3;
}

#ifdef FORK_MAIN
/* The same fork + wait from a plain C process with a heap of argv[1] MB: microseconds per fork. */
int main(int argc, char **argv) {
  size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 0;
  char *heap = mb ? malloc(mb << 20) : 0;
  if (heap) memset(heap, 1, mb << 20);
  struct timespec a, b;
  int n = 2000;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (int i = 0; i < n; i++) {
    pid_t p = fork();
    if (!p) _exit(0);
    waitpid(p, 0, 0);
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / n);
  return 0;
}
#endif
