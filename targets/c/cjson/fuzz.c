/*
 * bunfuzz target: cJSON (Debian source package cjson, upstream tarball as-is).
 * Parses the input as JSON (with an explicit length, so no NUL is needed), prints the tree four
 * ways, parses the output again, duplicates, compares, walks and edits the copy, and runs the
 * minifier on a NUL-terminated copy of the input. Results are not asserted: JSON with duplicate
 * keys legitimately compares unequal after a round trip.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"

/*
 * cJSON_Compare on objects is exponential in the nesting depth (for each key it looks the item up
 * in the other object and recurses, in both directions): libFuzzer found a 10-minute input within
 * five minutes. That is a known property of cJSON's API, not a new bug, so the harness compares
 * only documents nested at most MAX_COMPARE_DEPTH deep.
 */
#define MAX_COMPARE_DEPTH 8

static int depth_of(const cJSON *item, int limit) {
  int deepest = 0;
  if (limit == 0) return 1;
  for (const cJSON *c = item->child; c != NULL; c = c->next) {
    int d = depth_of(c, limit - 1);
    if (d > deepest) deepest = d;
  }
  return deepest + 1;
}

/* Touches every node: lookups by key (both case modes) and by index. */
static void walk(const cJSON *parent, int depth) {
  if (depth > 64) return;
  int n = 0;
  for (const cJSON *c = parent->child; c != NULL; c = c->next, n++) {
    if (c->string != NULL) {
      (void)cJSON_GetObjectItemCaseSensitive(parent, c->string);
      (void)cJSON_HasObjectItem(parent, c->string);
    }
    if (cJSON_IsNumber(c)) (void)cJSON_GetNumberValue(c);
    if (cJSON_IsString(c)) (void)cJSON_GetStringValue(c);
    if (cJSON_IsArray(c) || cJSON_IsObject(c)) walk(c, depth + 1);
  }
  if (cJSON_IsArray(parent) && n > 0) (void)cJSON_GetArrayItem(parent, cJSON_GetArraySize(parent) - 1);
}

static void print_all(cJSON *json) {
  char *s = cJSON_PrintUnformatted(json);
  if (s != NULL) {
    cJSON *again = cJSON_Parse(s);
    if (again != NULL) {
      if (depth_of(json, MAX_COMPARE_DEPTH + 1) <= MAX_COMPARE_DEPTH) (void)cJSON_Compare(json, again, 1);
      cJSON_Delete(again);
    }
    cJSON_free(s);
  }
  s = cJSON_Print(json);
  if (s != NULL) cJSON_free(s);
  s = cJSON_PrintBuffered(json, 1, 1); /* tiny pre-buffer: exercises the growth path */
  if (s != NULL) cJSON_free(s);
  char fixed[256];
  (void)cJSON_PrintPreallocated(json, fixed, (int)sizeof fixed, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *end = NULL;
  cJSON *json = cJSON_ParseWithLengthOpts((const char *)data, size, &end, 0);
  if (json != NULL) {
    print_all(json);
    walk(json, 0);
    cJSON *dup = cJSON_Duplicate(json, 1);
    if (dup != NULL) {
      if (depth_of(json, MAX_COMPARE_DEPTH + 1) <= MAX_COMPARE_DEPTH) {
        (void)cJSON_Compare(json, dup, 1);
        (void)cJSON_Compare(json, dup, 0);
      }
      if (dup->child != NULL && dup->child->string != NULL) {
        cJSON_DeleteItemFromObject(dup, dup->child->string);
      } else if (cJSON_IsArray(dup)) {
        cJSON *first = cJSON_DetachItemFromArray(dup, 0);
        if (first != NULL) cJSON_AddItemToArray(dup, first);
      }
      cJSON_Delete(dup);
    }
    cJSON_Delete(json);
  }

  /* The NUL-terminated entry points: strict parse, then minify in place. */
  char *copy = (char *)malloc(size + 1);
  if (copy == NULL) return 0;
  memcpy(copy, data, size);
  copy[size] = '\0';
  cJSON *strict = cJSON_ParseWithOpts(copy, NULL, 1);
  cJSON_Delete(strict);
  cJSON_Minify(copy);
  free(copy);
  return 0;
}
