/* epub.c: EPUB books (a zip of XHTML chapters, rbzip.h's limits).
 *
 * META-INF/container.xml names the package document (the .opf); its
 * metadata gives the title (dc:title), its manifest the files and its
 * spine their reading order.  Each spine item is a part ("chapter", the
 * item's 1-based position in the spine), read by the HTML reader.  A spine
 * item the archive lacks is an empty chapter; an entry over a limit fails
 * the book with a message.
 */
#include "reader.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "rbzip.h"
#include "grow.h"

typedef struct {
	char *id, *href;
} manifest_item;

typedef struct {
	manifest_item *items;
	size_t n_items, cap_items;
	char **spine;          /* idrefs, in reading order */
	size_t n_spine, cap_spine;
	bool oom;
	bool over;             /* more items than an archive may hold entries */
} package;

static char *attr(xmlNode *node, const char *name)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
	char *s = v ? strdup((const char *)v) : NULL;
	xmlFree(v);
	return s;
}

/* The manifest's items and the spine's itemrefs, wherever they are. */
static void collect(package *pk, xmlNode *node)
{
	for (; node && !pk->oom && !pk->over; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		const char *local = (const char *)node->name;
		/* bounds the work: each spine item looks its id up */
		if (pk->n_items >= RB_ZIP_MAX_ENTRIES || pk->n_spine >= RB_ZIP_MAX_ENTRIES) {
			pk->over = true;
			break;
		}
		if (!strcmp(local, "item")) {
			char *id = attr(node, "id"), *href = attr(node, "href");
			manifest_item *items = id && href ? rb_grow(pk->items, &pk->cap_items,
								    pk->n_items + 1, sizeof *items, 16)
							  : NULL;
			if (items) {
				pk->items = items;
				pk->items[pk->n_items++] = (manifest_item){ id, href };
				continue;
			}
			pk->oom = id && href;
			free(id);
			free(href);
		} else if (!strcmp(local, "itemref")) {
			char *idref = attr(node, "idref");
			char **spine = idref ? rb_grow(pk->spine, &pk->cap_spine, pk->n_spine + 1,
						       sizeof *spine, 16)
					     : NULL;
			if (spine) {
				pk->spine = spine;
				pk->spine[pk->n_spine++] = idref;
				continue;
			}
			pk->oom = idref != NULL;
			free(idref);
		} else {
			collect(pk, node->children);
		}
	}
}

static void package_free(package *pk)
{
	for (size_t i = 0; i < pk->n_items; i++) {
		free(pk->items[i].id);
		free(pk->items[i].href);
	}
	for (size_t i = 0; i < pk->n_spine; i++)
		free(pk->spine[i]);
	free(pk->items);
	free(pk->spine);
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* The entry an href names, relative to the package document's folder:
 * percent-decoded, without its #fragment, "." and ".." resolved. */
static char *resolve(const char *opf_path, const char *href)
{
	const char *slash = strrchr(opf_path, '/');
	size_t dir = slash ? (size_t)(slash - opf_path) + 1 : 0;
	size_t n = dir + strlen(href);
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	memcpy(out, opf_path, dir);
	size_t o = dir;
	for (const char *h = href; *h && *h != '#'; h++) {
		if (*h == '%' && hex(h[1]) >= 0 && hex(h[2]) >= 0) {
			out[o++] = (char)(hex(h[1]) << 4 | hex(h[2]));
			h += 2;
		} else {
			out[o++] = *h;
		}
	}
	out[o] = '\0';
	/* Segment by segment: "." dropped, ".." pops the one before. */
	size_t w = 0;
	for (size_t r = 0; r <= o;) {
		size_t e = r;
		while (e < o && out[e] != '/')
			e++;
		size_t len = e - r;
		if ((len == 1 && out[r] == '.') || len == 0) {
			/* nothing */
		} else if (len == 2 && out[r] == '.' && out[r + 1] == '.') {
			while (w > 0 && out[w - 1] != '/')
				w--;
			if (w > 0)
				w--;
			while (w > 0 && out[w - 1] != '/')
				w--;
		} else {
			memmove(out + w, out + r, len);
			w += len;
			if (e < o)
				out[w++] = '/';
		}
		r = e + 1;
	}
	while (w > 0 && out[w - 1] == '/')
		w--;
	out[w] = '\0';
	return out;
}

static const char *href_of(const package *pk, const char *idref)
{
	for (size_t i = 0; i < pk->n_items; i++)
		if (!strcmp(pk->items[i].id, idref))
			return pk->items[i].href;
	return NULL;
}

/* The package document's path, from META-INF/container.xml. */
static rb_status opf_path(const char *name, rb_zip *z, char **path, char **err)
{
	char *data;
	size_t len;
	rb_status rc = rb_zip_read(z, "META-INF/container.xml", &data, &len, err);
	if (rc)
		return rc;
	bool oom;
	xmlDoc *x = rb_xml_read(data, len, &oom);
	free(data);
	*path = NULL;
	if (oom)
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	for (xmlNode *n = x ? xmlDocGetRootElement(x) : NULL; n;) {
		if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "rootfile")) {
			*path = attr(n, "full-path");
			break;
		}
		/* depth first, without recursion */
		if (n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = n->parent && n->parent->type == XML_ELEMENT_NODE ? n->parent : NULL;
		if (n)
			n = n->next;
	}
	xmlFreeDoc(x);
	if (!*path)
		return rb_fail(err, RB_ERR_INVALID, "%s: META-INF/container.xml names no package document",
			       name);
	return RB_OK;
}

/* One chapter's XHTML, as text, appended as a part. */
static rb_status add_chapter(const char *name, rb_zip *z, const char *entry,
			     rb_document *doc, size_t *cap, rb_tbuf *t, char **err)
{
	if (!rb_parts_add(doc, cap, t))
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	if (!rb_zip_has(z, entry))
		return RB_OK;
	char *data;
	size_t len;
	rb_status rc = rb_zip_read(z, entry, &data, &len, err);
	if (rc)
		return rc;
	rb_tbuf chapter = { 0 };
	bool ok = rb_html_to_text(&chapter, data, len, 0, NULL, false, NULL);
	free(data);
	rb_tbuf_trim(&chapter);
	if (ok)
		rb_tbuf_put_own(t, chapter.buf, chapter.len);
	rb_tbuf_free(&chapter);
	if (!ok || t->oom)
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	if (t->len > RB_EXTRACT_MAX_TEXT)
		return rb_fail(err, RB_ERR_INVALID, "%s: more than %u bytes of text", name,
			       RB_EXTRACT_MAX_TEXT);
	return RB_OK;
}

rb_status rb_read_epub(const char *name, const char *b, size_t n,
		       rb_document *doc, char **err)
{
	rb_zip *z;
	rb_status rc = rb_zip_open(name, b, n, &z, err);
	if (rc)
		return rc;
	char *opf = NULL;
	package pk = { 0 };
	xmlDoc *x = NULL;
	rc = opf_path(name, z, &opf, err);
	if (!rc)
		rc = rb_zip_read_xml(name, z, opf, &x, err);
	if (!rc) {
		xmlNode *root = xmlDocGetRootElement(x);
		collect(&pk, root);
		doc->title = rb_xml_find_text(root, "title", &pk.oom);
		if (pk.oom)
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
		else if (pk.over)
			rc = rb_fail(err, RB_ERR_INVALID, "%s: %s lists more than %d items",
				     name, opf, RB_ZIP_MAX_ENTRIES);
	}
	xmlFreeDoc(x);
	rb_tbuf t = { 0 };
	size_t cap = 0;
	doc->format = RB_FORMAT_EPUB;
	doc->extracted = 1;
	doc->part_name = "chapter";
	for (size_t i = 0; i < pk.n_spine && !rc; i++) {
		const char *href = href_of(&pk, pk.spine[i]);
		char *entry = href ? resolve(opf, href) : NULL;
		if (href && !entry)
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
		else
			rc = add_chapter(name, z, entry ? entry : "", doc, &cap, &t, err);
		free(entry);
	}
	package_free(&pk);
	free(opf);
	rb_zip_close(z);
	return rb_extract_finish(name, &t, doc, rc, err);
}
