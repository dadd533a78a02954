/* sheets.c: spreadsheets, XLSX (Office Open XML) and ODS (OpenDocument),
 * each a zip of XML parts (rbzip.h's limits).
 *
 * A sheet is a part ("sheet"): XLSX's in the order xl/workbook.xml lists
 * them (ooxml.c), ODS's table:table elements in document order.  A row
 * holding anything is a paragraph, so a passage, and a hit names the row:
 * its cells in column order, joined by a tab; empty cells and rows are
 * left out, and a line break inside a cell is a space, so that a row is
 * one line.  A cell's value is as the file holds it: XLSX's shared and
 * inline strings, numbers as written (a date is its serial number); ODS's
 * cell paragraphs, joined by a space.  ODS writes a run of equal cells or
 * rows once with a repeat count (an empty sheet's last row stands for a
 * million): it is read once, as it is written.  Without a title in its
 * properties, a workbook's is its first row, cells apart by a space.
 */
#include "passage.h"
#include "reader.h"
#include "rbzip.h"
#include "grow.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

/* The row being written: its cells are added to t as they come. */
typedef struct {
	rb_tbuf *t;
	bool any;   /* a cell of this row was written */
} row;

/* A cell's text, cleaned: white space at its ends dropped, line breaks
 * and tabs inside it spaces. */
static void add_cell(row *r, const char *s, size_t n)
{
	while (n && strchr(" \t\r\n", s[0])) {
		s++;
		n--;
	}
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	if (!n)
		return;
	if (r->any)
		rb_tbuf_put_own(r->t, "\t", 1);
	r->any = true;
	size_t at = r->t->len;
	rb_tbuf_put_own(r->t, s, n);
	if (r->t->oom)
		return;
	for (size_t i = at; i < r->t->len; i++)
		if (strchr("\t\r\n", r->t->buf[i]))
			r->t->buf[i] = ' ';
}

static void end_row(row *r)
{
	if (r->any)
		rb_tbuf_break(r->t);
	r->any = false;
}

static rb_status too_much_text(const char *name, const rb_tbuf *t, char **err)
{
	return t->len > RB_EXTRACT_MAX_TEXT
	       ? rb_fail(err, RB_ERR_INVALID, "%s: more than %u bytes of text", name,
			 RB_EXTRACT_MAX_TEXT)
	       : RB_OK;
}

/* ---- XLSX ---- */

/* The shared strings, one after another in a buffer: string i is
 * text.buf[at[i], at[i + 1]). */
typedef struct {
	rb_tbuf text;
	size_t *at;
	size_t n, cap;
} shared;

/* The text of an si or is element: its t elements joined (a rich string's
 * runs), without the phonetic guides (rPh) some East Asian files add. */
static void string_text(rb_tbuf *t, xmlNode *node)
{
	for (; node && !t->oom; node = node->next) {
		if (rb_xml_is(node, "rPh"))
			continue;
		if (rb_xml_is(node, "t")) {
			xmlChar *s = xmlNodeGetContent(node);
			if (s)
				rb_tbuf_put_own(t, (const char *)s, strlen((const char *)s));
			else   /* libxml2 out of memory */
				t->oom = true;
			xmlFree(s);
			continue;
		}
		if (node->type == XML_ELEMENT_NODE)
			string_text(t, node->children);
	}
}

static bool add_boundary(shared *sh)
{
	size_t *v = rb_grow(sh->at, &sh->cap, sh->n + 1, sizeof *v, 64);
	if (!v)
		return false;
	sh->at = v;
	sh->at[sh->n] = sh->text.len;
	return true;
}

static bool read_shared(shared *sh, xmlNode *sst)
{
	for (xmlNode *si = sst ? sst->children : NULL; si; si = si->next) {
		if (!rb_xml_is(si, "si"))
			continue;
		if (!add_boundary(sh))
			return false;
		sh->n++;
		string_text(&sh->text, si->children);
		if (sh->text.oom)
			return false;
	}
	return add_boundary(sh);   /* where the last one ends */
}

static void xlsx_cell(row *r, xmlNode *c, const shared *sh)
{
	xmlChar *type = xmlGetProp(c, (const xmlChar *)"t");
	if (!type && xmlHasProp(c, (const xmlChar *)"t")) {   /* out of memory */
		r->t->oom = true;
		return;
	}
	const char *ty = type ? (const char *)type : "n";
	for (xmlNode *k = c->children; k; k = k->next) {
		if (!strcmp(ty, "inlineStr") && rb_xml_is(k, "is")) {
			rb_tbuf s = { 0 };
			string_text(&s, k->children);
			if (s.oom)
				r->t->oom = true;
			else if (s.len)
				add_cell(r, s.buf, s.len);
			rb_tbuf_free(&s);
		} else if (rb_xml_is(k, "v")) {
			xmlChar *v = xmlNodeGetContent(k);
			if (!v) {   /* out of memory */
				r->t->oom = true;
				break;
			}
			const char *val = (const char *)v;
			if (!strcmp(ty, "s")) {
				char *end;
				unsigned long i = strtoul(val, &end, 10);
				if (end != val && !*end && i < sh->n && sh->text.buf)
					add_cell(r, sh->text.buf + sh->at[i], sh->at[i + 1] - sh->at[i]);
			} else {
				add_cell(r, val, strlen(val));
			}
			xmlFree(v);
		}
	}
	xmlFree(type);
}

static void xlsx_rows(xmlNode *node, row *r, const shared *sh)
{
	for (; node && !r->t->oom; node = node->next) {
		if (rb_xml_is(node, "row")) {
			for (xmlNode *c = node->children; c && !r->t->oom; c = c->next)
				if (rb_xml_is(c, "c"))
					xlsx_cell(r, c, sh);
			end_row(r);
		} else if (rb_xml_is(node, "worksheet") || rb_xml_is(node, "sheetData")) {
			xlsx_rows(node->children, r, sh);
		}
	}
}

static rb_status read_xlsx(const char *name, rb_zip *z, rb_document *doc, rb_tbuf *t,
			   char **err)
{
	rb_status rc = RB_OK;
	shared sh = { 0 };
	char **sheets = NULL;
	size_t n_sheets = 0, cap = 0;
	const char *strings = "xl/sharedStrings.xml";
	if (rb_zip_has(z, strings)) {
		xmlDoc *x = NULL;
		rc = rb_zip_read_xml(name, z, strings, &x, err);
		if (!rc && !read_shared(&sh, xmlDocGetRootElement(x)))
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
		xmlFreeDoc(x);
	}
	if (!rc)
		rc = rb_ooxml_order(name, z, "xl/workbook.xml", "sheet", &sheets, &n_sheets, err);
	for (size_t i = 0; i < n_sheets && !rc; i++) {
		row r = { .t = t };
		xmlDoc *x = NULL;
		if (!rb_parts_add(doc, &cap, t))
			t->oom = true;
		else if (rb_zip_has(z, sheets[i]) &&
			 !(rc = rb_zip_read_xml(name, z, sheets[i], &x, err)))
			xlsx_rows(xmlDocGetRootElement(x), &r, &sh);
		xmlFreeDoc(x);
		if (!rc && t->oom)
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
		if (!rc)
			rc = too_much_text(name, t, err);
	}
	rb_ooxml_order_free(sheets, n_sheets);
	rb_tbuf_free(&sh.text);
	free(sh.at);
	return rc;
}

/* ---- ODS ---- */

static void ods_cell(row *r, xmlNode *cell)
{
	rb_tbuf s = { 0 };
	for (xmlNode *p = cell->children; p && !s.oom; p = p->next) {
		if (!rb_xml_is(p, "p") && !rb_xml_is(p, "h"))
			continue;
		if (s.len)
			rb_tbuf_put_own(&s, " ", 1);
		rb_odf_inline(&s, p->children);
	}
	if (s.oom)
		r->t->oom = true;
	else if (s.len)
		add_cell(r, s.buf, s.len);
	rb_tbuf_free(&s);
}

static void ods_rows(xmlNode *node, row *r)
{
	for (; node && !r->t->oom; node = node->next) {
		if (rb_xml_is(node, "table-row")) {
			for (xmlNode *c = node->children; c && !r->t->oom; c = c->next)
				if (rb_xml_is(c, "table-cell") || rb_xml_is(c, "covered-table-cell"))
					ods_cell(r, c);
			end_row(r);
		} else if (rb_xml_is(node, "table-row-group") || rb_xml_is(node, "table-header-rows") ||
			   rb_xml_is(node, "table-rows")) {
			ods_rows(node->children, r);
		}
	}
}

/* Each table:table under the spreadsheet a sheet. */
static void ods_tables(xmlNode *node, rb_document *doc, size_t *cap, rb_tbuf *t)
{
	for (; node && !t->oom; node = node->next) {
		if (rb_xml_is(node, "table")) {
			row r = { .t = t };
			if (!rb_parts_add(doc, cap, t))
				t->oom = true;
			else
				ods_rows(node->children, &r);
		} else if (rb_xml_is(node, "document-content") || rb_xml_is(node, "body") ||
			   rb_xml_is(node, "spreadsheet")) {
			ods_tables(node->children, doc, cap, t);
		}
	}
}

static rb_status read_ods(const char *name, rb_zip *z, rb_document *doc, rb_tbuf *t,
			  char **err)
{
	size_t cap = 0;
	xmlDoc *x = NULL;
	rb_status rc = rb_zip_read_xml(name, z, "content.xml", &x, err);
	if (!rc)
		ods_tables(xmlDocGetRootElement(x), doc, &cap, t);
	xmlFreeDoc(x);
	return rc ? rc : too_much_text(name, t, err);
}

/* Without a title in its properties, a sheet's title is its first row,
 * its cells apart by a space rather than a tab (what the first line of
 * other text would give, less the tabs). */
static char *first_row(const rb_tbuf *t)
{
	if (!t->len)
		return NULL;
	rb_span s = rb_passage_title(t->buf, t->len);
	char *title = strndup(t->buf + s.start, s.end - s.start);
	for (char *p = title; p && *p; p++)
		if (*p == '\t')
			*p = ' ';
	return title;
}

static rb_status read_sheets(const char *name, const char *b, size_t n, rb_document *doc,
			     char **err, rb_format format)
{
	rb_zip *z;
	rb_status rc = rb_zip_open(name, b, n, &z, err);
	if (rc)
		return rc;
	doc->format = format;
	doc->extracted = 1;
	doc->part_name = "sheet";
	rb_tbuf t = { 0 };
	rc = format == RB_FORMAT_XLSX ? read_xlsx(name, z, doc, &t, err)
				      : read_ods(name, z, doc, &t, err);
	if (!rc)
		rc = rb_zip_title(name, z, format == RB_FORMAT_XLSX ? "docProps/core.xml"
								    : "meta.xml", doc, err);
	if (!rc && !doc->title && !(doc->title = first_row(&t)) && t.len)
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	rb_zip_close(z);
	return rb_extract_finish(name, &t, doc, rc, err);
}

rb_status rb_read_xlsx(const char *name, const char *b, size_t n, rb_document *doc,
		       char **err)
{
	return read_sheets(name, b, n, doc, err, RB_FORMAT_XLSX);
}

rb_status rb_read_ods(const char *name, const char *b, size_t n, rb_document *doc,
		      char **err)
{
	return read_sheets(name, b, n, doc, err, RB_FORMAT_ODS);
}
