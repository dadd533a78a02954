/* query_pipeline.c: the query code's driver.  query_parse() runs its
 * stages top-down: the text to a tree (query_parse.c), the tree to a
 * Xapian query (query_plan.c, which expands each word's stem family with
 * query_expand.c), its parts and their constraints (query_parts.c), the
 * words to highlight (query_highlights.c); query_free() frees what they
 * made.  The stages share leaf helpers that call nothing above them
 * (query_terms.c, query_words.c). */
#include "query_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const query_options no_options;

/* Each node's words as a set: a check of a long query's parts against a
 * thousand partial hits looked every word of each up in each part's forms
 * one by one (CISI's first 20 queries at -n 1000: 1.75 -> 0.93 CPU s with
 * the highlighter's sets). */
static bool index_words(query_node *n)
{
	if (n->n_words && !n->word_set &&
	    !(n->word_set = rb_word_set_new(n->words, n->n_words)))
		return false;
	for (size_t i = 0; i < n->n_kids; i++)
		if (!index_words(n->kids[i]))
			return false;
	return true;
}

rb_status query_parse(rb_analyzer *a, xc_db *db, const char *text,
		      const query_options *opts, query *out, char **err)
{
	parser p = { .a = a, .db = db, .text = text, .opts = opts ? opts : &no_options };
	memset(out, 0, sizeof *out);
	out->a = a;
	if (!(p.analyzers = rb_analyzers_new()) || rb_analyzer_new("none", &out->words_a, NULL))
		p.oom = true;
	else if (query_lex(&p))
		out->root = query_parse_tree(&p);
	if (!query_failed(&p) && !out->root && asprintf(&p.err, "the query has no words to search for") < 0)
		p.oom = true;
	if (!query_failed(&p)) {
		query_plan(&p, out);
		if (out->xq && !query_plan_parts(&p, out) && !p.err)
			p.oom = true;
		if (out->xq && (!query_highlights(&out->hl, out->root) ||
				!rb_hl_query_index(&out->hl) || !index_words(out->root)))
			p.oom = true;
	}
	free(p.toks);
	query_families_free(&p);
	rb_analyzers_free(p.analyzers);
	rb_status rc = RB_OK;
	if (p.oom)
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	else if (p.err || !out->xq)
		rc = rb_fail(err, RB_ERR_INVALID, "%s", p.err ? p.err : "bad query");
	free(p.err);
	if (rc)
		query_free(out);
	return rc;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void query_free(query *q)
{
	query_node_free(q->root);
	xc_query_free(q->xq);
	for (size_t i = 0; i < q->n_parts; i++)
		xc_query_free(q->parts[i].xq);
	free(q->parts);
	rb_word_set_free(q->part_forms);
	free(q->part_of);
	free(q->same_form);
	free(q->constraints);
	xc_query_free(q->relaxed);
	xc_query_free(q->relaxed_words);
	free(q->hl_partial.exact);  /* its strings are hl's and the nodes' */
	rb_word_set_free(q->hl_partial.exact_set);  /* its stem_set is hl's */
	rb_word_set_free(q->hl.stem_set);
	rb_word_set_free(q->hl.exact_set);
	free_strs(q->hl.prefixes, q->hl.n_prefixes);
	free_strs(q->hl.exact, q->hl.n_exact);
	for (size_t i = 0; i < q->hl.n_phrases; i++)
		free_strs(q->hl.phrases[i].terms, q->hl.phrases[i].n_terms);
	free(q->hl.phrases);
	rb_analyzer_free(q->words_a);
	memset(q, 0, sizeof *q);
}
