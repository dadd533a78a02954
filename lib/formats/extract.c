/* extract.c: what the readers of extracted text (PDF, EPUB, DOCX, ODT)
 * share.  Their files hold the text compressed or drawn, not as bytes a
 * hit could point to, so the text maps to itself: a passage's start and
 * end are offsets into the extracted text, and its line is counted in the
 * text of its part (page, chapter) -- see GUIDE.md, "Input formats". */
#include "reader.h"
#include "rbzip.h"
#include "grow.h"

#include <stdlib.h>

void rb_tbuf_put_own(rb_tbuf *t, const char *s, size_t n)
{
	rb_tbuf_put(t, s, n, t->len);
}

rb_status rb_extract_finish(const char *name, rb_tbuf *t, rb_document *doc,
			    rb_status rc, char **err)
{
	rb_tbuf_trim(t);
	if (rc) {
		rb_tbuf_free(t);
		return rc;
	}
	if (!rb_tbuf_finish(t, doc))
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	return RB_OK;
}

bool rb_parts_add(rb_document *doc, size_t *cap, rb_tbuf *t)
{
	rb_tbuf_break(t);
	size_t *v = rb_grow(doc->part_starts, cap, doc->n_parts + 1, sizeof *v, 16);
	if (!v)
		return false;
	doc->part_starts = v;
	doc->part_starts[doc->n_parts++] = t->len;
	return true;
}

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <string.h>

static xmlDoc *xml_read_once(const char *b, size_t n, bool *oom)
{
	rb_formats_init();
	rb_xml_quiet_thread();
	*oom = false;
	if (n == 0 || n > INT_MAX)
		return NULL;
	/* Out of memory, libxml2 stops and returns what it has: not a part
	 * to read as if it ended there (as the HTML reader). */
	xmlResetLastError();
	xmlDoc *x = xmlReadMemory(b, (int)n, NULL, NULL,
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	const xmlError *e = xmlGetLastError();
	if (e && e->code == XML_ERR_NO_MEMORY) {
		*oom = true;
		xmlFreeDoc(x);
		return NULL;
	}
	return x;
}

/* Parsed twice before it is called not well-formed: libxml2 reports some
 * failed allocations as broken XML (see zip.c, zip_open_any). */
xmlDoc *rb_xml_read(const char *b, size_t n, bool *oom)
{
	xmlDoc *x = xml_read_once(b, n, oom);
	if (!x && !*oom)
		x = xml_read_once(b, n, oom);
	return x;
}

bool rb_xml_is(const xmlNode *node, const char *local)
{
	return node->type == XML_ELEMENT_NODE && !strcmp((const char *)node->name, local);
}

static xmlNode *find_element(xmlNode *node, const char *local)
{
	for (; node; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (rb_xml_is(node, local))
			return node;
		xmlNode *in = find_element(node->children, local);
		if (in)
			return in;
	}
	return NULL;
}

char *rb_xml_find_text(xmlNode *node, const char *local, bool *oom)
{
	xmlNode *found = node ? find_element(node, local) : NULL;
	xmlChar *s = found ? xmlNodeGetContent(found) : NULL;
	char *clean = s ? rb_utf8_clean((const char *)s, strlen((const char *)s)) : NULL;
	if ((found && !s) || (s && !clean))
		*oom = true;
	xmlFree(s);
	if (clean && !*clean) {
		free(clean);
		clean = NULL;
	}
	return clean;
}

rb_status rb_zip_title(const char *name, rb_zip *z, const char *props, rb_document *doc,
		       char **err)
{
	char *data = NULL;
	size_t len = 0;
	bool oom = false;
	rb_status rc = rb_zip_has(z, props) ? rb_zip_read(z, props, &data, &len, NULL) : RB_ERR_INVALID;
	if (rc)
		return rc == RB_ERR_NO_MEMORY ? rb_fail(err, rc, "%s: out of memory", name) : RB_OK;
	xmlDoc *p = rb_xml_read(data, len, &oom);
	free(data);
	if (p)
		doc->title = rb_xml_find_text(xmlDocGetRootElement(p), "title", &oom);
	xmlFreeDoc(p);
	if (oom)
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	return RB_OK;
}

rb_status rb_zip_read_xml(const char *name, rb_zip *z, const char *entry, xmlDoc **out,
			  char **err)
{
	char *data = NULL;
	size_t len = 0;
	bool oom = false;
	*out = NULL;
	rb_status rc = rb_zip_read(z, entry, &data, &len, err);
	if (!rc && !(*out = rb_xml_read(data, len, &oom)))
		rc = oom ? rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name)
			 : rb_fail(err, RB_ERR_INVALID,
				   "%s: %s is not well-formed XML (or nests deeper than 256)",
				   name, entry);
	free(data);
	return rc;
}
