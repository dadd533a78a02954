#include "filerecord.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "store.h"

/* Files kept, each in the slot its id's low bits name (ids are hashes):
 * a page of -n 1000 hits has hundreds of files, each read again by every
 * stage (with the last 16 kept, reading them back was 21% of CISI's
 * queries' time), and a check of every passage sees the shards' files
 * interleaved in docid order. */
#define KEPT_FILES 4096

typedef struct {
	uint64_t id;
	char *data;          /* passage 1's record; NULL: an empty slot */
	size_t len;
	rb_record first;     /* decoded, pointing into data */
} kept_file;

struct rb_file_records {
	xc_db *db;
	kept_file *slot[KEPT_FILES];
	uint16_t used[KEPT_FILES];  /* the slots taken, for clearing */
	size_t n_used;
};

rb_status rb_file_records_new(xc_db *db, rb_file_records **out, char **err)
{
	if (!(*out = calloc(1, sizeof **out)))
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	(*out)->db = db;
	return RB_OK;
}

void rb_file_records_clear(rb_file_records *c)
{
	for (size_t i = 0; c && i < c->n_used; i++) {
		kept_file *k = c->slot[c->used[i]];
		free(k->data);
		free(k);
		c->slot[c->used[i]] = NULL;
	}
	if (c)
		c->n_used = 0;
}

void rb_file_records_free(rb_file_records *c)
{
	rb_file_records_clear(c);
	free(c);
}

static rb_status no_first(char **err)
{
	return rb_fail(err, RB_ERR_INDEX,
		       "passage record's file has no whole first passage: the index is damaged");
}

/* Passage 1's record of file id, read into slot k. */
static rb_status read_first(rb_file_records *c, uint64_t id, kept_file *k, char **err)
{
	char term[RB_PASSAGE_TERM_SIZE];
	int n = rb_file_passage_term(id, 1, term);
	char *data = NULL;
	size_t len = 0;
	xc_status xs = xc_db_term_document_data(c->db, term, (size_t)n, &data, &len, err);
	if (xs == XC_ERR_NOT_FOUND) {
		free(*err);
		*err = NULL;
		return no_first(err);
	}
	if (xs)
		return rb_store_reword(xs, err);
	rb_record first;
	rb_status rc = rb_record_decode(data, len, &first, err);
	if (!rc && (first.from_first || first.passage != 1 ||
		    rb_path_id(first.path, first.path_len) != id))
		rc = no_first(err);
	if (rc) {
		free(data);
		return rc;
	}
	free(k->data);
	*k = (kept_file){ id, data, len, first };
	return RB_OK;
}

static kept_file *kept(rb_file_records *c, uint64_t id)
{
	kept_file *k = c->slot[id % KEPT_FILES];
	return k && k->data && k->id == id ? k : NULL;
}

/* The slot of file id, emptied of another file (NULL: out of memory). */
static kept_file *slot_of(rb_file_records *c, uint64_t id)
{
	size_t i = id % KEPT_FILES;
	kept_file *k = c->slot[i];
	if (!k) {
		if (!(k = calloc(1, sizeof *k)))
			return NULL;
		c->slot[i] = k;
		c->used[c->n_used++] = (uint16_t)i;
	}
	free(k->data);
	k->data = NULL;
	return k;
}

/* The kept first record of file id, read if it is not kept. */
static rb_status first_of(rb_file_records *c, uint64_t id, const kept_file **out, char **err)
{
	if ((*out = kept(c, id)))
		return RB_OK;
	kept_file *k = slot_of(c, id);
	if (!k)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	rb_status rc = read_first(c, id, k, err);
	if (rc)
		return rc;
	*out = k;
	return RB_OK;
}

/* Keeps a passage 1 read for itself (data[0, len), decoded as first):
 * a check of every passage sees a file's passage 1 just before its later
 * ones, in docid order, which then need no read of their own (`-c
 * title:union` on the related corpus: 25,496 -> 3,159 preads). */
static void keep_read(rb_file_records *c, const char *data, size_t len, const rb_record *first)
{
	uint64_t id = rb_path_id(first->path, first->path_len);
	char *copy;
	kept_file *k;
	if (kept(c, id) || !(copy = malloc(len)))
		return;  /* no memory: the later passages read it themselves */
	if (!(k = slot_of(c, id))) {
		free(copy);
		return;
	}
	memcpy(copy, data, len);
	*k = (kept_file){ .id = id, .data = copy, .len = len };
	if (rb_record_decode(copy, len, &k->first, NULL)) {
		free(copy);
		k->data = NULL;
	}
}

/* r takes what it left to first. */
static void take(rb_record *r, const rb_record *first)
{
	r->path = first->path;
	r->path_len = first->path_len;
	r->lang = first->lang;
	r->lang_len = first->lang_len;
	if (r->from_first & RB_FROM_FIRST_ORIGIN) {
		r->title = first->title;
		r->title_len = first->title_len;
		memcpy(r->fields, first->fields, first->n_fields * sizeof *first->fields);
		r->n_fields = first->n_fields;
		r->date = first->date;
	}
	r->from_first = 0;
}

rb_status rb_record_read(rb_file_records *c, const char *data, size_t len, rb_record *r,
			 char **owned, char **err)
{
	if (owned)
		*owned = NULL;
	rb_status rc = rb_record_decode(data, len, r, err);
	if (!rc && c && r->passage == 1 && !r->from_first && len)
		keep_read(c, data, len, r);
	if (rc || !r->from_first)
		return rc;
	const kept_file *k = NULL;
	if (!c)
		return no_first(err);
	if ((rc = first_of(c, r->file_id, &k, err)))
		return rc;
	if (!owned) {
		take(r, &k->first);
		return RB_OK;
	}
	/* The caller's copy, decoded again: its strings then point into it. */
	rb_record first;
	if (!(*owned = malloc(k->len ? k->len : 1)))
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	memcpy(*owned, k->data, k->len);
	if ((rc = rb_record_decode(*owned, k->len, &first, err))) {
		free(*owned);
		*owned = NULL;
		return rc;
	}
	take(r, &first);
	return RB_OK;
}
