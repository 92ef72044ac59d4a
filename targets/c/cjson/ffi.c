/*
 * A C-ABI entry point for TypeScript harnesses (fuzz_smith.ts): parse `len` bytes with cJSON and
 * print the tree back, unformatted, into `out`. Returns the printed length, -1 if cJSON rejected
 * the text, -2 if printing failed, -3 if `out` is too small.
 */
#include <stddef.h>
#include <string.h>

#include "cJSON.h"

int cjson_roundtrip(const char *text, size_t len, char *out, size_t cap) {
  cJSON *json = cJSON_ParseWithLength(text, len);
  if (json == NULL) return -1;
  char *printed = cJSON_PrintUnformatted(json);
  cJSON_Delete(json);
  if (printed == NULL) return -2;
  size_t n = strlen(printed);
  if (n >= cap) {
    cJSON_free(printed);
    return -3;
  }
  memcpy(out, printed, n);
  cJSON_free(printed);
  return (int)n;
}
