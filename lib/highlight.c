#include "highlight.h"
#include "grow.h"

#include <stdlib.h>
#include <string.h>

static size_t keep(rb_words *w, const char *s, size_t n)
{
	char *strings = rb_grow(w->strings, &w->strings_cap, w->used + n + 1, 1, 16);
	if (!strings)
		return SIZE_MAX;
	w->strings = strings;
	size_t at = w->used;
	memcpy(w->strings + at, s, n);
	w->strings[at + n] = '\0';
	w->used += n + 1;
	return at;
}

static int on_token(const rb_token *t, void *ctx)
{
	rb_words *w = ctx;
	rb_word *v = rb_grow(w->v, &w->cap, w->n + 1, sizeof *v, 16);
	if (!v)
		return 1;
	w->v = v;
	rb_word *x = &w->v[w->n];
	x->span = (rb_span){ t->start, t->end };
	x->pos = t->pos;
	x->term_off = keep(w, t->term, t->term_len);
	x->stem_off = keep(w, t->stem, t->stem_len);
	x->term_len = t->term_len;
	x->stem_len = t->stem_len;
	x->term_hash = rb_word_hash(t->term, t->term_len);
	x->stem_hash = rb_word_hash(t->stem, t->stem_len);
	if (x->term_off == SIZE_MAX || x->stem_off == SIZE_MAX)
		return 1;
	w->n++;
	return 0;
}

rb_status rb_words_collect(rb_analyzer *a, const char *text, size_t len,
			   rb_words *out, char **err)
{
	uint32_t pos = 1;
	memset(out, 0, sizeof *out);
	if (rb_analyze(a, text, len, &pos, on_token, out)) {
		rb_words_free(out);
		return rb_fail(err, RB_ERR_NO_MEMORY, "highlight: out of memory");
	}
	return RB_OK;
}

void rb_words_free(rb_words *w)
{
	free(w->v);
	free(w->strings);
	memset(w, 0, sizeof *w);
}

/* Whether the NUL-terminated s is bytes[0, len) (which hold no NUL):
 * strncmp stops at the first byte that differs, most often the first, where
 * a strlen of s would read all of it (a long query's every form against
 * every word of a thousand passages: 35% of its time in strlen). */
static bool spells(const char *s, const char *bytes, size_t len)
{
	return strncmp(s, bytes, len) == 0 && s[len] == '\0';
}

bool rb_word_is(const rb_words *w, size_t i, const char *term)
{
	const rb_word *x = &w->v[i];
	return spells(term, w->strings + x->term_off, x->term_len);
}

bool rb_word_stem_is(const rb_words *w, size_t i, const char *stem)
{
	const rb_word *x = &w->v[i];
	return spells(stem, w->strings + x->stem_off, x->stem_len);
}

bool rb_word_in(const rb_words *w, size_t i, const rb_word_set *s)
{
	const rb_word *x = &w->v[i];
	return rb_word_set_has(s, x->term_hash, w->strings + x->term_off, x->term_len);
}

bool rb_word_stem_in(const rb_words *w, size_t i, const rb_word_set *s)
{
	const rb_word *x = &w->v[i];
	return rb_word_set_has(s, x->stem_hash, w->strings + x->stem_off, x->stem_len);
}

bool rb_word_has_prefix(const rb_words *w, size_t i, const char *prefix)
{
	size_t n = strlen(prefix);
	return n <= w->v[i].term_len && memcmp(prefix, w->strings + w->v[i].term_off, n) == 0;
}

bool rb_words_phrase_at(const rb_words *w, size_t i, char *const *terms, size_t n)
{
	if (i + n > w->n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (w->v[i + k].pos != w->v[i].pos + k || !rb_word_is(w, i + k, terms[k]))
			return false;
	return true;
}

bool rb_words_near(const rb_words *w, char *const *terms, size_t n, uint32_t window)
{
	/* For each start word, is every term within `window` positions? */
	for (size_t i = 0; i < w->n; i++) {
		size_t found = 0;
		for (size_t k = 0; k < n; k++) {
			for (size_t j = i; j < w->n && w->v[j].pos < w->v[i].pos + window; j++)
				if (rb_word_is(w, j, terms[k])) {
					found++;
					break;
				}
		}
		if (found == n)
			return true;
	}
	return false;
}

bool rb_hl_query_index(rb_hl_query *q)
{
	if (!q->stem_set && q->n_stems && !(q->stem_set = rb_word_set_new(q->stems, q->n_stems)))
		return false;
	return q->exact_set || !q->n_exact ||
	       (q->exact_set = rb_word_set_new(q->exact, q->n_exact)) != NULL;
}

static bool lights_up(const rb_hl_query *q, const rb_words *w, size_t i)
{
	if (q->stem_set ? rb_word_stem_in(w, i, q->stem_set) : false)
		return true;
	for (size_t k = 0; !q->stem_set && k < q->n_stems; k++)
		if (rb_word_stem_is(w, i, q->stems[k]))
			return true;
	for (size_t k = 0; k < q->n_prefixes; k++)
		if (rb_word_has_prefix(w, i, q->prefixes[k]))
			return true;
	if (q->exact_set)
		return rb_word_in(w, i, q->exact_set);
	for (size_t k = 0; k < q->n_exact; k++)
		if (rb_word_is(w, i, q->exact[k]))
			return true;
	return false;
}

static int by_start(const void *a, const void *b)
{
	const rb_span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

rb_status rb_highlight(rb_analyzer *a, const rb_hl_query *q, const char *text,
		       size_t len, rb_span **out, size_t *n_out, char **err)
{
	rb_words w;
	rb_span *spans = NULL;
	size_t n = 0, cap = 0;
	rb_status rc = rb_words_collect(a, text, len, &w, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < w.n; i++) {
		/* The word itself, then the words of each phrase starting here. */
		for (size_t p = 0; p <= q->n_phrases; p++) {
			size_t run = p == q->n_phrases ? lights_up(q, &w, i)
				   : rb_words_phrase_at(&w, i, q->phrases[p].terms,
							q->phrases[p].n_terms)
					? q->phrases[p].n_terms : 0;
			for (size_t k = 0; k < run; k++) {
				rb_span *grown = rb_grow(spans, &cap, n + 1, sizeof *spans, 16);
				if (!grown) {
					free(spans);
					rb_words_free(&w);
					return rb_fail(err, RB_ERR_NO_MEMORY,
						       "highlight: out of memory");
				}
				spans = grown;
				spans[n++] = w.v[i + k].span;
			}
		}
	}
	rb_words_free(&w);
	if (n)
		qsort(spans, n, sizeof *spans, by_start);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (m == 0 || spans[i].start != spans[m - 1].start)
			spans[m++] = spans[i];
	*out = spans;
	*n_out = m;
	return RB_OK;
}
