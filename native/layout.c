/*
 * The ABI's layout rows (shim.h), checked at compile time against the structs and exported by name
 * for the engine's start-up check.
 */
#include "internal.h"

#include <stddef.h>

#define STRUCT_hdr struct bf_header
#define STRUCT_stats struct bf_stats
#define STRUCT_cmp_int struct bf_cmp_int
#define STRUCT_cmp_mem struct bf_cmp_mem
#define STRUCT_cmp_log struct bf_cmp_log
#define STRUCT_trace_entry struct bf_trace_entry
#define STRUCT_trace struct bf_trace

#define ASSERT_FIELD(group, name, off) \
  _Static_assert(offsetof(STRUCT_##group, name) == (off), #group "." #name " is not at offset " #off);
#define ASSERT_SIZE(group, name, bytes) _Static_assert(sizeof(struct name) == (bytes), "sizeof " #name " is not " #bytes);
BF_HEADER_FIELDS(ASSERT_FIELD)
BF_STATS_FIELDS(ASSERT_FIELD)
BF_CMP_FIELDS(ASSERT_FIELD)
BF_SIZES(ASSERT_SIZE)
_Static_assert(BF_HEADER_SIZE == sizeof(struct bf_header), "BF_HEADER_SIZE is not sizeof(struct bf_header)");
_Static_assert(sizeof(((struct bf_header *)0)->mutation_ids) == BF_MAX_MUTATIONS, "mutation_ids holds BF_MAX_MUTATIONS ids");

#define ROW(group, name, value) #group "." #name "=%u\n"
#define ARG(group, name, value) , (unsigned)(value)

EXPORT const char *bf_layout(void) {
  static char text[4096];
  if (!text[0]) {
    snprintf(text, sizeof text,
             BF_HEADER_FIELDS(ROW) BF_STATS_FIELDS(ROW) BF_CMP_FIELDS(ROW) BF_SIZES(ROW) BF_CONSTANTS(ROW)
             BF_HEADER_FIELDS(ARG) BF_STATS_FIELDS(ARG) BF_CMP_FIELDS(ARG) BF_SIZES(ARG) BF_CONSTANTS(ARG));
  }
  return text;
}
