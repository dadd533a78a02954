/* fullmatch.h: the passages holding the whole query, the best `limit` of
 * them as Xapian's checked search would give them, found the cheapest way
 * the query allows. */
#ifndef RUBRIC_FULLMATCH_H
#define RUBRIC_FULLMATCH_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "xapian_c.h"

/* A search's matches that are the hits, the search's best `limit` in its
 * order: keep[0, n) (indexes into m), or m's first n when keep is NULL. */
typedef struct {
	xc_mset *m;
	size_t *keep;
	size_t n;
} fullmatch_hits;

/* The hits of xq under so (its accept, tie break, collapse and sort). */
rb_status fullmatch_find(xc_db *db, const xc_query *xq, const xc_search_options *so,
			 uint32_t limit, fullmatch_hits *out, char **err);
void fullmatch_free(fullmatch_hits *h);

#endif
