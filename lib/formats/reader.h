/* reader.h: what the readers in lib/formats/ share (not installed, not
 * for callers outside lib/formats/: they use format.h).
 *
 * Every reader writes into an rb_tbuf: the text it builds and the offset
 * map, compressed into runs (an entry only where the linear mapping from
 * the previous entry would be wrong).
 */
#ifndef RUBRIC_FORMATS_READER_H
#define RUBRIC_FORMATS_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format.h"

typedef struct {
	char *buf;
	size_t len, cap;
	rb_offset_map *map;
	size_t n_map, map_cap;
	bool oom;             /* an allocation failed: every later put is a no-op */
} rb_tbuf;

/* Appends n bytes that came from the source at src (src + i for byte i).
 * NUL bytes become spaces: the text is a C string. */
void rb_tbuf_put(rb_tbuf *t, const char *s, size_t n, size_t src);
/* Appends bytes that came from no particular source byte (paragraph
 * breaks, separators): they map linearly from the previous entry.  NUL
 * bytes become spaces here too. */
void rb_tbuf_gen(rb_tbuf *t, const char *s, size_t n);
/* Appends the UTF-8 encoding of code point c, taken from src. */
void rb_tbuf_put_cp(rb_tbuf *t, uint32_t c, size_t src);
/* Appends another buffer's text, its map shifted by src (exact = true) or
 * every byte mapped to src (exact = false). */
void rb_tbuf_append(rb_tbuf *t, const rb_tbuf *o, size_t src, bool exact);
/* Ends the text with at most one blank line (a paragraph break) unless it
 * is empty or ends with one already. */
void rb_tbuf_break(rb_tbuf *t);
/* Drops trailing white space (and map entries that started in it). */
void rb_tbuf_trim(rb_tbuf *t);
/* Moves the text and map into doc (an empty map gets {0, 0}). */
bool rb_tbuf_finish(rb_tbuf *t, rb_document *doc);
void rb_tbuf_free(rb_tbuf *t);

/* UTF-8 helpers (text.c). */
/* Length of the valid UTF-8 sequence at s[0, n), 0 when invalid. */
size_t rb_utf8_seq(const unsigned char *s, size_t n);
bool rb_utf8_valid(const char *s, size_t n);
/* A malloc'd copy of s[0, n) that is valid UTF-8 (invalid bytes read as
 * Windows-1252), NUL bytes dropped, white space runs collapsed to one
 * space and trimmed.  NULL when out of memory. */
char *rb_utf8_clean(const char *s, size_t n);

/* Decodes bytes[0, n), found in the source at src_base, into t.  `charset` is the
 * declared charset or NULL (then: UTF-8 if valid, else guessed, see
 * text.c).  Returns false only when out of memory. */
bool rb_decode_text(rb_tbuf *t, const char *bytes, size_t n, size_t src_base,
		    const char *charset);

/* The readers: fill doc (format, text, title, fields, map) or fail; the
 * sniffers: whether bytes[0, n) look like their format.  One of each a
 * row of formats.def. */
#define RB_FORMAT_ROW(id, name, aliases, extensions, reader, sniff, ...) \
	rb_status reader(const char *, const char *, size_t, rb_document *, char **); \
	bool sniff(const char *, size_t);
#include "formats.def"
#undef RB_FORMAT_ROW

/* A row of formats.def (formats.c): what detect.c reads. */
typedef struct {
	rb_format format;
	const char *name, *aliases, *extensions;
	rb_status (*read)(const char *name, const char *b, size_t n, rb_document *doc,
			  char **err);
	bool (*sniff)(const char *b, size_t n);
	const char *magic, *zip_mimetype, *zip_entry;
} rb_format_row;

/* The rows, in formats.def's order (*n of them). */
const rb_format_row *rb_format_rows(size_t *n);
/* f's row; NULL for RB_FORMAT_AUTO and RB_FORMAT_BINARY. */
const rb_format_row *rb_format_row_of(rb_format f);
/* Whether the space-separated `words` hold `word` (in any case). */
bool rb_format_word_in(const char *words, const char *word);

/* Extracted text (PDF, EPUB, DOCX, ODT) is bounded: past this many bytes a
 * reader gives up on the file with a message. */
#define RB_EXTRACT_MAX_TEXT (64u << 20)
/* Appends extracted text, mapped to itself (doc->extracted). */
void rb_tbuf_put_own(rb_tbuf *t, const char *s, size_t n);
/* Ends a reader of extracted text: with rc (a failure so far) the text is
 * freed and rc returned; else the text, trimmed, goes into doc. */
rb_status rb_extract_finish(const char *name, rb_tbuf *t, rb_document *doc,
			    rb_status rc, char **err);
/* Starts a new part (page, chapter) of an extracted text: a paragraph
 * break, then records where it starts.  false when out of memory. */
bool rb_parts_add(rb_document *doc, size_t *cap, rb_tbuf *t);
/* An XML part of an archive, parsed by libxml2 without network access,
 * entity substitution or messages, within libxml2's default limits (depth
 * 256); NULL when it is not well-formed, or when libxml2 ran out of memory
 * (*oom set: the part may have been cut short).  Free with xmlFreeDoc. */
struct _xmlDoc *rb_xml_read(const char *b, size_t n, bool *oom);
/* The text of node's first descendant element (or itself) whose local
 * name is `local`, cleaned (rb_utf8_clean); NULL when none or empty, or
 * when out of memory (then *oom is set). */
struct _xmlNode;
char *rb_xml_find_text(struct _xmlNode *node, const char *local, bool *oom);
/* Whether node is an element of that local name (any namespace). */
bool rb_xml_is(const struct _xmlNode *node, const char *local);

/* The inline content of an OpenDocument paragraph (spans, text:s,
 * text:tab, text:line-break; white space collapsed) into t (office.c, for
 * the cells of sheets.c). */
void rb_odf_inline(rb_tbuf *t, struct _xmlNode *children);

/* HTML to text into t, for html.c and mail.c.  `encoding` forces the input
 * encoding (NULL: declared in the document, else UTF-8 if valid, else
 * guessed).  With `exact`, runs map back to the source as html.c
 * documents; otherwise every byte maps to src_base.  *title (may be NULL)
 * gets the <title>, malloc'd, or NULL. */
bool rb_html_to_text(rb_tbuf *t, const char *b, size_t n, size_t src_base,
		     const char *encoding, bool exact, char **title);

/* xml_setup.c: initialises libxml2 once per process (pthread_once);
 * every reader entry point calls it.  (GMime starts at the first mail:
 * rb_read_mail.) */
void rb_formats_init(void);

/* Silences libxml2 in the calling thread: for the readers that parse with
 * it (HTML, XML), just before they do.  Not in every reader: libxml2 makes
 * a thread's state at its first call there, and when that allocation
 * fails it crashes (libxml2 2.9's xmlGetGlobalState). */
void rb_xml_quiet_thread(void);

/* gzip.c: whether b starts as a gzip stream; its bytes inflated into
 * *out (malloc'd, NUL-terminated), at most RB_EXTRACT_MAX_TEXT of them:
 * past that, or not readable, RB_ERR_INVALID with the reason. */
bool rb_gzip_is(const char *b, size_t n);
rb_status rb_gunzip(const char *name, const char *b, size_t n, char **out, size_t *len,
		    char **err);

/* subdoc.c: a subdocument named name[0, name_len), its bytes (malloc'd,
 * taken whatever happens) to read later, added to doc (its list's
 * capacity in *cap); false when out of memory. */
bool rb_subdoc_add(rb_document *doc, size_t *cap, const char *name, size_t name_len,
		   char *bytes, size_t len);
/* How a file's subdocuments are read: `read` reads one as a file of that
 * name (detect.c), with ctx; *total and *count add up the bytes and the
 * documents of one file at every depth. */
typedef struct {
	rb_status (*read)(const char *name, const char *b, size_t n, rb_document *doc,
			  void *ctx, char **err);
	void *ctx;
	size_t *total, *count;
} rb_subdoc_reading;
/* Reads doc's subdocuments (rb_subdoc's bytes) into documents, keeping
 * those that hold text, nested ones lifted (format.h).  A subdocument
 * skipped for a limit of rbzip.h skips the file: RB_ERR_INVALID. */
rb_status rb_subdocs_read(const char *name, rb_document *doc, const rb_subdoc_reading *how,
			  char **err);

/* archive.c: whether b[0, n) is a tar inside gzip, bzip2, xz or zstd
 * (what libarchive reads as a tar after the filter). */
bool rb_archive_compressed_tar(const char *b, size_t n);
/* Whether b[0, n) starts as a tar (ustar or old tar header checksum) or
 * a 7z archive. */
bool rb_archive_is(const char *b, size_t n);

/* Format detection by content, then by the name's extension. */
rb_format rb_format_detect(const char *name, const char *b, size_t n);

#endif
