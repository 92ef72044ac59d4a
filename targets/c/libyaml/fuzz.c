/*
 * bunfuzz target: libyaml (Debian source package libyaml, upstream tarball as-is).
 * Pass 1 parses the input into events until STREAM-END or an error, feeding every event to an
 * emitter that writes into a bounded sink (the emitter's settings come from the input length).
 * Pass 2 composes each document with the loader, walks its nodes and dumps it with a second
 * emitter. Every libyaml object is released on every path.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "yaml.h"

/* Output sink: accepts everything, keeps nothing. */
static int sink(void *data, unsigned char *buffer, size_t size) {
  (void)buffer;
  *(size_t *)data += size;
  return 1;
}

static void setup_emitter(yaml_emitter_t *e, size_t *written, size_t size) {
  yaml_emitter_set_output(e, sink, written);
  yaml_emitter_set_canonical(e, (size & 1) != 0);
  yaml_emitter_set_unicode(e, (size & 2) != 0);
  yaml_emitter_set_indent(e, (size & 4) ? 4 : 2);
  yaml_emitter_set_width(e, (size & 8) ? 20 : -1);
  yaml_emitter_set_break(e, (size & 16) ? YAML_CRLN_BREAK : YAML_LN_BREAK);
}

/* A parser reading `data` and an emitter configured from `knobs`; 0 if either failed to start. */
static int open_pair(yaml_parser_t *parser, yaml_emitter_t *emitter, size_t *written, const uint8_t *data, size_t size, size_t knobs) {
  if (!yaml_parser_initialize(parser)) return 0;
  if (!yaml_emitter_initialize(emitter)) {
    yaml_parser_delete(parser);
    return 0;
  }
  yaml_parser_set_input_string(parser, data, size);
  setup_emitter(emitter, written, knobs);
  return 1;
}

static void parse_and_emit(const uint8_t *data, size_t size) {
  yaml_parser_t parser;
  yaml_emitter_t emitter;
  size_t written = 0;
  if (!open_pair(&parser, &emitter, &written, data, size, size)) return;
  int emitting = 1, started = 0;
  for (;;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) break;
    int done = event.type == YAML_STREAM_END_EVENT;
    if (emitting) {
      /* The emitter takes ownership of the event, even when it fails. */
      emitting = yaml_emitter_emit(&emitter, &event);
      started |= emitting;
    } else {
      yaml_event_delete(&event);
    }
    if (done) break;
  }
  /* Flushing needs the encoding that STREAM-START sets (writer.c asserts it). */
  if (emitting && started) (void)yaml_emitter_flush(&emitter);
  yaml_emitter_delete(&emitter);
  yaml_parser_delete(&parser);
}

static void load_walk_dump(const uint8_t *data, size_t size) {
  yaml_parser_t parser;
  yaml_emitter_t emitter;
  size_t written = 0;
  if (!open_pair(&parser, &emitter, &written, data, size, size >> 5)) return;
  int dumping = yaml_emitter_open(&emitter);
  for (int docs = 0; docs < 64; docs++) {
    yaml_document_t doc;
    if (!yaml_parser_load(&parser, &doc)) break; /* on failure the loader already freed doc */
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root == NULL) { /* end of the stream */
      yaml_document_delete(&doc);
      break;
    }
    size_t items = 0;
    for (int i = 1;; i++) {
      yaml_node_t *node = yaml_document_get_node(&doc, i);
      if (node == NULL) break;
      if (node->type == YAML_SCALAR_NODE) items += node->data.scalar.length;
      else if (node->type == YAML_SEQUENCE_NODE) items += (size_t)(node->data.sequence.items.top - node->data.sequence.items.start);
      else if (node->type == YAML_MAPPING_NODE) items += (size_t)(node->data.mapping.pairs.top - node->data.mapping.pairs.start);
    }
    (void)items;
    if (dumping) {
      dumping = yaml_emitter_dump(&emitter, &doc); /* frees doc, even on failure */
    } else {
      yaml_document_delete(&doc);
    }
  }
  if (dumping) (void)yaml_emitter_close(&emitter);
  yaml_emitter_delete(&emitter);
  yaml_parser_delete(&parser);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  parse_and_emit(data, size);
  load_walk_dump(data, size);
  return 0;
}
