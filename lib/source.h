/* source.h: a passage's text read back from its file.
 *
 * The index stores a passage's text only where its file does not hold it
 * byte for byte (stdin, converted charsets, extracted formats); elsewhere
 * it keeps the byte range and a hash of the bytes (lib/record.h).  A
 * source reads the range again and checks the hash, so that the text a
 * search shows or checks is the text that was indexed, or none.
 */
#ifndef RUBRIC_SOURCE_H
#define RUBRIC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"
#include "status.h"

typedef struct rb_source rb_source;

rb_status rb_source_new(rb_source **out, char **err);
void rb_source_free(rb_source *s);

/* Gives r its text.  Stored text stays as it is; text in the file is read
 * into the source's buffer, valid until the next call (the source keeps
 * the last file open: a query's candidates come a file at a time).  When
 * the file cannot be opened or no longer holds the passage's bytes:
 * RB_ERR_IO, r->text empty, and r->text_missing (static) "changed since it
 * was indexed" or the system's reason. */
rb_status rb_source_text(rb_source *s, rb_record *r);

/* Whether r's text, read from its file, starts a line there (the file's
 * first byte, or one after a line break) and ends one (the file's end,
 * or a line break next); both true for text the record holds, and when
 * the file cannot be read. */
void rb_source_edges(rb_source *s, const rb_record *r, bool *starts_line, bool *ends_line);
/* The rest of the lines r's text, read from its file, starts and ends
 * inside (a paragraph of over 100 words is split into passages at a
 * sentence end): the bytes from the line's start to the text (before)
 * and from the text to the line's end (after), malloc'd, each about
 * RB_LINE_AROUND_MAX bytes at most (a pattern's match across a passage's
 * cut is that short); starts_line/ends_line: whether that reaches the
 * line's ends.  Nothing around text the record holds, or when the
 * file cannot be read.  Freed by rb_line_around_free. */
#define RB_LINE_AROUND_MAX 4096
typedef struct {
	char *before, *after;
	size_t before_len, after_len;
	bool starts_line, ends_line;
} rb_line_around;
void rb_source_line_around(rb_source *s, const rb_record *r, rb_line_around *out);
void rb_line_around_free(rb_line_around *a);
/* The files whose passages could not be read back since the previous
 * call, each once in the source's life: fn(path, reason, ctx) each. */
void rb_source_report(rb_source *s, void (*fn)(const char *path, const char *reason, void *ctx),
		      void *ctx);

#endif
