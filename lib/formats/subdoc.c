/* subdoc.c: the documents a file holds (format.h, rb_subdoc): a reader
 * names them and gives their bytes (archive.c: members; mail_attach.c:
 * attachments), and rb_subdocs_read reads each as a file of its name
 * would be read, through the caller's reader (detect.c's: a callback, so
 * that this file calls nothing above it).
 *
 * What a subdocument's reader skips (a binary member, an image attached)
 * is dropped without a word: the file is not skipped for it.  A subdoc
 * that holds documents itself (an archive in an archive, a mail in a zip)
 * gives them to its parent, their names joined with "//".  All the bytes
 * of all the subdocuments of one file, at every depth, are bounded as
 * one archive's are (RB_ZIP_MAX_TOTAL_BYTES, RB_ZIP_MAX_ENTRIES): past
 * that the file is skipped with the reason. */
#include "reader.h"
#include "rbzip.h"
#include "grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool rb_subdoc_add(rb_document *doc, size_t *cap, const char *name, size_t name_len,
		   char *bytes, size_t len)
{
	rb_subdoc *v = rb_grow(doc->subdocs, cap, doc->n_subdocs + 1, sizeof *v, 8);
	char *copy = strndup(name, name_len);
	if (!v || !copy) {
		free(copy);
		free(bytes);
		return false;
	}
	doc->subdocs = v;
	v[doc->n_subdocs++] = (rb_subdoc){ .name = copy, .bytes = bytes, .len = len };
	return true;
}

/* The origin's title, fields and date become the document's. */
static void take_origin(rb_document *d, rb_message *o)
{
	if (!o->n_fields && !o->title)
		return;
	free(d->title);
	for (size_t i = 0; i < d->n_fields; i++)
		free(d->fields[i].value);
	free(d->fields);
	d->title = o->title;
	d->fields = o->fields;
	d->n_fields = o->n_fields;
	d->has_date = o->has_date;
	d->date = o->date;
	memset(o, 0, sizeof *o);
}

typedef struct {
	rb_subdoc *v;
	size_t n, cap;
} subdoc_list;

static bool push(subdoc_list *l, rb_subdoc s)
{
	rb_subdoc *v = rb_grow(l->v, &l->cap, l->n + 1, sizeof *v, 8);
	if (!v)
		return false;
	l->v = v;
	l->v[l->n++] = s;
	return true;
}

/* d's own subdocuments, read already, moved to l under "name//theirs". */
static bool lift(subdoc_list *l, const char *name, rb_document *d)
{
	bool ok = true;
	for (size_t i = 0; i < d->n_subdocs; i++) {
		rb_subdoc *s = &d->subdocs[i];
		char *joined = NULL;
		if (ok && asprintf(&joined, "%s//%s", name, s->name) >= 0 &&
		    push(l, (rb_subdoc){ .name = joined, .doc = s->doc })) {
			s->doc = NULL;
		} else {
			free(joined);
			ok = false;
		}
	}
	rb_document rest = { .subdocs = d->subdocs, .n_subdocs = d->n_subdocs };
	rb_document_free(&rest);
	d->subdocs = NULL;
	d->n_subdocs = 0;
	return ok;
}

static void list_free(subdoc_list *l)
{
	rb_document d = { .subdocs = l->v, .n_subdocs = l->n };
	rb_document_free(&d);
	*l = (subdoc_list){ 0 };
}

/* One subdocument read; kept in l when it holds text. */
static rb_status read_one(const char *name, rb_subdoc *s, subdoc_list *l,
			  const rb_subdoc_reading *how, char **err)
{
	char *full = NULL, *msg = NULL;
	rb_document *d = calloc(1, sizeof *d);
	if (!d || asprintf(&full, "%s//%s", name, s->name) < 0) {
		free(d);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
	}
	rb_status st = how->read(full, s->bytes, s->len, d, how->ctx, &msg);
	free(full);
	free(msg);
	if (st == RB_ERR_NO_MEMORY) {
		free(d);
		return rb_fail(err, st, "%s: out of memory", name);
	}
	/* A bomb inside is the file's: skipped whole, as the bomb itself. */
	if (st == RB_OK && d->format == RB_FORMAT_BINARY && d->reason &&
	    strstr(d->reason, "limit")) {
		st = rb_fail(err, RB_ERR_INVALID, "%s: %s: %s", name, s->name, d->reason);
		rb_document_free(d);
		free(d);
		return st;
	}
	bool ok = true;
	if (st == RB_OK && d->format != RB_FORMAT_BINARY) {
		if (!d->extracted && !d->inflated && d->text) {
			d->inflated = s->bytes;   /* its lines are counted there */
			d->inflated_len = s->len;
			s->bytes = NULL;
		}
		take_origin(d, &s->origin);
		ok = lift(l, s->name, d);
		if (ok && d->text_len) {
			ok = push(l, (rb_subdoc){ .name = s->name, .doc = d });
			if (ok)
				s->name = NULL, d = NULL;
		}
	}
	if (d)
		rb_document_free(d);
	free(d);
	return ok ? RB_OK : rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", name);
}

rb_status rb_subdocs_read(const char *name, rb_document *doc, const rb_subdoc_reading *how,
			  char **err)
{
	subdoc_list l = { 0 };
	rb_status rc = RB_OK;
	for (size_t i = 0; i < doc->n_subdocs && !rc; i++) {
		rb_subdoc *s = &doc->subdocs[i];
		*how->total += s->len;
		if (++*how->count > RB_ZIP_MAX_ENTRIES)
			rc = rb_fail(err, RB_ERR_INVALID, "%s: holds more than %u documents", name,
				     RB_ZIP_MAX_ENTRIES);
		else if (*how->total > RB_ZIP_MAX_TOTAL_BYTES)
			rc = rb_fail(err, RB_ERR_INVALID,
				     "%s: what it holds decompresses past the limit of %u MiB a file",
				     name, RB_ZIP_MAX_TOTAL_BYTES >> 20);
		else
			rc = read_one(name, s, &l, how, err);
		free(s->bytes);
		s->bytes = NULL;
	}
	rb_document d = { .subdocs = doc->subdocs, .n_subdocs = doc->n_subdocs };
	rb_document_free(&d);   /* what is left of the raw list */
	if (rc)
		list_free(&l);
	doc->subdocs = l.v;
	doc->n_subdocs = l.n;
	return rc;
}
