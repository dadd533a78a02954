/* The parts of a query of several joined by AND, each alone with the
 * query's constraints, for matching files (each part in some passage) and
 * for relaxing a query that nothing holds whole. */
#include "query_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* op(a, b); a and b stay the caller's; NULL on error (p->err). */
static xc_query *pair(parser *p, xc_op op, xc_query *a, xc_query *b)
{
	xc_query *v[2] = { a, b }, *q = NULL;
	if (!a || !b || xc_query_combine(op, v, 2, 0, &q, &p->err))
		return NULL;
	return q;
}

/* Appends q (consumed) to *acc under op. */
static bool join(parser *p, xc_op op, xc_query **acc, xc_query *q)
{
	if (!q)
		return false;
	if (!*acc) {
		*acc = q;
		return true;
	}
	xc_query *r = pair(p, op, *acc, q);
	xc_query_free(*acc);
	xc_query_free(q);
	*acc = r;
	return r != NULL;
}

static bool is_constraint(const query_node *k)
{
	return k->kind == N_NOT || k->kind == N_FIELD;
}

static bool is_plain(const query_node *k)
{
	return (k->kind == N_WORD && k->free_text) || k->kind == N_PREFIX;
}

static xc_query *copy_of(parser *p, xc_query *q)
{
	xc_query *r = NULL;
	if (q && xc_query_combine(XC_OP_OR, &q, 1, 0, &r, &p->err))
		return NULL;
	return r;
}

/* The exact NOTs' words (subtracted), the exact fields' and --lang's
 * languages (filters); whether some constraint needs the check. */
static bool constraint_queries(parser *p, const query_node *root, xc_query **negs,
			       xc_query **filters, bool *check)
{
	*check = false;
	for (size_t i = 0; i < root->n_kids; i++) {
		const query_node *k = root->kids[i];
		if (!is_constraint(k))
			continue;
		if (!k->exact) {
			*check = true;
			continue;
		}
		if (!join(p, k->kind == N_NOT ? XC_OP_OR : XC_OP_AND,
			  k->kind == N_NOT ? negs : filters, copy_of(p, k->alone)))
			return false;
	}
	if (p->opts->only_lang) {
		char term[64];
		xc_query *l = NULL;
		snprintf(term, sizeof term, RB_LANG_PREFIX "%s", p->opts->only_lang);
		if (xc_query_term(term, strlen(term), 1, &l, &p->err) ||
		    !join(p, XC_OP_AND, filters, l))
			return false;
	}
	return true;
}

/* Whether all the words to relax are stop words, and whether there are any
 * (a query of one word has nothing to leave out). */
static bool only_stop_words(const query *q, bool *relaxable)
{
	size_t n_plain = 0, n_stop = 0;
	for (size_t i = 0; i < q->n_parts; i++) {
		n_plain += q->parts[i].plain;
		n_stop += !q->parts[i].weighted;
	}
	bool only_stop = n_plain == 0 && n_stop > 0;
	size_t n_words = only_stop ? n_stop : n_plain;
	*relaxable = !(n_words == 0 || (n_words == 1 && q->n_parts == 1));
	return only_stop;
}

/* What stays required when the plain words are relaxed, and the plain
 * words OR-ed, each with its related words (stop words among them only
 * when all are). */
static bool relaxed_query(parser *p, query *q, xc_query *negs, xc_query *filters,
			  bool check, bool related, xc_query **out)
{
	query_node *root = q->root;
	xc_query *required = NULL, *words = NULL;
	bool relaxable, only_stop = only_stop_words(q, &relaxable);
	q->relaxed_needs_check = check;
	for (size_t i = 0; i < root->n_kids; i++) {
		query_node *k = root->kids[i];
		if (is_constraint(k))
			continue;
		if (!is_plain(k) && !k->stop_filter) {
			q->relaxed_needs_check = q->relaxed_needs_check || !k->exact;
			if (!join(p, XC_OP_AND, &required, copy_of(p, k->alone)))
				goto fail;
		} else if (k->stop_filter) {
			if (only_stop && !join(p, XC_OP_OR, &words, copy_of(p, k->alone)))
				goto fail;
		} else {
			xc_query *word = copy_of(p, k->alone);
			if (!join(p, XC_OP_OR, &words, related ? query_with_related(p, k, word) : word))
				goto fail;
		}
	}
	/* With required parts the words only rank; alone, one must be there. */
	if (words && !join(p, XC_OP_AND_MAYBE, &required, words))
		goto fail_words_taken;
	if (!required)
		return true;
	*out = query_constrain(p, required, negs, filters);
	return *out != NULL;
fail:
	xc_query_free(words);
fail_words_taken:
	xc_query_free(required);
	return false;
}

bool query_part_by_forms(const query_part *part)
{
	return part->node->kind == N_WORD && part->node->n_words > 0;
}

/* q->part_forms and its arrays, of the parts that are words; false when
 * out of memory. */
static bool index_part_forms(query *q)
{
	size_t n = 0;
	for (size_t i = 0; i < q->n_parts; i++)
		n += query_part_by_forms(&q->parts[i]) ? q->parts[i].node->n_words : 0;
	if (n == 0)
		return true;
	char **forms = malloc(n * sizeof *forms);
	size_t *last = malloc(n * sizeof *last);
	q->part_of = malloc(n * sizeof *q->part_of);
	q->same_form = malloc(n * sizeof *q->same_form);
	bool ok = forms && last && q->part_of && q->same_form;
	n = 0;
	for (size_t i = 0; ok && i < q->n_parts; i++)
		for (size_t k = 0; query_part_by_forms(&q->parts[i]) && k < q->parts[i].node->n_words; k++) {
			forms[n] = q->parts[i].node->words[k];
			q->part_of[n] = i;
			q->same_form[n] = SIZE_MAX;
			n++;
		}
	ok = ok && (q->part_forms = rb_word_set_new(forms, n)) != NULL;
	/* Chains each form given again to its first: found there, it is each
	 * of their parts'. */
	for (size_t k = 0; ok && k < n; k++) {
		size_t len = strlen(forms[k]);
		size_t first = rb_word_set_find(q->part_forms, rb_word_hash(forms[k], len), forms[k], len);
		last[k] = k;
		if (first != k) {
			q->same_form[last[first]] = k;
			last[first] = k;
		}
	}
	free(forms);
	free(last);
	return ok;
}

bool query_plan_parts(parser *p, query *q)
{
	const query_node *root = q->root;
	if (root->kind != N_AND || q->any)
		return true;
	xc_query *negs = NULL, *filters = NULL;
	bool check = false, ok = false;
	q->parts = calloc(root->n_kids, sizeof *q->parts);
	q->constraints = calloc(root->n_kids, sizeof *q->constraints);
	if (!q->parts || !q->constraints ||
	    !constraint_queries(p, root, &negs, &filters, &check))
		goto out;
	for (size_t i = 0; i < root->n_kids; i++) {
		const query_node *k = root->kids[i];
		if (is_constraint(k)) {
			q->constraints[q->n_constraints++] = k;
			continue;
		}
		query_part *part = &q->parts[q->n_parts];
		xc_query *alone = copy_of(p, k->alone);
		if (alone && k->stop_filter) {
			/* A stop word must be there, weighing nothing. */
			xc_query *weighed = alone;
			if (xc_query_scale(weighed, 0, &alone, &p->err))
				alone = NULL;
			xc_query_free(weighed);
		}
		if (!(part->xq = query_constrain(p, alone, negs, filters)))
			goto out;
		part->needs_check = check || !k->exact;
		part->plain = is_plain(k) && !k->stop_filter;
		part->weighted = !k->stop_filter;
		part->node = k;
		q->n_parts++;
	}
	only_stop_words(q, &q->relaxable);
	ok = index_part_forms(q);
	if (!ok)
		p->oom = true;
out:
	xc_query_free(negs);
	xc_query_free(filters);
	return ok;
}

/* hl_partial: hl with each word's related words (the nodes' own strings)
 * among its exact words. */
static bool light_related(query *q)
{
	size_t n = q->hl.n_exact;
	for (size_t i = 0; i < q->root->n_kids; i++)
		n += q->root->kids[i]->n_related;
	char **exact = malloc((n + 1) * sizeof *exact);
	if (!exact)
		return false;
	n = 0;
	for (size_t i = 0; i < q->hl.n_exact; i++)
		exact[n++] = q->hl.exact[i];
	for (size_t i = 0; i < q->root->n_kids; i++)
		for (size_t k = 0; k < q->root->kids[i]->n_related; k++)
			exact[n++] = q->root->kids[i]->related[k];
	q->hl_partial = q->hl;
	q->hl_partial.exact = exact;
	q->hl_partial.n_exact = n;
	q->hl_partial.exact_set = NULL;
	return rb_hl_query_index(&q->hl_partial);
}

rb_status query_relax(query *q, xc_db *db, bool related, char **err)
{
	xc_query **out = related ? &q->relaxed : &q->relaxed_words;
	if (*out || !q->relaxable)
		return RB_OK;
	parser p = { .a = q->a, .db = db, .opts = &q->opts, .root = q->root };
	xc_query *negs = NULL, *filters = NULL;
	bool check = false, built = false;
	if (!(p.analyzers = rb_analyzers_new()))
		p.oom = true;
	else if (constraint_queries(&p, q->root, &negs, &filters, &check) &&
		 relaxed_query(&p, q, negs, filters, check, related, out))
		built = !related || light_related(q);
	xc_query_free(negs);
	xc_query_free(filters);
	query_families_free(&p);
	rb_analyzers_free(p.analyzers);
	rb_status rc = RB_OK;
	if (p.oom || (!built && !p.err))
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	else if (!built)
		rc = rb_fail(err, RB_ERR_INDEX, "%s", p.err);
	free(p.err);
	return rc;
}

xc_status query_part_size(xc_db *db, const query_part *part, uint32_t *estimate,
			  uint32_t *upper, char **err)
{
	const query_node *n = part->node;
	if (n->kind != N_WORD || !n->n_words)
		return xc_db_estimate(db, part->xq, estimate, upper, err);
	uint64_t sum = 0;
	for (size_t i = 0; i < n->n_words; i++) {
		uint32_t f = 0;
		xc_status xs = xc_db_termfreq(db, n->words[i], &f, err);
		if (xs)
			return xs;
		sum += f;
	}
	*estimate = *upper = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
	return XC_OK;
}

/* Xapian's bound of q's weight in any passage: a search of no hits,
 * which opens q's posting lists and matches nothing. */
static xc_status max_possible(xc_db *db, const xc_query *q, const xc_search_options *so,
			      double *out, char **err)
{
	xc_search_options o = *so;
	o.accept = NULL;
	o.collapse = 0;
	xc_mset *m = NULL;
	xc_status xs = xc_db_search(db, q, 0, 0, &o, &m, err);
	*out = xs ? 0 : xc_mset_max_possible(m);
	xc_mset_free(m);
	return xs;
}

xc_status query_part_bound(xc_db *db, const query_part *part, const xc_search_options *so,
			   double *bound, char **err)
{
	const query_node *n = part->node;
	*bound = 0;
	if (!part->weighted)
		return XC_OK;
	if (n->kind != N_WORD || n->n_branches < 2)
		return max_possible(db, part->xq, so, bound, err);
	/* Xapian bounds an OR by the sum of its branches' bounds; a passage
	 * matches one branch at most. */
	for (size_t i = 0; i < n->n_branches; i++) {
		double b = 0;
		xc_status xs = max_possible(db, n->branches[i], so, &b, err);
		if (xs)
			return xs;
		*bound = b > *bound ? b : *bound;
	}
	return XC_OK;
}

size_t query_part_words(const query_part *part, const char *const **words)
{
	const query_node *n = part->node;
	if (!part->weighted || n->kind != N_WORD || !n->n_words)
		return 0;
	*words = (const char *const *)n->words;
	return n->n_words;
}

char *query_part_label(const query_part *part)
{
	const query_node *n = part->node;
	if (n->kind == N_WORD || n->kind == N_PATTERN)
		return strdup(n->terms[0]);
	if (n->kind == N_PREFIX) {
		char *s = NULL;
		return asprintf(&s, "%s%s*", n->infix ? "*" : "", n->terms[0]) < 0 ? NULL : s;
	}
	size_t len = 8;
	for (size_t i = 0; i < n->n_terms; i++)
		len += strlen(n->terms[i]) + 6;
	char *s = malloc(len), *at = s;
	if (!s)
		return NULL;
	*at = '\0';
	if (n->kind != N_PHRASE && n->kind != N_NEAR)
		return strcpy(s, "(…)");
	for (size_t i = 0; i < n->n_terms; i++)
		at += sprintf(at, "%s%s", i ? (n->kind == N_NEAR ? " NEAR " : " ") : "",
			      n->terms[i]);
	return s;
}
