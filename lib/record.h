/* record.h: the data stored with each passage document: enough to render a
 * hit, with the passage's text either stored or, where the source file
 * holds it byte for byte, read back from there (lib/source.h). */
#ifndef RUBRIC_RECORD_H
#define RUBRIC_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define RB_RECORD_MAX_FIELDS 8

typedef struct {
	const char *name;  size_t name_len;   /* "from", "to", "cc", "subject", "date", "id" */
	const char *value; size_t value_len;
} rb_record_field;

typedef struct {
	const char *path;  size_t path_len;   /* absolute path of the source */
	const char *title; size_t title_len;
	const char *text;  size_t text_len;   /* the passage, as in the source;
					       * empty when text_in_file */
	/* The text is the source file's bytes [start, end), whose XXH3
	 * hash is text_hash: read back, not stored. */
	int text_in_file;
	uint64_t text_hash;
	/* Set by rb_source_text when the file no longer gives the text: why. */
	const char *text_missing;
	uint32_t passage;                     /* 1-based number in the file */
	uint32_t line;                        /* 1-based first line */
	uint64_t start, end;                  /* byte range in the source */
	rb_record_field fields[RB_RECORD_MAX_FIELDS];  /* mail headers */
	size_t n_fields;
	const char *lang;  size_t lang_len;   /* the stemming language used */
	int64_t date;                         /* seconds since 1970: the mail's
					       * Date, else the file's mtime */
	/* Extracted text (PDF, EPUB): the part the passage is in, 1-based, and
	 * what a part is ("page", "chapter"); 0 and "" when none.  Then `line`
	 * counts in the part's text and start/end in the extracted text. */
	uint32_t part;
	const char *part_name; size_t part_name_len;
	/* Version 8 stores what is its file's once, on passage 1: a later
	 * passage names its file by file_id (rb_path_id of the path) and
	 * leaves out the parts set here (encoding: those it leaves out, only
	 * for passage > 1; decoding: those it lacks until rb_record_read,
	 * lib/filerecord.h, completes it from passage 1's record). */
	unsigned from_first;
	uint64_t file_id;
} rb_record;

/* from_first: the path and language; the title, fields and date (a later
 * message of an mbox has its own). */
#define RB_FROM_FIRST_FILE 1u
#define RB_FROM_FIRST_ORIGIN 2u

/* Encodes r into a malloc'd buffer the caller frees. */
rb_status rb_record_encode(const rb_record *r, char **out, size_t *len_out,
			   char **err);
/* Decodes data[0, len); r's strings point into data (not NUL-terminated).
 * A later passage of version 8 comes back with from_first set and its
 * path, title, fields and language empty: rb_record_read completes it. */
rb_status rb_record_decode(const char *data, size_t len, rb_record *r,
			   char **err);

#endif
