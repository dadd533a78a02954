/* office.c: word-processor files, DOCX (Office Open XML) and ODT
 * (OpenDocument text), each a zip of XML parts (rbzip.h's limits).
 *
 * A paragraph (w:p; text:p or text:h) becomes a paragraph of text, and so
 * a passage.  The runs of a paragraph (w:r, text:span: pieces in one
 * formatting) are joined as they are, so a phrase split across bold and
 * plain runs reads as one phrase.  Tabs and line breaks inside a paragraph
 * stay a tab and a newline; deleted text (w:delText) and field codes
 * (w:instrText) are not text.  A paragraph inside another (a note, a
 * frame) is read in place, separated by a space.  The title is the
 * document properties' dc:title (docProps/core.xml, meta.xml).  There are
 * no parts: a word processor's pages depend on its layout.
 */
#include "reader.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "rbzip.h"

typedef enum { DOCX, ODT } dialect;

typedef struct {
	dialect kind;
	rb_tbuf *t;
	int in_paragraph;
	bool space_pending;   /* ODT: white space collapses as in HTML */
} office;

static bool is(const xmlNode *n, const char *local)
{
	return !strcmp((const char *)n->name, local);
}

static void put_text(office *o, const char *s)
{
	if (o->kind == DOCX) {
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
	return o->kind == DOCX ? is(n, "p") : is(n, "p") || is(n, "h");
}

/* libxml2 bounds the depth (256), so recursion is bounded too. */
static void walk(office *o, xmlNode *node)
{
	for (; node && !o->t->oom; node = node->next) {
		if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
			/* DOCX holds its text in w:t only (elsewhere: layout). */
			if (o->in_paragraph && o->kind == ODT && node->content)
				put_text(o, (const char *)node->content);
			continue;
		}
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (o->kind == DOCX && is(node, "t")) {
			xmlChar *s = xmlNodeGetContent(node);
			if (s)
				put_text(o, (const char *)s);
			xmlFree(s);
			continue;
		}
		if (is(node, "tab")) {
			rb_tbuf_put_own(o->t, "\t", 1);
			o->space_pending = false;
			continue;
		}
		if (is(node, "br") || is(node, "cr") || is(node, "line-break")) {
			rb_tbuf_put_own(o->t, "\n", 1);
			o->space_pending = false;
			continue;
		}
		if (o->kind == ODT && is(node, "s")) {
			put_spaces(o, node);
			continue;
		}
		if (o->kind == ODT && is(node, "note-citation"))
			continue;  /* the note's number */
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

static rb_status read_office(const char *name, const char *b, size_t n,
			     rb_document *doc, char **err, dialect kind)
{
	const char *body = kind == DOCX ? "word/document.xml" : "content.xml";
	const char *props = kind == DOCX ? "docProps/core.xml" : "meta.xml";
	rb_zip *z;
	rb_status rc = rb_zip_open(name, b, n, &z, err);
	if (rc)
		return rc;
	char *data = NULL;
	size_t len = 0;
	xmlDoc *x = NULL;
	rb_tbuf t = { 0 };
	doc->format = kind == DOCX ? RB_FORMAT_DOCX : RB_FORMAT_ODT;
	doc->extracted = 1;
	rc = rb_zip_read(z, body, &data, &len, err);
	bool oom = false;
	if (!rc && !(x = rb_xml_read(data, len, &oom)))
		rc = oom ? rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name)
			 : rb_fail(err, RB_ERR_INVALID,
				   "%s: %s is not well-formed XML (or nests deeper than 256)",
				   name, body);
	free(data);
	if (!rc) {
		office o = { .kind = kind, .t = &t };
		walk(&o, xmlDocGetRootElement(x));
		if (t.len > RB_EXTRACT_MAX_TEXT)
			rc = rb_fail(err, RB_ERR_INVALID, "%s: more than %u bytes of text",
				     name, RB_EXTRACT_MAX_TEXT);
	}
	xmlFreeDoc(x);
	/* The title is a nicety: a missing or broken properties part is no
	 * reason to lose the text. */
	if (!rc && rb_zip_has(z, props) && !rb_zip_read(z, props, &data, &len, NULL)) {
		xmlDoc *p = rb_xml_read(data, len, &oom);
		free(data);
		if (p)
			doc->title = rb_xml_find_text(xmlDocGetRootElement(p), "title");
		else if (oom)  /* not a broken part: the file, read again next run */
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
		xmlFreeDoc(p);
	}
	rb_zip_close(z);
	return rb_extract_finish(name, &t, doc, rc, err);
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
