/* fuzz_doc.h: what the fuzz targets of the document readers (pdf, epub,
 * office, markdown) share: the invariants of a read document, and a zip archive
 * built from the fuzzer's input, so that the XML inside is fuzzed and not
 * only the archive's bytes. */
#ifndef RUBRIC_FUZZ_DOC_H
#define RUBRIC_FUZZ_DOC_H

#include <zip.h>

#include "format.h"
#include "fuzz_common.h"

/* Reads data as format f; the result is a document or a skip, never a
 * failure, and a document is valid UTF-8 with a sound map, parts and
 * messages. */
static inline void fz_read_document(const uint8_t *data, size_t size, rb_format f)
{
	rb_document d;
	char *err = NULL;
	rb_status st = rb_format_read("fuzz", (const char *)data, size, f, &d, &err);
	CHECK(st == RB_OK && err == NULL);
	if (d.format == RB_FORMAT_BINARY) {
		CHECK(d.text == NULL && (d.note || d.reason));
	} else {
		CHECK(d.text != NULL && strlen(d.text) == d.text_len);
		CHECK(fz_valid_utf8(d.text, d.text_len));
		CHECK(d.n_map >= 1 && d.map[0].text_off == 0);
		for (size_t i = 1; i < d.n_parts; i++)
			CHECK(d.part_starts[i - 1] <= d.part_starts[i]);
		CHECK(!d.title || fz_valid_utf8(d.title, strlen(d.title)));
		/* An mbox's messages: several, in order, inside the text. */
		CHECK(d.n_messages != 1 && (!d.n_messages || (!d.title && !d.n_fields)));
		for (size_t i = 0; i < d.n_messages; i++) {
			const rb_message *m = &d.messages[i];
			CHECK(m->text_start <= d.text_len);
			CHECK(!i || d.messages[i - 1].text_start <= m->text_start);
			CHECK(!m->title || fz_valid_utf8(m->title, strlen(m->title)));
		}
		/* The documents it holds: named, read, valid text. */
		for (size_t i = 0; i < d.n_subdocs; i++) {
			const rb_document *sub = d.subdocs[i].doc;
			CHECK(d.subdocs[i].name && sub && sub->text && !d.subdocs[i].bytes);
			CHECK(fz_valid_utf8(sub->text, sub->text_len));
		}
		if (d.extracted) {  /* extracted text maps to itself */
			CHECK(rb_document_source_offset(&d, d.text_len) == d.text_len);
		} else {            /* other text maps into the input (inflated) */
			size_t src = d.inflated ? d.inflated_len : size;
			for (size_t i = 0; i < d.n_map; i++)
				CHECK(d.map[i].text_off <= d.text_len && d.map[i].src_off <= src);
			CHECK(rb_document_source_offset(&d, d.text_len) <= src);
		}
	}
	rb_document_free(&d);
}

/* A zip of stored entries names[i] holding the NUL-separated pieces of
 * data (the last name takes what is left), malloc'd in *out; 0 when libzip
 * could not build it. */
static inline size_t fz_zip(const char *const *names, size_t n_names,
			    const uint8_t *data, size_t size, char **out)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
	CHECK(mem != NULL);
	zip_source_keep(mem);
	zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
	CHECK(za != NULL);
	size_t at = 0;
	for (size_t i = 0; i < n_names; i++) {
		const uint8_t *nul = i + 1 < n_names && at < size
				     ? memchr(data + at, 0, size - at) : NULL;
		size_t end = nul ? (size_t)(nul - data) : size;
		zip_source_t *s = zip_source_buffer(za, data + at, end - at, 0);
		zip_int64_t idx = s ? zip_file_add(za, names[i], s, ZIP_FL_OVERWRITE) : -1;
		CHECK(idx >= 0);
		zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
		at = end < size ? end + 1 : size;
	}
	size_t len = 0;
	*out = NULL;
	if (zip_close(za) == 0 && zip_source_open(mem) == 0) {
		zip_source_seek(mem, 0, SEEK_END);
		zip_int64_t total = zip_source_tell(mem);
		zip_source_seek(mem, 0, SEEK_SET);
		if (total > 0 && (*out = malloc((size_t)total)) &&
		    zip_source_read(mem, *out, (zip_uint64_t)total) == total)
			len = (size_t)total;
		zip_source_close(mem);
	} else {
		zip_discard(za);
	}
	zip_source_free(mem);
	zip_error_fini(&ze);
	return len;
}

#endif
