/* query_terms.c: Xapian queries of terms, lists of them combined, and a
 * query narrowed by constraints or languages: what plan, expand, parts
 * and related build with.  Below every stage of the query code: it calls
 * nothing of it. */
#include "query_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool query_list_push(query_list *l, xc_query *q)
{
	if (!q)
		return false;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		xc_query **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			xc_query_free(q);
			return !(l->oom = true);
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = q;
	return true;
}

void query_list_free(query_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		xc_query_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

int query_list_add_term(const char *word, size_t len, void *ctx)
{
	xc_query *t = NULL;
	xc_query_term(word, len, 1, &t, NULL);
	return !query_list_push(ctx, t);
}

xc_query *query_combine(parser *p, xc_op op, query_list *l)
{
	xc_query *q = NULL;
	if (l->oom)
		p->oom = true;
	else if (l->n == 1)
		q = l->v[0], l->n = 0;
	else if (l->n > 1 && xc_query_combine(op, l->v, l->n, 0, &q, &p->err))
		q = NULL;
	query_list_free(l);
	return q;
}

xc_query *query_term(parser *p, const char *prefix, const char *term)
{
	char buf[RB_MAX_TERM_BYTES + 8];
	snprintf(buf, sizeof buf, "%s%s", prefix, term);
	xc_query *q = NULL;
	if (xc_query_term(buf, strlen(buf), 1, &q, &p->err))
		return NULL;
	return q;
}

xc_query *query_synonym_of(parser *p, const word_list *w)
{
	query_list l = { 0 };
	for (size_t i = 0; i < w->n; i++)
		query_list_add_term(w->v[i], strlen(w->v[i]), &l);
	return query_combine(p, XC_OP_SYNONYM, &l);
}

/* op(q, sub) with q consumed, sub the caller's; NULL on error. */
static xc_query *narrowed(parser *p, xc_op op, xc_query *q, xc_query *sub)
{
	xc_query *pair[2] = { q, sub }, *r = NULL;
	if (q && sub && xc_query_combine(op, pair, 2, 0, &r, &p->err))
		r = NULL;
	if (q && sub)
		xc_query_free(q);
	return sub ? r : q;
}

xc_query *query_constrain(parser *p, xc_query *q, xc_query *negs, xc_query *filters)
{
	return narrowed(p, XC_OP_AND_NOT, narrowed(p, XC_OP_FILTER, q, filters), negs);
}

/* A language with at most this many passages joins the others' kept set
 * (xc_query_term_set) rather than being a posting list of its own: a
 * posting list costs a block read or two each time a branch opens it, the
 * set one read of the list a process.  Most of a multi-language index's
 * languages are a few passages a detector placed there (the related
 * corpus: 13 of 16 under 200); a large one read whole would cost a
 * one-word search more than it saves (3 of them, 31,000 passages: 1.13x
 * the CPU time of `liberty`, farm-bench). */
#define SMALL_LANGUAGE 2000

xc_query *query_restrict_to_languages(parser *p, const bool *mine, xc_query *words)
{
	size_t nl = p->opts->n_langs;
	const uint32_t *count = p->opts->lang_passages;
	uint64_t in = 0, out_of = 0;
	for (size_t j = 0; j < nl; j++)
		*(mine[j] ? &in : &out_of) += count ? count[j] : 0;
	/* The side with fewer passages is named: every passage has one
	 * language. */
	bool exclude = count && out_of < in;
	bool sets = !xc_db_has_remote(p->db) && count;
	query_list langs = { 0 };
	const char **small = calloc(nl + 1, sizeof *small);
	char (*terms)[RB_MAX_TERM_BYTES + 8] = calloc(nl + 1, sizeof *terms);
	size_t n_small = 0;
	if (!small || !terms)
		p->oom = true;
	for (size_t j = 0; small && terms && j < nl; j++) {
		if (mine[j] == exclude)
			continue;
		if (sets && count[j] <= SMALL_LANGUAGE) {
			snprintf(terms[n_small], sizeof terms[n_small], RB_LANG_PREFIX "%s",
				 p->opts->langs[j]);
			small[n_small] = terms[n_small];
			n_small++;
		} else {
			query_list_push(&langs, query_term(p, RB_LANG_PREFIX, p->opts->langs[j]));
		}
	}
	xc_query *set = NULL;
	if (n_small && !xc_query_term_set(p->db, small, n_small, &set, &p->err))
		query_list_push(&langs, set);
	free(small);
	free(terms);
	xc_query *which = query_combine(p, XC_OP_OR, &langs), *pair[2] = { words, which }, *q = NULL;
	if (words && which && xc_query_combine(exclude ? XC_OP_AND_NOT : XC_OP_FILTER,
						pair, 2, 0, &q, &p->err))
		q = NULL;
	xc_query_free(which);
	return q;
}
