#include "query_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "query_pattern.h"
#include "filerecord.h"
#include "source.h"

/* ------------------------------------------------------------ explain */

typedef struct {
	query_explain_term *v;
	size_t n, cap;
	const rb_words *w;
	const char *text;    /* the passage's text, for its patterns */
	size_t text_len;
	xc_db *db;
	const xc_search_options *so;
	xc_query *only;      /* the hit's unique id term */
	bool partial;        /* the hit is partial: related words weigh too */
	char *err;
	bool failed;
} explain_state;

static char *label_of(const query_node *n)
{
	size_t len = 8;
	for (size_t i = 0; i < n->n_terms; i++)
		len += strlen(n->terms[i]) + 12;
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	if (n->kind == N_WORD || n->kind == N_PATTERN)
		p += sprintf(p, "%s", n->terms[0]);
	else if (n->kind == N_PREFIX)
		p += sprintf(p, "%s%s*", n->infix ? "*" : "", n->terms[0]);
	else
		for (size_t i = 0; i < n->n_terms; i++)
			p += sprintf(p, "%s%s%s%s", i == 0 && n->kind == N_PHRASE ? "\"" : "",
				     i ? (n->kind == N_NEAR ? " NEAR " : " ") : "", n->terms[i],
				     i + 1 == n->n_terms && n->kind == N_PHRASE ? "\"" : "");
	return s;
}

/* How often a pattern matches the passage's text. */
static uint32_t matches(const query_node *n, const explain_state *e)
{
	rb_span *v = NULL;
	size_t count = 0, cap = 0;
	pattern_text t = { .text = e->text ? e->text : "", .len = e->text_len };
	query_pattern_spans_text(n->pattern, &t, &v, &count, &cap);
	free(v);
	return (uint32_t)count;
}

/* How often the part occurs in the passage's words. */
static uint32_t occurrences(const query_node *n, const rb_words *w)
{
	uint32_t c = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (n->kind == N_WORD)
			c += query_word_matches(w, i, n);
		else if (n->kind == N_PREFIX && n->infix)
			c += query_word_matches(w, i, n);
		else if (n->kind == N_PREFIX)
			c += rb_word_has_prefix(w, i, n->terms[0]);
		else if (n->kind == N_PHRASE)
			c += rb_words_phrase_at(w, i, n->terms, n->n_terms);
		else
			for (size_t k = 0; k < n->n_terms; k++)
				c += rb_word_is(w, i, n->terms[k]);
	}
	return c;
}

/* How often the passage holds one of the words. */
static uint32_t occurrences_of(char *const *words, size_t n, const rb_words *w)
{
	uint32_t c = 0;
	for (size_t i = 0; i < w->n; i++)
		for (size_t k = 0; k < n; k++)
			if (rb_word_is(w, i, words[k])) {
				c++;
				break;
			}
	return c;
}

/* The weight of xq alone on this passage, and the passages holding it,
 * as one more term labelled `label` (consumed). */
static void explain_part(explain_state *e, xc_query *xq, char *label, uint32_t occurrences)
{
	if (!label)
		e->failed = true;
	if (e->failed) {
		free(label);
		return;
	}
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		query_explain_term *v = realloc(e->v, cap * sizeof *v);
		if (!v) {
			e->failed = true;
			return;
		}
		e->v = v;
		e->cap = cap;
	}
	query_explain_term *t = &e->v[e->n];
	memset(t, 0, sizeof *t);
	/* The part alone, on this passage only: its share of the score
	 * (BM25 adds the weights of a query's parts). */
	xc_query *pair[2] = { xq, e->only }, *q = NULL;
	xc_mset *m = NULL;
	xc_search_options so = *e->so;
	so.accept = NULL;
	if (xc_query_combine(XC_OP_FILTER, pair, 2, 0, &q, &e->err) ||
	    xc_db_search(e->db, q, 0, 1, &so, &m, &e->err) ||
	    xc_db_count(e->db, xq, NULL, &t->passages, &e->err)) {
		e->failed = true;
		free(label);
	} else {
		t->label = label;
		t->weight = xc_mset_size(m) ? xc_mset_weight(m, 0) : 0;
		t->occurrences = occurrences;
		e->n++;
	}
	xc_query_free(q);
	xc_mset_free(m);
}

static void explain_node(explain_state *e, const query_node *n)
{
	for (size_t i = 0; i < n->n_kids && n->kind != N_NOT; i++)
		explain_node(e, n->kids[i]);
	if (!n->xq || e->failed)
		return;
	explain_part(e, n->xq, label_of(n), n->kind == N_PATTERN ? matches(n, e)
								: occurrences(n, e->w));
	/* Only when the passage holds some: they weigh nothing elsewhere. */
	uint32_t related = e->partial && n->related_xq
				   ? occurrences_of(n->related, n->n_related, e->w) : 0;
	if (related) {
		char *label = NULL;
		if (asprintf(&label, "words related to %s", n->terms[0]) < 0)
			label = NULL;
		explain_part(e, n->related_xq, label, related);
	}
}

rb_status query_explain(const query *q, xc_db *db, const xc_search_options *so,
			const char *data, size_t len, bool partial,
			query_explanation *out, char **err)
{
	rb_record r;
	rb_words w;
	char *file_data = NULL;
	memset(out, 0, sizeof *out);
	rb_status rc = rb_record_read(q->opts.files, data, len, &r, &file_data, err);
	if (!rc && q->opts.source)
		(void)rb_source_text(q->opts.source, &r);  /* none: no words */
	char id[RB_PASSAGE_TERM_SIZE];
	int id_len = rc ? 0 : rb_passage_term(r.path, r.path_len, r.passage, id);
	free(file_data);  /* the path is read: the rest is the passage's own */
	if (rc || (rc = rb_words_collect(q->a, r.text, r.text_len, &w, err)))
		return rc;
	explain_state e = { .w = &w, .text = r.text, .text_len = r.text_len, .db = db, .so = so,
			    .partial = partial };
	if (xc_query_term(id, (size_t)id_len, 1, &e.only, &e.err))
		e.failed = true;
	else
		explain_node(&e, q->root);
	out->terms = e.v;
	out->n_terms = e.n;
	out->length = (uint32_t)w.n;
	out->k1 = so->bm25_k1;
	out->b = so->bm25_b;
	if (!e.failed && xc_db_avlength(db, &out->avg_length, &e.err))
		e.failed = true;
	rb_words_free(&w);
	xc_query_free(e.only);
	if (e.failed) {
		rc = rb_fail(err, RB_ERR_INDEX, "explain: %s", e.err ? e.err : "out of memory");
		query_explanation_free(out);
	}
	free(e.err);
	return rc;
}

void query_explanation_free(query_explanation *x)
{
	for (size_t i = 0; i < x->n_terms; i++)
		free(x->terms[i].label);
	free(x->terms);
	memset(x, 0, sizeof *x);
}
