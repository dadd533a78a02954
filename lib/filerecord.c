#include "filerecord.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "store.h"

/* Files kept: a page of hits, a file's neighbours, and the shards' files
 * interleaved in docid order when a match decider sees every passage. */
#define KEPT_FILES 16

typedef struct {
	uint64_t id;
	char *data;          /* passage 1's record; NULL: an empty slot */
	size_t len;
	rb_record first;     /* decoded, pointing into data */
} kept_file;

struct rb_file_records {
	xc_db *db;
	kept_file kept[KEPT_FILES];
	size_t next;         /* the slot a new file takes: the oldest */
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
	for (size_t i = 0; c && i < KEPT_FILES; i++) {
		free(c->kept[i].data);
		c->kept[i].data = NULL;
	}
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
	for (size_t i = 0; i < KEPT_FILES; i++)
		if (c->kept[i].data && c->kept[i].id == id)
			return &c->kept[i];
	return NULL;
}

/* The kept first record of file id, read if it is not kept. */
static rb_status first_of(rb_file_records *c, uint64_t id, const kept_file **out, char **err)
{
	if ((*out = kept(c, id)))
		return RB_OK;
	kept_file *k = &c->kept[c->next];
	rb_status rc = read_first(c, id, k, err);
	if (rc)
		return rc;
	c->next = (c->next + 1) % KEPT_FILES;
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
	if (kept(c, id) || !(copy = malloc(len)))
		return;  /* no memory: the later passages read it themselves */
	memcpy(copy, data, len);
	kept_file *k = &c->kept[c->next];
	free(k->data);
	*k = (kept_file){ .id = id, .data = copy, .len = len };
	if (rb_record_decode(copy, len, &k->first, NULL)) {
		free(copy);
		k->data = NULL;
		return;
	}
	c->next = (c->next + 1) % KEPT_FILES;
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
