/* format.h: what a file says, as UTF-8 text rubric can index.
 *
 * A reader turns a file's bytes into text (markup stripped, mail decoded,
 * other encodings converted), a title and searchable fields, and keeps a
 * map from offsets in that text back to offsets in the file, so that hits
 * still name the file's own lines and byte ranges.  Readers never print
 * and never exit; bad input gets a status and a message, never a crash.
 */
#ifndef RUBRIC_FORMAT_H
#define RUBRIC_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

typedef enum {
	RB_FORMAT_AUTO = 0,   /* detect: content first, file name second */
	/* RB_FORMAT_TEXT, RB_FORMAT_MARKDOWN, ...: a row each of formats.def */
#define RB_FORMAT_ROW(id, ...) RB_FORMAT_##id,
#include "formats.def"
#undef RB_FORMAT_ROW
	RB_FORMAT_BINARY      /* not text: skipped by the indexer */
} rb_format;

/* formats.c: whether f is read from a file that holds its text
 * compressed or drawn (PDF, EPUB and the office formats): such a file,
 * damaged, is skipped. */
bool rb_format_extracts(rb_format f);
/* "text", "markdown", ...; and back, aliases too ("md"; -1 for an
 * unknown name).  The formats a user names are those from
 * RB_FORMAT_AUTO + 1 to RB_FORMAT_BINARY - 1. */
const char *rb_format_name(rb_format f);
int rb_format_from_name(const char *name);

typedef struct {
	const char *name;     /* static: "from", "to", "cc", "subject", "date", "id" */
	char *value;          /* UTF-8, malloc'd */
} rb_field;

/* text[text_off...] came from the file at src_off...; offsets between two
 * entries map linearly from the earlier one. */
typedef struct {
	size_t text_off, src_off;
} rb_offset_map;

/* One message of an mbox file that holds several. */
typedef struct {
	size_t text_start;    /* where its text starts in the document's */
	char *title;          /* its Subject (malloc'd), or NULL */
	rb_field *fields;
	size_t n_fields;
	bool has_date;
	int64_t date;
} rb_message;

struct rb_document;

/* A document a file holds besides its own text: an archive's member, a
 * mail's attachment.  Its reader gives its name and bytes (and, for an
 * attachment, its message as origin); rb_format_read then reads those
 * bytes as a file of that name would be read (detection, the same
 * readers), and gives `doc` in their place.  An archive inside an
 * archive (to RB_SUBDOC_MAX_DEPTH) gives its own members here too, their
 * names joined with "//" ("inner.zip//notes.txt"). */
typedef struct {
	char *name;           /* within the file, malloc'd ("docs/a.pdf") */
	char *bytes;          /* before it is read: its bytes (malloc'd) */
	size_t len;
	/* An attachment's message: its title, fields and date become the
	 * document's (subject:, from:, ... find it); none for a member. */
	rb_message origin;
	struct rb_document *doc;   /* once read (malloc'd); NULL before */
} rb_subdoc;

#define RB_SUBDOC_MAX_DEPTH 4

typedef struct rb_document {
	rb_format format;     /* the reader used */
	char *text;           /* valid UTF-8 (malloc'd, NUL-terminated) */
	size_t text_len;
	char *title;          /* UTF-8, malloc'd; NULL when the format has none */
	rb_field *fields;
	size_t n_fields;
	rb_offset_map *map;   /* sorted by text_off; starts at {0, x} */
	size_t n_map;
	/* The bytes read: a text offset never maps past them (text decoded
	 * longer than its bytes maps linearly from its start).  0: unknown. */
	size_t source_len;
	const char *note;     /* static, why a file was skipped ("binary file") */
	bool has_date;        /* the document gives its own date (a mail's Date) */
	int64_t date;         /* then: seconds since 1970 */
	/* malloc'd, why a file was skipped when it takes more words than a
	 * note: a damaged PDF, an archive over a limit (without the name) */
	char *reason;
	/* Text extracted from a file that does not hold it as bytes (PDF,
	 * EPUB, DOCX, ODT): the map is the identity, so offsets are into the
	 * text itself, and lines are counted in the text of each part. */
	int extracted;
	/* Parts, for extracted text: part i (1-based) starts at text offset
	 * part_starts[i - 1]; part_name (static) says what a part is ("page",
	 * "chapter"); NULL and 0 when the format has none. */
	const char *part_name;
	size_t *part_starts;
	size_t n_parts;
	/* A compressed file's bytes, inflated (gzip; malloc'd): the map points
	 * into them, not into the file, and lines are counted there; NULL
	 * for other files. */
	char *inflated;
	size_t inflated_len;
	/* An mbox of several messages: each passage takes the title, fields
	 * and date of the message its text starts in (the document's own are
	 * then NULL, none and none); NULL and 0 for other files. */
	rb_message *messages;
	size_t n_messages;
	/* The documents the file holds (rb_subdoc): an archive's members, a
	 * mail's attachments; NULL and 0 for other files.  Each is indexed
	 * under the file's path + "//" + its name (lib/ingest.h). */
	rb_subdoc *subdocs;
	size_t n_subdocs;
} rb_document;

/* Reads bytes[0, len) of the file `name` (its path: for the extension and
 * messages).  `forced` other than RB_FORMAT_AUTO skips detection.  On
 * RB_OK, *doc is filled; the caller frees it with rb_document_free.  A
 * binary file is RB_OK with doc->format == RB_FORMAT_BINARY and no text; so
 * is a PDF, EPUB, DOCX or ODT file that cannot be read (encrypted,
 * damaged, over a limit of rbzip.h), with its note or reason. */
rb_status rb_format_read(const char *name, const char *bytes, size_t len,
			 rb_format forced, rb_document *doc, char **err);
void rb_document_free(rb_document *doc);
void rb_message_free(rb_message *m);

/* The file offset a text offset came from. */
size_t rb_document_source_offset(const rb_document *doc, size_t text_off);

#endif
