/*
 * bunfuzz target: libpng 1.6 (Debian source package libpng1.6, upstream tarball as-is) with zlib.
 * In the style of libpng's own read fuzzer: reads a PNG from memory with setjmp error handling,
 * quiet warnings, CRC and Adler-32 errors ignored (so mutated chunks get past the checksums), a
 * malloc that refuses huge requests, and image dimensions capped to keep each run fast and small.
 * The last input byte picks the transforms (for a valid PNG it is the last byte of the IEND CRC,
 * which libpng ignores here) and, in its top bit, the progressive (push) reader instead of the
 * sequential one. Rows are read one at a time into a single row buffer.
 */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "png.h"

#define MAX_PIXELS (1u << 20) /* width * height */
#define MAX_DIM (1u << 14)    /* width or height */
#define MAX_ALLOC 8000000u    /* the default chunk malloc limit */

typedef struct {
  const uint8_t *data;
  size_t left;
  uint8_t opt;
  png_bytep row; /* freed by the caller: survives longjmp because it lives in memory */
} state_t;

static void read_fn(png_structp png, png_bytep out, size_t len) {
  state_t *s = (state_t *)png_get_io_ptr(png);
  if (len > s->left) png_error(png, "read past the end of the input");
  memcpy(out, s->data, len);
  s->data += len;
  s->left -= len;
}

static void quiet_error(png_structp png, png_const_charp msg) {
  (void)msg;
  png_longjmp(png, 1);
}

static void quiet_warning(png_structp png, png_const_charp msg) {
  (void)png;
  (void)msg;
}

static png_voidp limited_malloc(png_structp png, png_alloc_size_t size) {
  (void)png;
  return size > MAX_ALLOC ? NULL : malloc(size);
}

static void plain_free(png_structp png, png_voidp p) {
  (void)png;
  free(p);
}

/* After the header: refuse huge images, pick transforms, allocate the row buffer. */
static void start_image(png_structp png, png_infop info, state_t *s) {
  png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
  if (w == 0 || h == 0 || w > MAX_DIM || h > MAX_DIM || (uint64_t)w * h > MAX_PIXELS) png_error(png, "image too large for fuzzing");
  uint8_t o = s->opt;
  if (o & 1) png_set_expand(png); else png_set_packing(png);
  if (o & 2) png_set_strip_16(png); else png_set_scale_16(png);
  if (o & 4) png_set_gray_to_rgb(png); else png_set_rgb_to_gray_fixed(png, 1, -1, -1);
  if (o & 8) { png_set_tRNS_to_alpha(png); png_set_filler(png, 0xffff, PNG_FILLER_AFTER); }
  if (o & 16) { png_set_bgr(png); png_set_swap_alpha(png); png_set_swap(png); }
  if (o & 32) { png_set_invert_alpha(png); png_set_invert_mono(png); png_set_packswap(png); }
  if (o & 64) {
    if (o & 8) png_set_alpha_mode(png, PNG_ALPHA_PREMULTIPLIED, PNG_DEFAULT_sRGB);
    else png_set_gamma(png, PNG_DEFAULT_sRGB, PNG_GAMMA_MAC_18);
  }
  (void)png_set_interlace_handling(png);
  png_read_update_info(png, info);
  s->row = (png_bytep)png_malloc(png, png_get_rowbytes(png, info));
}

/* Reads back what the ancillary chunks stored, so their parsed data is touched. */
static void inspect(png_structp png, png_infop info) {
  png_textp text;
  int n = 0;
  size_t total = 0;
  if (png_get_text(png, info, &text, &n) > 0) {
    for (int i = 0; i < n; i++) total += strlen(text[i].key) + text[i].text_length + text[i].itxt_length;
  }
  png_unknown_chunkp unknown;
  int u = png_get_unknown_chunks(png, info, &unknown);
  for (int i = 0; i < u; i++) total += unknown[i].size;
  png_sPLT_tp splt;
  int sp = png_get_sPLT(png, info, &splt);
  for (int i = 0; i < sp; i++) total += (size_t)splt[i].nentries;
  (void)total;
  (void)png_get_valid(png, info, 0xffffffffu);
}

static void read_sequential(png_structp png, png_infop info, png_infop end, state_t *s) {
  if (setjmp(png_jmpbuf(png))) return;
  png_set_read_fn(png, s, read_fn);
  png_set_sig_bytes(png, 8);
  png_read_info(png, info);
  start_image(png, info, s);
  int passes = png_set_interlace_handling(png);
  png_uint_32 h = png_get_image_height(png, info);
  for (int pass = 0; pass < passes; pass++) {
    for (png_uint_32 y = 0; y < h; y++) png_read_row(png, s->row, NULL);
  }
  png_read_end(png, end);
  inspect(png, info);
  inspect(png, end);
}

static void info_cb(png_structp png, png_infop info) {
  start_image(png, info, (state_t *)png_get_progressive_ptr(png));
}

static void row_cb(png_structp png, png_bytep new_row, png_uint_32 row, int pass) {
  (void)row;
  (void)pass;
  state_t *s = (state_t *)png_get_progressive_ptr(png);
  if (new_row != NULL && s->row != NULL) png_progressive_combine_row(png, s->row, new_row);
}

static void end_cb(png_structp png, png_infop info) {
  inspect(png, info);
}

static void read_progressive(png_structp png, png_infop info, state_t *s, const uint8_t *data, size_t size) {
  if (setjmp(png_jmpbuf(png))) return;
  png_set_progressive_read_fn(png, s, info_cb, row_cb, end_cb);
  for (size_t off = 0; off < size; off += 251) {
    size_t n = size - off < 251 ? size - off : 251;
    png_process_data(png, info, (png_bytep)(data + off), n);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 8 || png_sig_cmp(data, 0, 8) != 0) return 0;
  png_structp png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, NULL, quiet_error, quiet_warning, NULL,
                                             limited_malloc, plain_free);
  if (png == NULL) return 0;
  png_infop info = png_create_info_struct(png);
  png_infop end = png_create_info_struct(png);
  if (info != NULL && end != NULL) {
    state_t s = {data + 8, size - 8, data[size - 1], NULL};
    png_set_user_limits(png, MAX_DIM, MAX_DIM);
#ifndef BUNFUZZ_CHECK_SUMS /* defined: libpng's own defaults (bench/inputToState.ts measures checksums kept) */
    png_set_crc_action(png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
#ifdef PNG_IGNORE_ADLER32
    png_set_option(png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
#endif
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_ALWAYS, NULL, 0);
    if (s.opt & 128) read_progressive(png, info, &s, data, size);
    else read_sequential(png, info, end, &s);
    if (s.row != NULL) png_free(png, s.row);
  }
  png_destroy_read_struct(&png, info != NULL ? &info : NULL, end != NULL ? &end : NULL);
  return 0;
}
