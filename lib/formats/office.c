/* office.c: word-processor and presentation files: DOCX and PPTX (Office
 * Open XML), ODT and ODP (OpenDocument), each a zip of XML parts
 * (rbzip.h's limits).
 *
 * A paragraph (w:p, a:p; text:p or text:h) becomes a paragraph of text,
 * and so a passage.  The runs of a paragraph (w:r, a:r, text:span: pieces
 * in one formatting) are joined as they are, so a phrase split across
 * bold and plain runs reads as one phrase.  Tabs and line breaks inside a
 * paragraph stay a tab and a newline; deleted text (w:delText) and field
 * codes (w:instrText) are not text.  A paragraph inside another (a note, a
 * frame) is read in place, separated by a space.  The title is the
 * document properties' dc:title (docProps/core.xml, meta.xml).
 *
 * A word processor's pages depend on its layout: DOCX and ODT have no
 * parts.  A presentation's slides are its parts ("slide"): PPTX's in the
 * order ppt/presentation.xml lists them (ooxml.c), ODP's draw:page
 * elements in document order.  Speaker notes are not read (PPTX keeps them
 * in parts of their own, ODP inside the page: skipped so that both read
 * the same).
 */
#include "reader.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "rbzip.h"

typedef enum { DOCX, ODT, PPTX, ODP } dialect;

/* Office Open XML keeps text in t elements only (elsewhere: layout);
 * OpenDocument in the text content of its paragraphs. */
static bool is_ooxml(dialect d)
{
	return d == DOCX || d == PPTX;
}

typedef struct {
	dialect kind;
	rb_tbuf *t;
	rb_document *doc;     /* ODP: its slides are parts */
	size_t parts_cap;
	int in_paragraph;
	bool space_pending;   /* OpenDocument: white space collapses as in HTML */
} office;

static void put_text(office *o, const char *s)
{
	if (is_ooxml(o->kind)) {
		rb_tbuf_put_own(o->t, s, strlen(s));
		return;
	}
	/* ODF: a run of white space in text content is one space. */
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, " \t\r\n");
		if (n) {
			if (o->space_pending && o->t->len &&
			    !strchr(" \t\n", o->t->buf[o->t->len - 1]))
				rb_tbuf_put_own(o->t, " ", 1);
			o->space_pending = false;
			rb_tbuf_put_own(o->t, p, n);
			p += n;
		}
		size_t w = strspn(p, " \t\r\n");
		if (w)
			o->space_pending = true;
		p += w;
	}
}

static void put_spaces(office *o, xmlNode *n)
{
	xmlChar *c = xmlGetNsProp(n, (const xmlChar *)"c", n->ns ? n->ns->href : NULL);
	long count = c ? strtol((const char *)c, NULL, 10) : 1;
	xmlFree(c);
	if (count < 1)
		count = 1;
	if (count > 64)
		count = 64;  /* layout, not words */
	for (long i = 0; i < count; i++)
		rb_tbuf_put_own(o->t, " ", 1);
	o->space_pending = false;
}

static bool is_paragraph(const office *o, const xmlNode *n)
{
	return is_ooxml(o->kind) ? rb_xml_is(n, "p") : rb_xml_is(n, "p") || rb_xml_is(n, "h");
}

/* libxml2 bounds the depth (256), so recursion is bounded too. */
static void walk(office *o, xmlNode *node)
{
	for (; node && !o->t->oom; node = node->next) {
		if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
			if (o->in_paragraph && !is_ooxml(o->kind) && node->content)
				put_text(o, (const char *)node->content);
			continue;
		}
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (is_ooxml(o->kind) && rb_xml_is(node, "t")) {
			xmlChar *s = xmlNodeGetContent(node);
			if (s)
				put_text(o, (const char *)s);
			else   /* libxml2 out of memory: not a run to lose quietly */
				o->t->oom = true;
			xmlFree(s);
			continue;
		}
		if (rb_xml_is(node, "tab")) {
			rb_tbuf_put_own(o->t, "\t", 1);
			o->space_pending = false;
			continue;
		}
		if (rb_xml_is(node, "br") || rb_xml_is(node, "cr") || rb_xml_is(node, "line-break")) {
			rb_tbuf_put_own(o->t, "\n", 1);
			o->space_pending = false;
			continue;
		}
		if (!is_ooxml(o->kind) && rb_xml_is(node, "s")) {
			put_spaces(o, node);
			continue;
		}
		if (!is_ooxml(o->kind) && rb_xml_is(node, "note-citation"))
			continue;  /* the note's number */
		if (o->kind == ODP && rb_xml_is(node, "notes"))
			continue;  /* speaker notes */
		if (o->kind == ODP && rb_xml_is(node, "page") && !o->in_paragraph) {
			if (!rb_parts_add(o->doc, &o->parts_cap, o->t))
				o->t->oom = true;
			walk(o, node->children);
			continue;
		}
		if (is_paragraph(o, node)) {
			if (o->in_paragraph++)
				o->space_pending = true;
			else
				o->space_pending = false;
			walk(o, node->children);
			if (!--o->in_paragraph)
				rb_tbuf_break(o->t);
			else
				o->space_pending = true;
			continue;
		}
		walk(o, node->children);
	}
}

/* Walks the XML part `entry` into o's text. */
static rb_status read_part(const char *name, rb_zip *z, const char *entry, office *o,
			   char **err)
{
	xmlDoc *x = NULL;
	rb_status rc = rb_zip_read_xml(name, z, entry, &x, err);
	if (!rc) {
		walk(o, xmlDocGetRootElement(x));
		if (o->t->len > RB_EXTRACT_MAX_TEXT)
			rc = rb_fail(err, RB_ERR_INVALID, "%s: more than %u bytes of text",
				     name, RB_EXTRACT_MAX_TEXT);
	}
	xmlFreeDoc(x);
	return rc;
}

/* PPTX: each slide a part, in the presentation's order. */
static rb_status read_slides(const char *name, rb_zip *z, office *o, char **err)
{
	char **slides = NULL;
	size_t n = 0;
	rb_status rc = rb_ooxml_order(name, z, "ppt/presentation.xml", "sldId", &slides, &n, err);
	for (size_t i = 0; i < n && !rc; i++) {
		if (!rb_parts_add(o->doc, &o->parts_cap, o->t))
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
		/* A slide the presentation lists but the archive lacks is an
		 * empty slide. */
		else if (rb_zip_has(z, slides[i]))
			rc = read_part(name, z, slides[i], o, err);
	}
	rb_ooxml_order_free(slides, n);
	return rc;
}

static rb_status read_office(const char *name, const char *b, size_t n,
			     rb_document *doc, char **err, dialect kind)
{
	static const char *const bodies[] = { [DOCX] = "word/document.xml",
					      [ODT] = "content.xml", [ODP] = "content.xml" };
	static const rb_format formats[] = { [DOCX] = RB_FORMAT_DOCX, [ODT] = RB_FORMAT_ODT,
					     [PPTX] = RB_FORMAT_PPTX, [ODP] = RB_FORMAT_ODP };
	rb_zip *z;
	rb_status rc = rb_zip_open(name, b, n, &z, err);
	if (rc)
		return rc;
	rb_tbuf t = { 0 };
	doc->format = formats[kind];
	doc->extracted = 1;
	if (kind == PPTX || kind == ODP)
		doc->part_name = "slide";
	office o = { .kind = kind, .t = &t, .doc = doc };
	rc = kind == PPTX ? read_slides(name, z, &o, err) : read_part(name, z, bodies[kind], &o, err);
	if (!rc)
		rc = rb_zip_title(name, z, is_ooxml(kind) ? "docProps/core.xml" : "meta.xml", doc,
				  err);
	rb_zip_close(z);
	return rb_extract_finish(name, &t, doc, rc, err);
}

void rb_odf_inline(rb_tbuf *t, xmlNode *children)
{
	office o = { .kind = ODT, .t = t, .in_paragraph = 1 };
	walk(&o, children);
}

rb_status rb_read_docx(const char *name, const char *b, size_t n,
		       rb_document *doc, char **err)
{
	return read_office(name, b, n, doc, err, DOCX);
}

rb_status rb_read_odt(const char *name, const char *b, size_t n,
		      rb_document *doc, char **err)
{
	return read_office(name, b, n, doc, err, ODT);
}

rb_status rb_read_pptx(const char *name, const char *b, size_t n,
		       rb_document *doc, char **err)
{
	return read_office(name, b, n, doc, err, PPTX);
}

rb_status rb_read_odp(const char *name, const char *b, size_t n,
		      rb_document *doc, char **err)
{
	return read_office(name, b, n, doc, err, ODP);
}
