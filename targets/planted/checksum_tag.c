/* Planted bug: a tag behind a checksum over the bytes that hold it, laid out like a PNG chunk:
 * a big-endian length, a 4-byte type, the data, and a big-endian CRC-32 of type and data. Only a
 * chunk whose CRC is right is looked at; the type must then be "tAg1" and the data start with a
 * keyword. Writing the tag (or the keyword) breaks the CRC, so that mutant reaches nothing new:
 * the tag and its checksum must change in one step (bunfuzz's -input_to_state=1 repair).
 * The CRC is a separate function, as zlib's crc32() is a library call in real decoders. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

__attribute__((noinline)) static uint32_t crc32_of(const uint8_t *p, size_t n) {
  uint32_t c = 0xffffffffu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
  }
  return ~c;
}

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 12) return 0;
  uint32_t len = be32(data);
  if (len > size - 12) return 0;
  if (crc32_of(data + 4, 4 + (size_t)len) != be32(data + 8 + len)) return 0;
  if (memcmp(data + 4, "tAg1", 4) != 0) return 0;
  if (len >= 8 && memcmp(data + 8, "KeyW0rd!", 8) == 0) __builtin_trap();
  return 0;
}
