/* query.h: the query language, parsed with the index's own analyzer.
 *
 * Words are AND-ed and matched by stem (the synonym table lists the words
 * of each stem); "double quotes" make a phrase of unstemmed words; a word
 * the analyzer splits (11-year-old) is a phrase of its parts.  An unclosed
 * quote runs to the end of the query.
 */
#ifndef RUBRIC_QUERY_H
#define RUBRIC_QUERY_H

#include "analyze.h"
#include "highlight.h"
#include "xapian_c.h"

typedef struct {
	xc_query *xq;      /* what Xapian runs */
	rb_hl_query hl;    /* what the highlighter looks for */
} query;

/* RB_ERR_INVALID when the query has no word to search for.  The database
 * gives each stem's words. */
rb_status query_parse(rb_analyzer *a, xc_db *db, const char *text, query *out,
		      char **err);

/* Whether the passage record in data[0, len) really matches q (its
 * phrases), for xc_search_options.accept with ctx = a query_check. */
typedef struct {
	rb_analyzer *a;
	const query *q;
} query_check;
int query_accept(const char *data, size_t len, void *ctx);
void query_free(query *q);

#endif
