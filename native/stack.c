/*
 * The target's stack at its death, for the shim (see shim.h, BF_STACK_BYTES): crash.c calls
 * record_stack() on the thread that crashed, exited or hangs, just before the worker ends; the
 * supervisor symbolizes the frames (llvm-symbolizer) and prints them in the sanitizers' format
 * (`#N 0xPC in function file:line`), which is what ClusterFuzz's stack analyzer groups crashes by.
 *
 * Only the target's frames are written: the shim's (the handler, execute, bf_run, an interceptor
 * between the target and the C library), and from the first frame of Bun's executable or of JIT
 * code on (which is how the stack goes back into Bun) nothing. libFuzzer's own frames
 * (fuzzer::Fuzzer::ExecuteCallback, main) are in ClusterFuzz's ignore list; ours are not, and they
 * would make every shallow crash one bucket.
 *
 * Called from signal handlers: it writes with plain stores, formats numbers itself, and takes the
 * loader's lock only through dladdr (as crash.c already does to attribute faults).
 */
#include "internal.h"

#define MAX_FRAMES 128

static void put(char **at, char *end, const char *s) {
  while (*s && *at < end) *(*at)++ = *s++;
}

static void put_hex(char **at, char *end, uintptr_t v) {
  char buf[2 + 2 * sizeof v];
  int n = 0;
  do {
    buf[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  put(at, end, "0x");
  while (n && *at < end) *(*at)++ = buf[--n];
}

/* Appends one frame's line; the length is published after the line is complete, so a second fault
 * while writing leaves whole lines behind. */
static void add_frame(uintptr_t pc, uintptr_t offset, const char *module) {
  uint32_t len = H->stack_len;
  char *at = g_stack_area + len, *end = g_stack_area + BF_STACK_BYTES;
  put_hex(&at, end, pc);
  put(&at, end, " ");
  put_hex(&at, end, offset);
  put(&at, end, " ");
  put(&at, end, module);
  if (at >= end) return; /* the area is full: keep what fits */
  *at++ = '\n';
  __atomic_store_n(&H->stack_len, (uint32_t)(at - g_stack_area), __ATOMIC_RELEASE);
}

/* The object pc lies in, if any: its load base and file. */
static int module_of(uintptr_t pc, uintptr_t *base, const char **path) {
  Dl_info info;
  if (!dladdr((void *)pc, &info) || !info.dli_fbase || !info.dli_fname) return 0;
  *base = (uintptr_t)info.dli_fbase;
  *path = info.dli_fname;
  return 1;
}

HIDDEN void record_stack(void *from_pc) {
#ifdef BF_HAVE_BACKTRACE
  if (!H || !g_stack_area) return;
  static uintptr_t shim_base;
  const char *ignored;
  if (!shim_base) module_of((uintptr_t)&record_stack, &shim_base, &ignored);
  void *frames[MAX_FRAMES];
  int n = backtrace(frames, MAX_FRAMES);
  int i = 0;
  if (from_pc) {
    /* The unwinder goes through the signal frame to the interrupted instruction itself. */
    while (i < n && frames[i] != from_pc) i++;
    if (i == n) { /* it could not (a jump to a bad address): that address, then nothing to unwind */
      add_frame((uintptr_t)from_pc, (uintptr_t)from_pc, "");
      return;
    }
  }
  for (int kept = 0; i < n; i++) {
    /* Below the top, a frame's address is the return address: the call is the instruction before. */
    uintptr_t pc = (uintptr_t)frames[i] - (i > 0 && !(from_pc && frames[i] == from_pc) ? 1 : 0);
    uintptr_t base;
    const char *path;
    if (!module_of(pc, &base, &path) || in_executable(pc)) {
      if (kept) break; /* back in Bun (its executable, or JIT code): the target's stack ends */
      continue;        /* not yet at the target's frames (a handler called from JIT code) */
    }
    if (base == shim_base) continue;
    add_frame(pc, pc - base, path);
    kept++;
  }
#else
  (void)from_pc;
#endif
}
