/* query_plan.c: the query tree to a Xapian query: stop words dropped from
 * runs of plain words, each word its stem family (query_expand.c) in its
 * languages, prefixes expanded over the index's words, fields as terms
 * and values; each weighted part keeps its own query for --explain. */
#include "query_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "langname.h"
#include "stopwords.h"

/* ------------------------------------------------------------ stop words */

static bool is_stop(const query_node *n, const char *lang)
{
	return n->kind == N_WORD && n->free_text &&
	       rb_is_stopword(lang, n->terms[0], strlen(n->terms[0]));
}

/* Drops the stop words of each run of plain words, unless that would leave
 * the run without a positive word. */
static void drop_stopwords(query_node *n, const char *lang)
{
	for (size_t i = 0; i < n->n_kids; i++)
		drop_stopwords(n->kids[i], lang);
	if (n->kind != N_AND && n->kind != N_OR)
		return;
	size_t keep = 0;
	for (size_t i = 0; i < n->n_kids; i++)
		keep += !is_stop(n->kids[i], lang) && n->kids[i]->kind != N_NOT;
	if (keep == 0)
		return;
	/* In a run of words (AND) a stop word still narrows the match, so it
	 * stays as an unweighted filter; in an OR it would only widen it. */
	size_t m = 0;
	for (size_t i = 0; i < n->n_kids; i++) {
		if (is_stop(n->kids[i], lang) && n->kind == N_OR)
			query_node_free(n->kids[i]);
		else {
			n->kids[i]->stop_filter = is_stop(n->kids[i], lang);
			n->kids[m++] = n->kids[i];
		}
	}
	n->n_kids = m;
}

/* Every term of a node, AND-ed: what a phrase or NEAR needs at least. */
static xc_query *all_terms(parser *p, const query_node *n, const char *prefix)
{
	query_list l = { 0 };
	for (size_t i = 0; i < n->n_terms; i++)
		if (!query_list_push(&l, query_term(p, prefix, n->terms[i]))) {
			query_list_free(&l);
			return NULL;
		}
	return query_combine(p, XC_OP_AND, &l);
}

static xc_query *build(parser *p, query_node *n, bool any);

static bool same_words(const word_list *a, const word_list *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

/* The word as typed (folded), beside its stem family, also weighs alone,
 * as much as a term: of two passages equal but for the form of the word,
 * the one with the form asked for ranks first (make eval: MRR@10 0.865 ->
 * 0.892; the gain flattens beyond this weight). */
#define EXACT_FORM_WEIGHT 1.0
/* Only for keywords: a query of more words is a sentence or a description,
 * whose words' forms are incidental, and where the bonus of each form
 * typed drowns the rest of the family.  On the odd-numbered CISI queries
 * (tests/eval/collection.sh), with the bonus up to 64 words: nDCG@10
 * 0.381, MAP@100 0.165; up to 4: 0.405, 0.174 (tests/eval/RESULTS.md).  make eval's known items (1 to
 * 4 words) and the article's questions answer as before. */
#define EXACT_FORM_MAX_WORDS 4

/* A query of more words is refused, as Elasticsearch refuses more than
 * 1,024 clauses: each word costs a stem and a lookup per index language,
 * and nobody types a thousand. */
#define QUERY_MAX_WORDS 1024

static size_t count_words(const query_node *n)
{
	size_t c = n->kind == N_WORD || n->kind == N_PREFIX ? 1
		 : n->kind == N_PHRASE || n->kind == N_NEAR ? n->n_terms : 0;
	for (size_t i = 0; i < n->n_kids; i++)
		c += count_words(n->kids[i]);
	return c;
}

static xc_query *with_exact_bonus(parser *p, xc_query *family, const char *word,
				  const word_list *all)
{
	if (!family || all->n < 2 || !p->exact_bonus)
		return family;
	xc_query *exact = query_term(p, "", word), *scaled = NULL, *q = NULL;
	if (exact && !xc_query_scale(exact, EXACT_FORM_WEIGHT, &scaled, &p->err)) {
		xc_query *pair[2] = { family, scaled };
		if (xc_query_combine(XC_OP_OR, pair, 2, 0, &q, &p->err))
			q = NULL;
	}
	xc_query_free(exact);
	xc_query_free(scaled);
	xc_query_free(family);
	return q;
}

/* words as one term, with the typed word's bonus (all: the whole family). */
static xc_query *family_of(parser *p, const word_list *words, const char *typed,
			   const word_list *all)
{
	return with_exact_bonus(p, query_synonym_of(p, words), typed, all);
}

/* A copy of each branch of a word, kept by its node. */
static void keep_branches(parser *p, query_node *n, const query_list *branches)
{
	if (branches->oom || branches->n < 2)
		return;
	if (!(n->branches = calloc(branches->n, sizeof *n->branches))) {
		p->oom = true;
		return;
	}
	for (size_t i = 0; i < branches->n && !p->err; i++)
		if (!xc_query_scale(branches->v[i], 1, &n->branches[n->n_branches], &p->err))
			n->n_branches++;
}

/* A word: the index's words of its stem, as one term.  With several
 * languages, each language's words count only in passages of that
 * language (English "thee" must not match through another language's
 * stemmer joining it to "the"); languages whose words are the same share
 * one branch. */
static xc_query *build_word(parser *p, query_node *n)
{
	size_t nl = p->opts->n_langs;
	word_list all = { 0 }, *per = nl > 1 ? calloc(nl, sizeof *per) : NULL;
	xc_query *q = NULL;
	if (nl <= 1 || !per) {
		if (nl > 1)
			p->oom = true;
		else if (!query_expand_word(p, n->terms[0], SIZE_MAX, &all))
			q = family_of(p, &all, n->terms[0], &all);
		goto out;
	}
	/* Each language's words, then all of them in the same order as
	 * expand_word gives them (each synonym entry read once). */
	for (size_t i = 0; i < nl; i++)
		if (query_expand_word(p, n->terms[0], i, &per[i]))
			goto out;
	for (size_t i = 0; i < nl && !all.oom; i++)
		for (size_t k = 0; k < per[i].n; k++)
			query_word_add(per[i].v[k], strlen(per[i].v[k]), &all);
	if (all.oom) {
		p->oom = true;
		goto out;
	}
	bool shared = true;  /* every language has the same words: no branches */
	for (size_t i = 1; i < nl; i++)
		shared = shared && same_words(&per[0], &per[i]);
	if (shared) {
		q = family_of(p, &all, n->terms[0], &all);
		goto out;
	}
	/* The form typed weighs inside each branch, not beside their OR:
	 * Xapian 1.4.22's matcher, given (A FILTER La) OR (B FILTER Lb) OR
	 * word with a small branch, lost the best passage once a limit let
	 * it prune (`-n 5 cara` on the related corpus; tests/cli/limits.sh). */
	query_list branches = { 0 };
	bool *done = calloc(nl, sizeof *done), *mine = calloc(nl, sizeof *mine);
	for (size_t i = 0; done && mine && i < nl && !p->err; i++) {
		if (done[i])
			continue;
		for (size_t j = 0; j < nl; j++) {
			mine[j] = !done[j] && same_words(&per[i], &per[j]);
			done[j] = done[j] || mine[j];
		}
		xc_query *words = family_of(p, &per[i], n->terms[0], &all);
		query_list_push(&branches, query_restrict_to_languages(p, mine, words));
		xc_query_free(words);
	}
	if (!done || !mine)
		p->oom = true;
	free(done);
	free(mine);
	keep_branches(p, n, &branches);
	q = query_combine(p, XC_OP_OR, &branches);
out:
	for (size_t i = 0; per && i < nl; i++)
		query_words_free(&per[i]);
	free(per);
	n->words = all.v;
	n->n_words = all.n;
	return q;
}

/* from:, to: and attachment: find the header's words as terms; a phrase (an address
 * is one: jm@example.com) is then checked on the record, as is anything
 * else inside the field (a group). */
static xc_query *build_header_field(parser *p, query_node *n, const char *prefix)
{
	query_node *k = n->kids[0];
	xc_query *q = NULL;
	char buf[RB_MAX_TERM_BYTES + 8];
	switch (k->kind) {
	case N_WORD:
		n->exact = true;
		return query_term(p, prefix, k->terms[0]);
	case N_PHRASE:
		n->exact = k->n_terms == 1;
		return all_terms(p, k, prefix);
	case N_PREFIX:
		if (k->infix) {  /* *part*: checked on the record */
			n->exact = false;
			return xc_query_match_all(&q, &p->err) ? NULL : q;
		}
		/* A filter: Xapian's own expansion, whose weights do not count. */
		n->exact = true;
		snprintf(buf, sizeof buf, "%s%s", prefix, k->terms[0]);
		return xc_query_wildcard(buf, WILDCARD_MAX, &q, &p->err) ? NULL : q;
	default:
		n->exact = false;
		return xc_query_match_all(&q, &p->err) ? NULL : q;
	}
}

/* A title or a path is checked on the record: Xapian offers every
 * passage.  A passage's language, its mail headers and its date are
 * terms and values. */
static xc_query *build_field(parser *p, query_node *n)
{
	xc_query *q = NULL;
	if (n->field == FIELD_LANG) {
		/* lang:es, lang:SPA and lang:spanish are one language, and one
		 * unknown is an error, not an empty result. */
		static const char *const words[] = { "none", NULL };
		query_node *k = n->kids[0];
		const char *lang = NULL;
		char *copy;
		char *why = NULL;
		if (rb_lang_resolve(k->terms[0], words, &lang, &why)) {
			if (!why || asprintf(&p->err, "lang: %s", why) < 0)
				p->oom = true;
			free(why);
			return NULL;
		}
		if (!(copy = strdup(lang))) {
			p->oom = true;
			return NULL;
		}
		free(k->terms[0]);
		k->terms[0] = copy;
		n->exact = true;
		return query_term(p, RB_LANG_PREFIX, k->terms[0]);
	}
	if (n->field == FIELD_FROM || n->field == FIELD_TO || n->field == FIELD_ATTACH)
		return build_header_field(p, n, n->field == FIELD_FROM ? RB_FROM_PREFIX
					  : n->field == FIELD_TO ? RB_TO_PREFIX : RB_ATTACHMENT_PREFIX);
	if (n->field == FIELD_ID) {
		n->exact = true;
		return query_term(p, RB_ID_PREFIX, n->id);
	}
	if (n->field == FIELD_DATE) {
		char from[RB_DATE_KEY_LEN + 1], to[RB_DATE_KEY_LEN + 1];
		rb_date_key(n->date.from, from);
		rb_date_key(n->date.to, to);
		n->exact = true;
		if (xc_query_value_range(RB_SLOT_DATE, n->date.has_from ? from : NULL,
					 RB_DATE_KEY_LEN, n->date.has_to ? to : NULL,
					 RB_DATE_KEY_LEN, &q, &p->err))
			return NULL;
		return q;
	}
	n->exact = false;
	return xc_query_match_all(&q, &p->err) ? NULL : q;
}

static xc_query *build_node(parser *p, query_node *n, bool any);

/* Builds a node; a weighted part (word, prefix, phrase, NEAR) also keeps
 * its own query, so --explain can weigh it alone. */
static xc_query *build(parser *p, query_node *n, bool any)
{
	xc_query *q = build_node(p, n, any);
	bool part = n->kind == N_WORD || n->kind == N_PREFIX || n->kind == N_PHRASE ||
		    n->kind == N_NEAR || n->kind == N_PATTERN;
	if (q && part && !n->stop_filter &&
	    xc_query_combine(XC_OP_OR, &q, 1, 0, &n->xq, NULL))
		n->xq = NULL;
	return q;
}

static xc_query *build_node(parser *p, query_node *n, bool any)
{
	switch (n->kind) {
	case N_WORD:
		n->exact = true;
		return build_word(p, n);
	case N_PREFIX: {
		/* Expanded here rather than by Xapian's OP_WILDCARD, which
		 * expands in each shard against its own words: then scores
		 * would differ between one index and its shards.  *part*
		 * reads the whole vocabulary (query_vocab.c). */
		n->exact = true;
		word_list w = { 0 };
		size_t found;
		if (query_vocab_words(p, n->terms[0], !n->infix, false, WILDCARD_MAX, &w, &found))
			return NULL;
		query_list l = { 0 };
		for (size_t i = 0; i < w.n && !l.oom; i++)
			query_list_add_term(w.v[i], strlen(w.v[i]), &l);
		if (n->infix) {  /* kept: what it lights up */
			n->words = w.v;
			n->n_words = w.n;
		} else {
			query_words_free(&w);
		}
		if (l.n == 0 && !l.oom && !query_list_push(&l, query_term(p, "", n->terms[0])))
			return NULL;
		return query_combine(p, XC_OP_SYNONYM, &l);
	}
	case N_PHRASE:
		n->exact = n->n_terms == 1;
		return all_terms(p, n, "");
	case N_NEAR:
		n->exact = false;
		return all_terms(p, n, "");
	case N_PATTERN:
		n->exact = false;
		return query_pattern_narrow(p, n);
	case N_FIELD:
		return build_field(p, n);
	case N_NOT: {
		/* Alone, a NOT is every passage but those. */
		query_node *kid = n->kids[0];
		xc_query *all = NULL, *sub = build(p, kid, any), *q = NULL;
		n->exact = kid->exact;
		if (sub && !xc_query_match_all(&all, &p->err)) {
			xc_query *pair[2] = { all, sub };
			if (!kid->exact)
				q = all, all = NULL;  /* the check decides */
			else if (xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &q, &p->err))
				q = NULL;
		}
		xc_query_free(all);
		xc_query_free(sub);
		return q;
	}
	case N_AND:
	case N_OR: {
		/* Positive parts weigh; fields filter; exact NOTs subtract. */
		query_list pos = { 0 }, filters = { 0 }, negs = { 0 };
		n->exact = true;
		for (size_t i = 0; i < n->n_kids; i++) {
			query_node *k = n->kids[i];
			bool is_not = k->kind == N_NOT && n->kind == N_AND;
			query_node *target = is_not ? k->kids[0] : k;
			xc_query *q = build(p, target, any);
			if (!q) {
				query_list_free(&pos);
				query_list_free(&filters);
				query_list_free(&negs);
				return NULL;
			}
			if (n == p->root &&
			    xc_query_combine(XC_OP_OR, &q, 1, 0, &k->alone, &p->err)) {
				xc_query_free(q);
				k->alone = NULL;
				query_list_free(&pos);
				query_list_free(&filters);
				query_list_free(&negs);
				return NULL;
			}
			if (is_not)
				k->exact = target->exact;
			n->exact = n->exact && target->exact;
			if (is_not && !target->exact)
				xc_query_free(q);  /* the check decides */
			else
				query_list_push(is_not ? &negs
						: ((k->kind == N_FIELD || k->stop_filter) &&
						   n->kind == N_AND && !any) ? &filters : &pos, q);
		}
		xc_op op = n->kind == N_OR || any ? XC_OP_OR : XC_OP_AND;
		xc_query *q = NULL, *all = NULL;
		if (pos.n)
			q = query_combine(p, op, &pos);
		else if (!xc_query_match_all(&all, &p->err))
			q = all;
		query_list_free(&pos);
		xc_query *f = q && filters.n ? query_combine(p, XC_OP_AND, &filters) : NULL;
		xc_query *ng = q && negs.n ? query_combine(p, XC_OP_OR, &negs) : NULL;
		if ((filters.n && !f) || (negs.n && !ng)) {
			xc_query_free(q);
			q = NULL;
		}
		q = query_constrain(p, q, ng, f);
		xc_query_free(f);
		xc_query_free(ng);
		query_list_free(&filters);
		query_list_free(&negs);
		return q;
	}
	}
	return NULL;
}

/* Only the passages of one language. */
static xc_query *filter_language(parser *p, xc_query *q, const char *lang)
{
	char term[64];
	snprintf(term, sizeof term, RB_LANG_PREFIX "%s", lang);
	xc_query *l = NULL, *r = NULL;
	if (!xc_query_term(term, strlen(term), 1, &l, &p->err)) {
		xc_query *pair[2] = { q, l };
		if (xc_query_combine(XC_OP_FILTER, pair, 2, 0, &r, &p->err))
			r = NULL;
	}
	xc_query_free(q);
	xc_query_free(l);
	return r;
}

void query_plan(parser *p, query *out)
{
	drop_stopwords(out->root, rb_analyzer_lang(p->a));
	out->any = p->opts->any;
	out->opts = *p->opts;
	size_t words = count_words(out->root);
	p->exact_bonus = words <= EXACT_FORM_MAX_WORDS;
	if (words > QUERY_MAX_WORDS) {
		if (asprintf(&p->err, "the query has %zu words; at most %d are searched",
			     words, QUERY_MAX_WORDS) < 0)
			p->oom = true;
	} else {
		p->root = out->root;
		out->xq = build(p, out->root, p->opts->any);
	}
	if (out->xq && p->opts->only_lang)
		out->xq = filter_language(p, out->xq, p->opts->only_lang);
	out->needs_check = out->xq && !out->root->exact;
}
