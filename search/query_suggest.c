#include "query_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ did you mean */

/* Optimal string alignment distance, or max + 1 once it must exceed max. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb, size_t max)
{
	if ((la > lb ? la - lb : lb - la) > max || la > 64 || lb > 64)
		return max + 1;
	size_t d[66][66];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t row_min = SIZE_MAX;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > max)
			return max + 1;
	}
	return d[la][lb];
}

typedef struct {
	const char *word;
	size_t len, max;
	size_t best_dist;
	uint32_t best_freq;
	char *best;
} suggest_state;

static int consider(const char *term, size_t len, uint32_t freq, void *ctx)
{
	suggest_state *s = ctx;
	if (len == 0 || (term[0] >= 'A' && term[0] <= 'Z'))
		return 0;  /* boolean terms, not words */
	size_t d = edit_distance(s->word, s->len, term, len, s->max);
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

/* Each unknown word costs a pass over the index's words: a long query gets
 * corrections for its first few only. */
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
	for (size_t i = 0; i < p.n_toks && out; i++) {
		const token *t = &p.toks[i];
		if (t->kind != T_WORD)
			continue;
		query_node *n = query_words_node(&p, t, false);
		if (n && n->kind == N_WORD && p.analyzers && scans < SUGGEST_MAX_WORDS &&
		    !known_word(&p, n)) {
			scans++;
			suggest_state s = { .word = n->terms[0], .len = strlen(n->terms[0]),
					    .best_dist = SIZE_MAX };
			s.max = s.len <= 4 ? 1 : 2;
			xc_db_each_term(db, "", consider, &s, NULL);
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
	free(p.toks);
	query_scans_free(&p);
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
