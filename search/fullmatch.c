#include "fullmatch.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* A query whose matches are checked on their text (a phrase: the index
 * keeps no positions) has this many times `limit` of its best matches
 * checked in their order first.  Xapian checks its candidates in document
 * order, each that could still rank: 113 of them (22 holding the phrase)
 * for `"in the beginning"`, each a read of the passage's text. */
#define CHECK_AHEAD 8

/* Checked best first, the hits are the search's own (the same order, the
 * first `limit` that hold) when `limit` of them hold among the matches
 * asked for, or the matches were all there are: *done. */
static rb_status checked_first(xc_db *db, const xc_query *xq, const xc_search_options *so,
			       uint32_t limit, fullmatch_hits *out, bool *done, char **err)
{
	xc_search_options unchecked = *so;
	unchecked.accept = NULL;
	uint32_t depth = limit * CHECK_AHEAD;
	if (!(out->keep = malloc(((size_t)limit + 1) * sizeof *out->keep)))
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	rb_status rc = rb_store_search_failed(xc_db_search(db, xq, 0, depth, &unchecked, &out->m,
							   err), err);
	size_t got = rc ? 0 : xc_mset_size(out->m);
	for (size_t i = 0; !rc && i < got && out->n < limit; i++) {
		char *data = NULL;
		size_t len = 0;
		rc = rb_store_search_failed(xc_mset_data(out->m, i, &data, &len, err), err);
		if (!rc && so->accept(data, len, so->accept_ctx))
			out->keep[out->n++] = i;
		free(data);
	}
	*done = !rc && (out->n == limit || got < depth);
	return rc;
}

rb_status fullmatch_find(xc_db *db, const xc_query *xq, const xc_search_options *so,
			 uint32_t limit, fullmatch_hits *out, char **err)
{
	memset(out, 0, sizeof *out);
	bool done = false;
	rb_status rc = RB_OK;
	if (so->accept && !so->collapse && !so->sort_by_value && limit > 0 &&
	    limit <= UINT32_MAX / CHECK_AHEAD)
		rc = checked_first(db, xq, so, limit, out, &done, err);
	if (!rc && !done) {
		fullmatch_free(out);
		rc = rb_store_search_failed(xc_db_search(db, xq, 0, limit, so, &out->m, err), err);
		out->n = rc ? 0 : xc_mset_size(out->m);
	}
	if (rc)
		fullmatch_free(out);
	return rc;
}

void fullmatch_free(fullmatch_hits *h)
{
	xc_mset_free(h->m);
	free(h->keep);
	memset(h, 0, sizeof *h);
}
