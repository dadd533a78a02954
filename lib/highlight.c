#include "highlight.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	rb_span span;
	uint32_t pos;
	size_t term_off, term_len;   /* into `terms` */
} hl_word;

typedef struct {
	const rb_hl_query *q;
	bool want_spans;
	rb_span *spans;      /* matched words */
	size_t n, cap;
	hl_word *words;      /* every word, for phrase runs */
	size_t n_words, words_cap;
	char *terms;
	size_t terms_used, terms_cap;
	int oom;
} hl_state;

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t c = *cap ? *cap : 16;
	while (c < need)
		c *= 2;
	void *q = realloc(*p, c * size);
	if (!q)
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

static int add_span(hl_state *s, rb_span span)
{
	if (grow((void **)&s->spans, &s->cap, s->n + 1, sizeof *s->spans))
		return s->oom = 1;
	s->spans[s->n++] = span;
	return 0;
}

static bool eq(const char *a, const char *b, size_t b_len)
{
	return strlen(a) == b_len && memcmp(a, b, b_len) == 0;
}

static int on_token(const rb_token *t, void *ctx)
{
	hl_state *s = ctx;
	rb_span span = { t->start, t->end };
	for (size_t i = 0; s->want_spans && i < s->q->n_stems; i++)
		if (eq(s->q->stems[i], t->stem, t->stem_len)) {
			if (add_span(s, span))
				return 1;
			break;
		}
	if (s->q->n_phrases == 0)
		return 0;
	if (grow((void **)&s->words, &s->words_cap, s->n_words + 1, sizeof *s->words) ||
	    grow((void **)&s->terms, &s->terms_cap, s->terms_used + t->term_len, 1))
		return s->oom = 1;
	memcpy(s->terms + s->terms_used, t->term, t->term_len);
	s->words[s->n_words++] = (hl_word){ span, t->pos, s->terms_used, t->term_len };
	s->terms_used += t->term_len;
	return 0;
}

/* Whether the words from i on spell the phrase at consecutive positions. */
static bool phrase_at(const hl_state *s, const rb_hl_phrase *ph, size_t i)
{
	if (i + ph->n_terms > s->n_words)
		return false;
	for (size_t k = 0; k < ph->n_terms; k++) {
		const hl_word *w = &s->words[i + k];
		if (w->pos != s->words[i].pos + k ||
		    !eq(ph->terms[k], s->terms + w->term_off, w->term_len))
			return false;
	}
	return true;
}

static void scan(rb_analyzer *a, hl_state *s, const char *text, size_t len)
{
	uint32_t pos = 1;
	rb_analyze(a, text, len, &pos, on_token, s);
}

static void release(hl_state *s)
{
	free(s->words);
	free(s->terms);
	free(s->spans);
}

static int by_start(const void *a, const void *b)
{
	const rb_span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

rb_status rb_highlight(rb_analyzer *a, const rb_hl_query *q, const char *text,
		       size_t len, rb_span **out, size_t *n_out, char **err)
{
	hl_state s = { .q = q, .want_spans = true };
	scan(a, &s, text, len);
	for (size_t p = 0; p < q->n_phrases && !s.oom; p++)
		for (size_t i = 0; i < s.n_words && !s.oom; i++)
			for (size_t k = 0; phrase_at(&s, &q->phrases[p], i) &&
					   k < q->phrases[p].n_terms; k++)
				add_span(&s, s.words[i + k].span);
	if (s.oom) {
		release(&s);
		return rb_fail(err, RB_ERR_NO_MEMORY, "highlight: out of memory");
	}
	if (s.n)
		qsort(s.spans, s.n, sizeof *s.spans, by_start);
	size_t n = 0;
	for (size_t i = 0; i < s.n; i++)
		if (n == 0 || s.spans[i].start != s.spans[n - 1].start)
			s.spans[n++] = s.spans[i];
	*out = s.spans;
	*n_out = n;
	s.spans = NULL;
	release(&s);
	return RB_OK;
}

int rb_highlight_has_phrases(rb_analyzer *a, const rb_hl_query *q,
			     const char *text, size_t len)
{
	hl_state s = { .q = q };
	scan(a, &s, text, len);
	int found = s.oom ? -1 : 1;
	for (size_t p = 0; p < q->n_phrases && found == 1; p++) {
		found = 0;
		for (size_t i = 0; i < s.n_words && !found; i++)
			found = phrase_at(&s, &q->phrases[p], i);
	}
	release(&s);
	return found;
}
