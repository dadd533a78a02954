/* query_narrow.c: the passages a /REGEX/ may match, from its required
 * literal runs (query_literals.c) read by the index's analyzer.
 *
 * A word of a run with a non-word character on each side inside the run
 * is a word of every passage that matches: its term.  A word touching
 * the run's end only may continue in the text: the index's words starting
 * with it.  A word touching the run's start may be the end or the middle
 * of a longer word: the index's words holding it, read from the whole
 * vocabulary, and only when the pattern has no word of the first two
 * kinds.  A word standing for more than WILDCARD_MAX of the index's words
 * does not narrow.  The pattern's words are AND-ed; a pattern without any
 * is checked on every passage (query_pattern_set_scan). */
#include "query_internal.h"

#include <stdlib.h>
#include <string.h>

#include "query_literals.h"
#include "query_pattern.h"

typedef struct {
	word_list whole, starts, inside, ends;  /* inside: touches the start */
	const char *run;
	size_t len;
} run_words;

/* A word is bounded at `at` of the run unless an apostrophe there could
 * join it to the next letters in a text (Cassez's). */
static bool apostrophe_at(const char *run, size_t len, size_t at, bool before)
{
	if (before)
		return (at >= 1 && run[at - 1] == '\'') ||
		       (at >= 3 && memcmp(run + at - 3, "\xE2\x80\x99", 3) == 0);
	return (at < len && run[at] == '\'') ||
	       (at + 3 <= len && memcmp(run + at, "\xE2\x80\x99", 3) == 0);
}

static int on_word(const rb_token *t, void *ctx)
{
	run_words *rw = ctx;
	bool left = t->start > 0 && !apostrophe_at(rw->run, rw->len, t->start, true);
	bool right = t->end < rw->len && !apostrophe_at(rw->run, rw->len, t->end, false);
	word_list *to = left && right ? &rw->whole : left ? &rw->starts
		      : right ? &rw->ends : &rw->inside;
	return query_word_add(t->term, t->term_len, to);
}

/* The index's words holding a word of the run: one Xapian synonym,
 * pushed onto l; nothing pushed when they are too many. */
static bool push_vocab(parser *p, query_list *l, const char *word, bool at_start, bool at_end)
{
	word_list w = { 0 };
	size_t found = 0;
	if (query_vocab_words(p, word, at_start, at_end, WILDCARD_MAX, &w, &found))
		return false;
	bool ok = true;
	if (found <= WILDCARD_MAX)
		ok = w.n ? query_list_push(l, query_synonym_of(p, &w))
			 : query_list_push(l, query_term(p, "", word));  /* holds none */
	query_words_free(&w);
	return ok;
}

static bool push_all(parser *p, query_list *l, const word_list *w, bool vocab, bool at_start,
		     bool at_end)
{
	for (size_t i = 0; i < w->n; i++)
		if (!(vocab ? push_vocab(p, l, w->v[i], at_start, at_end)
			    : query_list_push(l, query_term(p, "", w->v[i]))))
			return false;
	return true;
}

static void run_words_free(run_words *rw)
{
	query_words_free(&rw->whole);
	query_words_free(&rw->starts);
	query_words_free(&rw->inside);
	query_words_free(&rw->ends);
}

/* The pattern's words of each kind, from its runs. */
static bool read_runs(parser *p, const query_node *n, run_words *rw)
{
	pattern_runs runs;
	const char *src = n->terms[1];
	if (!pattern_literals(src, strlen(src), &runs))
		return !(p->oom = true);
	for (size_t i = 0; i < runs.n && !p->oom; i++) {
		uint32_t pos = 1;
		rw->run = runs.v[i];
		rw->len = strlen(runs.v[i]);
		if (rb_analyze(p->a, rw->run, rw->len, &pos, on_word, rw))
			p->oom = true;
	}
	pattern_runs_free(&runs);
	return !p->oom;
}

xc_query *query_pattern_narrow(parser *p, query_node *n)
{
	run_words rw = { 0 };
	query_list l = { 0 };
	xc_query *q = NULL;
	if (!read_runs(p, n, &rw))
		goto out;
	bool ok = push_all(p, &l, &rw.whole, false, false, false) &&
		  push_all(p, &l, &rw.starts, true, true, false);
	if (ok && l.n == 0)
		ok = push_all(p, &l, &rw.ends, true, false, true) &&
		     push_all(p, &l, &rw.inside, true, false, false);
	if (!ok) {
		query_list_free(&l);
		goto out;
	}
	if (l.n) {
		q = query_combine(p, XC_OP_AND, &l);
	} else if (!xc_query_match_all(&q, &p->err)) {
		query_pattern_set_scan(n->pattern, n->terms[0]);
	}
out:
	run_words_free(&rw);
	return q;
}
