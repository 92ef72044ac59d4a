/*
 * bunfuzz target: stb_image's JPEG decoder (Debian source package libstb, upstream tarball as-is,
 * stb_image.h v2.27). As stb's own tests/stbi_read_fuzzer.c does: read the header first
 * (stbi_info_from_memory), skip images that would decode to more than 16 MB, then decode to RGBA.
 * target.json builds the library with STBI_ONLY_JPEG (the JPEG path only) and
 * STBI_MAX_DIMENSIONS=4096, stb_image's own limit on width and height, so no input asks for
 * gigabytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "stb_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int x, y, channels;
  if (size > 0x7fffffff) return 0; /* stb_image takes the length as an int */
  if (!stbi_info_from_memory(data, (int)size, &x, &y, &channels)) return 0;
  if (y > 0 && x > (16000000 / 4) / y) return 0;
  unsigned char *img = stbi_load_from_memory(data, (int)size, &x, &y, &channels, 4);
  stbi_image_free(img);
  return 0;
}
