/*
 * libFuzzer's extra counters, for the shim (see shim.h): a target may declare uint8_t arrays in a
 * section named __libfuzzer_extra_counters as its own coverage signal (LLVM's TableLookupTest
 * counts which table entries an input reached). libFuzzer finds the section in its executable
 * through the linker's __start_/__stop_ symbols, clears it before every execution and reads it as
 * features. A target here is a shared object whose __start_ symbols are its own and unexported,
 * so the shim reads each loaded object's section table from its file instead, once per object,
 * and registers every such section as a counter region: collect() then reads it as features after
 * each execution and zeroes it, as it does every region.
 *
 * The section's features count in ft: and never in cov: (libFuzzer's cov: counts PCs).
 */
#include "internal.h"

#if defined(__linux__)
#include <elf.h>
#include <link.h>

#define EXTRA_SECTION "__libfuzzer_extra_counters"
#define MAX_SCANNED 256

/* Load biases of the objects whose section tables were read. */
static uintptr_t g_scanned[MAX_SCANNED];
static int g_nscanned;

static int read_at(int fd, void *buf, size_t n, off_t off) {
  return pread(fd, buf, n, off) == (ssize_t)n ? 0 : -1;
}

/* Registers every __libfuzzer_extra_counters section of the object file at path, loaded at bias. */
static void scan_object(const char *path, uintptr_t bias) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ElfW(Ehdr) eh;
  ElfW(Shdr) *sh = NULL;
  char *names = NULL;
  if (read_at(fd, &eh, sizeof eh, 0) != 0 || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
      eh.e_shentsize != sizeof(ElfW(Shdr)) || eh.e_shnum == 0 || eh.e_shstrndx >= eh.e_shnum)
    goto done;
  sh = malloc((size_t)eh.e_shnum * sizeof *sh);
  if (!sh || read_at(fd, sh, (size_t)eh.e_shnum * sizeof *sh, (off_t)eh.e_shoff) != 0) goto done;
  ElfW(Shdr) *strtab = &sh[eh.e_shstrndx];
  if (strtab->sh_size == 0 || strtab->sh_size > (1u << 24)) goto done;
  names = malloc(strtab->sh_size + 1);
  if (!names || read_at(fd, names, strtab->sh_size, (off_t)strtab->sh_offset) != 0) goto done;
  names[strtab->sh_size] = 0;
  for (int i = 0; i < eh.e_shnum; i++) {
    if (sh[i].sh_name >= strtab->sh_size || !(sh[i].sh_flags & SHF_ALLOC) || sh[i].sh_size == 0) continue;
    if (strcmp(names + sh[i].sh_name, EXTRA_SECTION) != 0) continue;
    add_region_kind((uint8_t *)(bias + sh[i].sh_addr), (uint32_t)sh[i].sh_size, REGION_FEATURES);
  }
done:
  free(names);
  free(sh);
  close(fd);
}

static int visit(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  (void)data;
  /* The executable (Bun's) has no name here; the vDSO's names no file. */
  if (!info->dlpi_name || !info->dlpi_name[0]) return 0;
  for (int i = 0; i < g_nscanned; i++)
    if (g_scanned[i] == (uintptr_t)info->dlpi_addr) return 0;
  if (g_nscanned < MAX_SCANNED) g_scanned[g_nscanned++] = (uintptr_t)info->dlpi_addr;
  scan_object(info->dlpi_name, (uintptr_t)info->dlpi_addr);
  return 0;
}

HIDDEN void register_extra_counters(void) { dl_iterate_phdr(visit, NULL); }

#else

HIDDEN void register_extra_counters(void) {}

#endif
