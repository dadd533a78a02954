/* ooxml.c: the order of an Office Open XML package's parts: the slides of
 * a presentation, the sheets of a workbook.  The main part lists them by
 * relationship id (p:sldId r:id, sheet r:id), and its relationships part
 * (_rels/NAME.rels beside it) names the part each id is: the file names
 * themselves say nothing of the order. */
#include "reader.h"
#include "rbzip.h"
#include "grow.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

/* r:id, whatever the namespace's URI (transitional or strict); NULL when
 * it has none, or (*oom) when libxml2 could not copy it. */
static xmlChar *relationship_id(xmlNode *n, bool *oom)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (a->ns && !strcmp((const char *)a->name, "id")) {
			xmlChar *id = xmlNodeGetContent((xmlNode *)a);
			*oom = !id;
			return id;
		}
	return NULL;
}

typedef struct {
	const char *element;
	xmlChar **ids;
	size_t n, cap;
	bool oom;
} id_list;

static void collect_ids(xmlNode *node, id_list *l)
{
	for (; node && !l->oom; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (rb_xml_is(node, l->element)) {
			xmlChar *id = relationship_id(node, &l->oom);
			if (!id)
				continue;
			xmlChar **v = rb_grow(l->ids, &l->cap, l->n + 1, sizeof *v, 16);
			if (!v) {
				xmlFree(id);
				l->oom = true;
				return;
			}
			l->ids = v;
			l->ids[l->n++] = id;
			continue;
		}
		collect_ids(node->children, l);
	}
}

/* The part a relationship's target names: relative to the main part's
 * folder `dir` (with its '/'), or from the package's root. */
static char *resolve(const char *dir, size_t dir_len, const char *target)
{
	if (target[0] == '/')
		return strdup(target + 1);
	size_t n = strlen(target);
	char *out = malloc(dir_len + n + 1);
	if (out) {
		memcpy(out, dir, dir_len);
		memcpy(out + dir_len, target, n + 1);
	}
	return out;
}

/* The Relationship whose Id is id; *oom when libxml2 could not copy one. */
static xmlNode *relationship(xmlNode *node, const xmlChar *id, bool *oom)
{
	for (; node; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (rb_xml_is(node, "Relationship")) {
			xmlChar *have = xmlGetProp(node, (const xmlChar *)"Id");
			bool same = have && !xmlStrcmp(have, id);
			if (!have && xmlHasProp(node, (const xmlChar *)"Id"))
				*oom = true;
			xmlFree(have);
			if (same || *oom)
				return node;
			continue;
		}
		xmlNode *in = relationship(node->children, id, oom);
		if (in)
			return in;
	}
	return NULL;
}

rb_status rb_ooxml_order(const char *name, rb_zip *z, const char *main_part,
			 const char *element, char ***parts, size_t *n_parts, char **err)
{
	*parts = NULL;
	*n_parts = 0;
	const char *slash = strrchr(main_part, '/');
	size_t dir_len = slash ? (size_t)(slash - main_part) + 1 : 0;
	char *rels = NULL;
	if (asprintf(&rels, "%.*s_rels/%s.rels", (int)dir_len, main_part,
		     main_part + dir_len) < 0)
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	xmlDoc *main_doc = NULL, *rels_doc = NULL;
	id_list ids = { .element = element };
	rb_status rc = rb_zip_read_xml(name, z, main_part, &main_doc, err);
	if (!rc && !rb_zip_has(z, rels))
		rc = rb_fail(err, RB_ERR_INVALID, "%s: %s is missing", name, rels);
	if (!rc)
		rc = rb_zip_read_xml(name, z, rels, &rels_doc, err);
	if (!rc) {
		collect_ids(xmlDocGetRootElement(main_doc), &ids);
		if (ids.oom || (ids.n && !(*parts = calloc(ids.n, sizeof **parts))))
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
	xmlNode *root = rels_doc ? xmlDocGetRootElement(rels_doc) : NULL;
	for (size_t i = 0; !rc && i < ids.n; i++) {
		bool oom = false;
		xmlNode *r = relationship(root, ids.ids[i], &oom);
		xmlChar *target = r && !oom ? xmlGetProp(r, (const xmlChar *)"Target") : NULL;
		if (oom || (!target && r && xmlHasProp(r, (const xmlChar *)"Target"))) {
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
			break;
		}
		if (!target)
			continue;  /* an id that names nothing: no part */
		char *part = resolve(main_part, dir_len, (const char *)target);
		xmlFree(target);
		if (!part)
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
		else
			(*parts)[(*n_parts)++] = part;
	}
	for (size_t i = 0; i < ids.n; i++)
		xmlFree(ids.ids[i]);
	free(ids.ids);
	xmlFreeDoc(main_doc);
	xmlFreeDoc(rels_doc);
	free(rels);
	if (rc) {
		rb_ooxml_order_free(*parts, *n_parts);
		*parts = NULL;
		*n_parts = 0;
	}
	return rc;
}

void rb_ooxml_order_free(char **parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(parts[i]);
	free(parts);
}
