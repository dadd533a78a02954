/* rbzip.h: bounded reading of the zip archives EPUB and office files are
 * (internal to lib/formats/).
 *
 * An archive is hostile until read: its entry count, each entry's
 * uncompressed size and the total read from one file are capped (a zip
 * bomb stops at the cap, whatever sizes its headers declare), and an entry
 * that is itself an archive is never opened (no nesting).  Over a limit,
 * the reader fails with a message naming the file, the entry and the
 * limit.  XML inside is parsed by libxml2 with its default depth limit
 * (256) and without entity substitution or network access.
 */
#ifndef RUBRIC_FORMATS_ZIP_H
#define RUBRIC_FORMATS_ZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "format.h"
#include "status.h"

#define RB_ZIP_MAX_ENTRIES 10000
#define RB_ZIP_MAX_ENTRY_BYTES (32u << 20)    /* one entry, uncompressed */
#define RB_ZIP_MAX_TOTAL_BYTES (128u << 20)   /* all entries read from a file */
#define RB_ZIP_MAX_NAME_BYTES 1024

typedef struct rb_zip rb_zip;

/* Opens the archive in b[0, n) (borrowed: it must outlive the rb_zip). */
rb_status rb_zip_open(const char *name, const char *b, size_t n, rb_zip **out,
		      char **err);
/* Whether the archive has an entry of that exact name. */
bool rb_zip_has(rb_zip *z, const char *entry);
/* Reads an entry whole into a malloc'd, NUL-terminated buffer, within the
 * limits above. */
rb_status rb_zip_read(rb_zip *z, const char *entry, char **data, size_t *len,
		      char **err);
void rb_zip_close(rb_zip *z);

/* An XML part of the archive, read (rb_zip_read) and parsed (rb_xml_read);
 * not well-formed: RB_ERR_INVALID naming the part.  Free with xmlFreeDoc. */
struct _xmlDoc;
rb_status rb_zip_read_xml(const char *name, rb_zip *z, const char *entry,
			  struct _xmlDoc **out, char **err);

/* The title in an office file's properties part (docProps/core.xml,
 * meta.xml), into doc->title when the part is there and has one.  A
 * missing or broken part is no reason to lose the text: RB_OK; only out of
 * memory fails (the file is read again next run). */
rb_status rb_zip_title(const char *name, rb_zip *z, const char *props, rb_document *doc,
		       char **err);

/* ooxml.c: the parts an Office Open XML main part (ppt/presentation.xml,
 * xl/workbook.xml) lists as `element`s (sldId, sheet), in its order, as
 * entry names resolved through its relationships; *parts is malloc'd, for
 * rb_ooxml_order_free. */
rb_status rb_ooxml_order(const char *name, rb_zip *z, const char *main_part,
			 const char *element, char ***parts, size_t *n_parts, char **err);
void rb_ooxml_order_free(char **parts, size_t n);

/* For detection (detect.c): the zip in b[0, n) opened to look at, or
 * NULL when it does not open.  The entry count is not checked here: the
 * reader says it is too many.  rb_zip_mimetype: its "mimetype" entry
 * (EPUB, OpenDocument), the first bytes without the line end, into buf;
 * "" when there is none. */
rb_zip *rb_zip_probe(const char *b, size_t n);
void rb_zip_mimetype(rb_zip *z, char *buf, size_t size);

#endif
