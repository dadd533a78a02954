/* spell.c: the index's spelling structure (lib/spelling.h) written at the
 * end of a run.  A fresh build writes it into a chunk of its own, merged
 * into the first shard with the others; an update brings it up to date in
 * the first shard (its new words as the tail) when the run changed the
 * index, or when the index has none that is current (an index of an older
 * rubric, a run stopped before it). */
#include <stdio.h>
#include <stdlib.h>

#include "indexer.h"
#include "spelling.h"
#include "store.h"

/* The run's words, for an update (NULL: a whole structure is written). */
typedef struct {
	int update;
	const char *words;
	size_t len;
} spell_source;

static int write_from(const run_config *cfg, xc_db *vocab, const char *dest, int flags,
		      const spell_source *src)
{
	xc_writer *w = NULL;
	char *msg = NULL, *why = NULL;
	xc_status xs = xc_writer_open(dest, flags, &w, &msg);
	if (xs) {
		rb_store_error(cfg->db_path, NULL, xs, msg, &why);
		report_index(cfg, why ? why : "out of memory");
		free(why);
		free(msg);
		return -1;
	}
	/* All or nothing: a half-written structure is never committed. */
	rb_status rc = (xs = xc_writer_begin(w, &msg)) ? rb_store_status(xs)
		       : src->update ? rb_spelling_update(vocab, w, src->words, src->len, &msg)
				     : rb_spelling_write(vocab, w, &msg);
	if (!rc && (xs = xc_writer_commit(w, &msg)))
		rc = rb_store_status(xs);
	if (rc)
		xc_writer_cancel(w, NULL);
	if ((xs = xc_writer_close(w, rc ? NULL : &msg)) && !rc)
		rc = rb_store_status(xs);
	if (rc) {
		report_index(cfg, msg ? msg : "cannot write the spelling structure");
		free(msg);
		return -1;
	}
	return 0;
}

int spell_write_chunk(const run_config *cfg, char *const *chunks, size_t n, const char *dest)
{
	xc_db *vocab = NULL;
	char *msg = NULL;
	xc_status xs = xc_db_open(chunks[0], &vocab, &msg);
	for (size_t i = 1; i < n && !xs; i++)
		xs = xc_db_add(vocab, chunks[i], &msg);
	if (xs) {
		report_index(cfg, msg ? msg : "cannot read the new chunks");
		free(msg);
		xc_db_close(vocab);
		return -1;
	}
	spell_source whole = { 0 };
	int rc = write_from(cfg, vocab, dest, XC_WRITER_OVERWRITE | XC_WRITER_NO_SYNC, &whole);
	xc_db_close(vocab);
	return rc;
}

int spell_is_current(const run_config *cfg)
{
	xc_db *db = NULL;
	rb_spelling *sp = NULL;
	char *msg = NULL;
	int current = !xc_db_open(cfg->db_path, &db, &msg) && !rb_spelling_open(db, &sp, &msg) &&
		      sp != NULL;
	free(msg);
	rb_spelling_close(sp);
	xc_db_close(db);
	return current;
}

int spell_update(const run_config *cfg, const char *first_shard, int changed,
		 const char *words, size_t words_len)
{
	xc_db *vocab = NULL;
	rb_spelling *sp = NULL;
	char *msg = NULL;
	xc_status xs = xc_db_open(cfg->db_path, &vocab, &msg);
	if (xs) {
		report_index(cfg, msg ? msg : "cannot read the index");
		free(msg);
		return -1;
	}
	int rc = 0;
	spell_source run = { 1, words, words_len };
	if (changed || rb_spelling_open(vocab, &sp, &msg) || !sp)
		rc = write_from(cfg, vocab, first_shard, XC_WRITER_CREATE_OR_OPEN, &run);
	free(msg);
	rb_spelling_close(sp);
	xc_db_close(vocab);
	return rc;
}

int spell_write_whole(const run_config *cfg, const char *first_shard)
{
	xc_db *vocab = NULL;
	char *msg = NULL;
	if (xc_db_open(cfg->db_path, &vocab, &msg)) {
		report_index(cfg, msg ? msg : "cannot read the index");
		free(msg);
		return -1;
	}
	spell_source whole = { 0 };
	int rc = write_from(cfg, vocab, first_shard, XC_WRITER_CREATE_OR_OPEN, &whole);
	xc_db_close(vocab);
	return rc;
}
