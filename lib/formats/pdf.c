/* pdf.c: PDF through poppler-glib, text page by page.
 *
 * Each page is a part ("page"): its text as poppler lays it out, one line
 * of the page a line of text, then a paragraph break, so no passage runs
 * across two pages.  The title is the document information's Title when
 * it has one (else the indexer takes the first line).  An encrypted PDF
 * (one that needs a password to open) is skipped with a note; a PDF
 * poppler cannot open fails with poppler's reason.  Past 10000 pages or
 * RB_EXTRACT_MAX_TEXT bytes of text, the file fails: a bound on what a
 * small hostile file can make poppler produce.
 */
#include "reader.h"

#include <poppler.h>
#include <stdlib.h>
#include <string.h>

#define PDF_MAX_PAGES 10000

static char *metadata_title(PopplerDocument *pdf)
{
	gchar *t = poppler_document_get_title(pdf);
	char *clean = t ? rb_utf8_clean(t, strlen(t)) : NULL;
	g_free(t);
	if (clean && !*clean) {
		free(clean);
		clean = NULL;
	}
	return clean;
}

rb_status rb_read_pdf(const char *name, const char *b, size_t n,
		      rb_document *doc, char **err)
{
	GError *gerr = NULL;
	GBytes *bytes = g_bytes_new_static(b, n);
	PopplerDocument *pdf = poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (!pdf) {
		bool locked = gerr && gerr->domain == POPPLER_ERROR &&
			      gerr->code == POPPLER_ERROR_ENCRYPTED;
		rb_status rc = RB_OK;
		if (locked) {
			doc->format = RB_FORMAT_BINARY;
			doc->note = "encrypted PDF (needs a password)";
		} else {
			rc = rb_fail(err, RB_ERR_INVALID, "%s: not a readable PDF: %s", name,
				     gerr && gerr->message ? gerr->message : "unknown error");
		}
		if (gerr)
			g_error_free(gerr);
		return rc;
	}
	int pages = poppler_document_get_n_pages(pdf);
	if (pages > PDF_MAX_PAGES) {
		g_object_unref(pdf);
		return rb_fail(err, RB_ERR_INVALID, "%s: %d pages (limit %d)", name, pages,
			       PDF_MAX_PAGES);
	}
	rb_tbuf t = { 0 };
	size_t cap = 0;
	rb_status rc = RB_OK;
	doc->format = RB_FORMAT_PDF;
	doc->extracted = 1;
	doc->part_name = "page";
	for (int i = 0; i < pages && !rc; i++) {
		if (!rb_parts_add(doc, &cap, &t)) {
			t.oom = true;
			break;
		}
		PopplerPage *page = poppler_document_get_page(pdf, i);
		char *text = page ? poppler_page_get_text(page) : NULL;
		if (text) {
			char *clean = rb_utf8_valid(text, strlen(text)) ? NULL
				    : rb_utf8_clean(text, strlen(text));
			const char *s = clean ? clean : text;
			rb_tbuf_put_own(&t, s, strlen(s));
			free(clean);
		}
		g_free(text);
		if (page)
			g_object_unref(page);
		if (t.len > RB_EXTRACT_MAX_TEXT)
			rc = rb_fail(err, RB_ERR_INVALID, "%s: more than %u bytes of text",
				     name, RB_EXTRACT_MAX_TEXT);
	}
	if (!rc && !t.oom)
		doc->title = metadata_title(pdf);
	g_object_unref(pdf);
	return rb_extract_finish(name, &t, doc, rc, err);
}
