/*
 * Replay driver for the native probe-overhead benchmark (bench/nativeOverhead.ts): loads every file
 * of a directory into memory, then runs each input `reps` times over, through one of
 *   plain   the target's LLVMFuzzerTestOneInput, called directly (an uninstrumented build);
 *   shim    bunfuzz's runtime without Bun: the shim (bf_init, bf_load_target) and, per input, the
 *           copy into the input slot and bf_run (execute, then collect features), as the worker
 *           does through bun:ffi;
 *   call    the target called directly, whatever its instrumentation: its callbacks then resolve
 *           to a preloaded library (empty callbacks: bench/native/empty_callbacks.c).
 * It prints the executions and seconds; instruction counts come from running it under callgrind
 * twice (reps 1 and reps N) and taking the difference, which cancels start-up.
 *
 *   driver plain|call TARGET.so DIR REPS
 *   driver shim TARGET.so DIR REPS SHIM.so
 */
#include <dirent.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef int (*test_one_fn)(const uint8_t *, size_t);

struct input { uint8_t *data; size_t len; };

static size_t load(const char *dir, struct input **out) {
  DIR *d = opendir(dir);
  if (!d) { perror(dir); exit(2); }
  size_t n = 0, cap = 256;
  struct input *v = malloc(cap * sizeof *v);
  struct dirent *e;
  char path[4096];
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    FILE *f = fopen(path, "rb");
    if (!f) continue;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(len > 0 ? (size_t)len : 1);
    if (len > 0 && fread(buf, 1, (size_t)len, f) != (size_t)len) { fclose(f); free(buf); continue; }
    fclose(f);
    if (n == cap) v = realloc(v, (cap *= 2) * sizeof *v);
    v[n++] = (struct input){buf, (size_t)len};
  }
  closedir(d);
  *out = v;
  return n;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 5) { fprintf(stderr, "usage: driver plain|call|shim TARGET.so DIR REPS [SHIM.so]\n"); return 2; }
  const char *mode = argv[1], *target = argv[2];
  int reps = atoi(argv[4]);
  struct input *in;
  size_t n = load(argv[3], &in), max = 0;
  for (size_t i = 0; i < n; i++) if (in[i].len > max) max = in[i].len;
  double t0 = now();
  if (strcmp(mode, "shim") == 0) {
    if (argc < 6) return 2;
    void *s = dlopen(argv[5], RTLD_NOW | RTLD_LOCAL);
    if (!s) { fprintf(stderr, "%s\n", dlerror()); return 2; }
    int32_t (*init)(const char *, uint32_t, uint32_t, uint32_t) = dlsym(s, "bf_init");
    int32_t (*load_target)(const char *, char *, uint32_t) = dlsym(s, "bf_load_target");
    uint8_t *(*header)(void) = dlsym(s, "bf_header");
    int32_t (*run)(uint32_t) = dlsym(s, "bf_run");
    char shm[64], err[512];
    snprintf(shm, sizeof shm, "/dev/shm/bunfuzz-overhead-%d", (int)getpid());
    if (init(shm, (uint32_t)max + 1, 0, 0) != 0) { fprintf(stderr, "bf_init failed\n"); return 2; }
    unlink(shm);
    if (load_target(target, err, sizeof err) != 0) { fprintf(stderr, "%s\n", err); return 2; }
    uint8_t *slot = header() + 256;
    t0 = now();
    for (int r = 0; r < reps; r++)
      for (size_t i = 0; i < n; i++) { memcpy(slot, in[i].data, in[i].len); run((uint32_t)in[i].len); }
  } else {
    void *h = dlopen(target, RTLD_NOW | RTLD_GLOBAL);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); return 2; }
    test_one_fn f = (test_one_fn)dlsym(h, "LLVMFuzzerTestOneInput");
    t0 = now();
    for (int r = 0; r < reps; r++)
      for (size_t i = 0; i < n; i++) f(in[i].data, in[i].len);
  }
  double secs = now() - t0;
  printf("execs %zu seconds %.6f\n", n * (size_t)reps, secs);
  return 0;
}
