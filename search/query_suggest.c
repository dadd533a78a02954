#include "query_internal.h"

#include "spelling.h"
#include "stopwords.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ did you mean */

typedef struct {
	const char *word;
	size_t len, max;
	size_t best_dist;
	uint32_t best_freq;
	char *best;
} suggest_state;

/* The scan of the vocabulary, for an index without its own spelling
 * structure (see spelling.h); it comes in byte order, so that of equal
 * words the first in byte order stays. */
static int consider(const char *term, size_t len, uint32_t freq, void *ctx)
{
	suggest_state *s = ctx;
	if (!rb_spelling_is_word(term, len))
		return 0;
	size_t d = rb_edit_distance(s->word, s->len, term, len, s->max);
	if (d == 0 || d > s->max)
		return 0;
	if (d < s->best_dist || (d == s->best_dist && freq > s->best_freq)) {
		char *copy = strndup(term, len);
		if (!copy)
			return 1;
		free(s->best);
		s->best = copy;
		s->best_dist = d;
		s->best_freq = freq;
	}
	return 0;
}

/* Whether some passage has a word of this word's stem (the synonym table
 * keeps words whose passages are gone). */
static bool known_word(parser *p, const query_node *n)
{
	word_list w = { 0 };
	bool found = false;
	if (query_expand_word(p, n->terms[0], SIZE_MAX, &w) == 0)
		for (size_t i = 0; i < w.n && !found; i++) {
			uint32_t freq = 0;
			xc_db_termfreq(p->db, w.v[i], &freq, NULL);
			found = freq > 0;
		}
	for (size_t i = 0; i < w.n; i++)
		free(w.v[i]);
	free(w.v);
	free(p->err);
	p->err = NULL;
	return found;
}

/* Without a spelling structure each unknown word costs a pass over the
 * index's words: a long query gets corrections for its first few only. */
#define SUGGEST_MAX_WORDS 8

static const query_options no_options;

char *query_suggest(xc_db *db, rb_analyzer *a, const query_options *opts,
		    const char *text)
{
	parser p = { .a = a, .db = db, .text = text, .opts = opts ? opts : &no_options,
		     .analyzers = rb_analyzers_new() };
	size_t len = strlen(text), cap = len + 1, out_len = 0;
	char *out = malloc(cap);
	const char *copied = text;
	bool changed = false;
	if (!out || !query_lex(&p)) {
		free(out);
		free(p.toks);
		rb_analyzers_free(p.analyzers);
		return NULL;
	}
	size_t scans = 0;
	rb_spelling *sp = NULL;
	char *msg = NULL;
	if (rb_spelling_open(db, &sp, &msg)) {
		free(msg);   /* a correction is a courtesy: read the words instead */
		msg = NULL;
	}
	for (size_t i = 0; i < p.n_toks && out; i++) {
		const token *t = &p.toks[i];
		if (t->kind != T_WORD)
			continue;
		query_node *n = query_words_node(&p, t, false);
		/* A stop word the index lacks ("when" of a question) is not
		 * a misspelling of another ("then"). */
		if (n && n->kind == N_WORD && p.analyzers && scans < SUGGEST_MAX_WORDS &&
		    !rb_is_stopword(rb_analyzer_lang(a), n->terms[0], strlen(n->terms[0])) &&
		    !known_word(&p, n)) {
			scans++;
			suggest_state s = { .word = n->terms[0], .len = strlen(n->terms[0]),
					    .best_dist = SIZE_MAX };
			s.max = s.len <= 4 ? 1 : 2;
			if (!sp || rb_spelling_suggest(sp, s.word, s.len, s.max, &s.best, &msg)) {
				free(msg);
				msg = NULL;
				xc_db_each_word(db, consider, &s, NULL);
			}
			size_t before = (size_t)(t->s - copied), bl = s.best ? strlen(s.best) : 0;
			char *grown = s.best ? realloc(out, cap += before + bl) : out;
			if (s.best && grown) {
				out = grown;
				memcpy(out + out_len, copied, before);
				memcpy(out + out_len + before, s.best, bl);
				out_len += before + bl;
				copied = t->s + t->len;
				changed = true;
			} else if (!grown) {
				free(out);
				out = NULL;
			}
			free(s.best);
		}
		query_node_free(n);
	}
	rb_spelling_close(sp);
	free(p.toks);
	query_families_free(&p);
	rb_analyzers_free(p.analyzers);
	if (!changed || !out) {
		free(out);
		return NULL;
	}
	char *grown = realloc(out, out_len + strlen(copied) + 1);
	if (!grown) {
		free(out);
		return NULL;
	}
	strcpy(grown + out_len, copied);
	return grown;
}
