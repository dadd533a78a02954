/* Fuzzes rb_highlight and the rb_words checks: query words, prefixes and
 * phrases from the input against a text from the input.
 * Input: byte 0 picks the language, bytes 1 and 2 pick a phrase taken from
 * the text itself; then the query up to the first NUL byte ('|' separates
 * parts: one word is a stem, or a prefix when the part ends with '*', or
 * an exact term when it starts with '='; a part starting with '"' or of
 * several words is a phrase), then the text.
 * Invariants: spans inside the text, each a word of the analyzer, sorted,
 * without duplicates or overlaps; rb_words_collect gives the analyzer's
 * words; a phrase of the text's own consecutive words is found at its
 * place (rb_words_phrase_at) and near itself (rb_words_near). */
#include "fuzz_common.h"
#include "highlight.h"

typedef struct {
	char **terms, **stems;
	size_t n, cap;
	rb_span *spans;
	uint32_t *pos;
} words;

static int on_word(const rb_token *t, void *ctx)
{
	words *w = ctx;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 16;
		w->terms = realloc(w->terms, cap * sizeof *w->terms);
		w->stems = realloc(w->stems, cap * sizeof *w->stems);
		w->spans = realloc(w->spans, cap * sizeof *w->spans);
		w->pos = realloc(w->pos, cap * sizeof *w->pos);
		CHECK(w->terms && w->stems && w->spans && w->pos);
		w->cap = cap;
	}
	w->terms[w->n] = strndup(t->term, t->term_len);
	w->stems[w->n] = strndup(t->stem, t->stem_len);
	CHECK(w->terms[w->n] && w->stems[w->n]);
	w->pos[w->n] = t->pos;
	w->spans[w->n++] = (rb_span){ t->start, t->end };
	return 0;
}

static void free_words(words *w)
{
	for (size_t i = 0; i < w->n; i++) {
		free(w->terms[i]);
		free(w->stems[i]);
	}
	free(w->terms);
	free(w->stems);
	free(w->spans);
	free(w->pos);
	memset(w, 0, sizeof *w);
}

static void free_query(rb_hl_query *q)
{
	for (size_t i = 0; i < q->n_stems; i++)
		free(q->stems[i]);
	free(q->stems);
	for (size_t i = 0; i < q->n_prefixes; i++)
		free(q->prefixes[i]);
	free(q->prefixes);
	for (size_t i = 0; i < q->n_exact; i++)
		free(q->exact[i]);
	free(q->exact);
	for (size_t i = 0; i < q->n_phrases; i++) {
		for (size_t k = 0; k < q->phrases[i].n_terms; k++)
			free(q->phrases[i].terms[k]);
		free(q->phrases[i].terms);
	}
	free(q->phrases);
	memset(q, 0, sizeof *q);
}

static void add_phrase(rb_hl_query *q, char *const *terms, size_t n)
{
	rb_hl_phrase *ph = realloc(q->phrases, (q->n_phrases + 1) * sizeof *ph);
	CHECK(ph != NULL);
	q->phrases = ph;
	ph = &q->phrases[q->n_phrases++];
	ph->n_terms = n;
	ph->terms = malloc(n * sizeof *ph->terms);
	CHECK(ph->terms != NULL);
	for (size_t i = 0; i < n; i++)
		CHECK((ph->terms[i] = strdup(terms[i])) != NULL);
}

static void add_string(char ***v, size_t *n, const char *str)
{
	char **s = realloc(*v, (*n + 1) * sizeof *s);
	CHECK(s != NULL);
	*v = s;
	CHECK((s[(*n)++] = strdup(str)) != NULL);
}

static void check_spans(rb_analyzer *a, const rb_hl_query *q,
			const char *text, size_t len, const words *tw)
{
	rb_span *spans = NULL;
	size_t n = 0;
	char *err = NULL;
	CHECK(rb_highlight(a, q, text, len, &spans, &n, &err) == RB_OK);
	CHECK(err == NULL);
	CHECK(n == 0 || spans != NULL);
	size_t k = 0;  /* index into the text's words */
	for (size_t i = 0; i < n; i++) {
		CHECK(spans[i].start < spans[i].end);
		CHECK(spans[i].end <= len);
		if (i > 0)
			CHECK(spans[i].start >= spans[i - 1].end);
		/* each span is one of the analyzer's words */
		while (k < tw->n && tw->spans[k].start < spans[i].start)
			k++;
		CHECK(k < tw->n);
		CHECK(tw->spans[k].start == spans[i].start);
		CHECK(tw->spans[k].end == spans[i].end);
	}
	free(spans);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	rb_analyzer *a = fz_analyzer(data[0]);
	unsigned self_from = data[1], self_len = 1 + data[2] % 6;
	const char *in = (const char *)data + 3;
	size_t in_len = size - 3;
	const char *nul = memchr(in, '\0', in_len);
	size_t qlen = nul ? (size_t)(nul - in) : in_len / 2;
	size_t len = in_len - qlen - (nul ? 1 : 0);
	char *text = malloc(len ? len : 1);
	CHECK(text != NULL);
	memcpy(text, in + qlen + (nul ? 1 : 0), len);

	/* the query: parts separated by '|' */
	rb_hl_query q = { 0 };
	for (size_t i = 0; i <= qlen;) {
		const char *bar = memchr(in + i, '|', qlen - i);
		size_t end = bar ? (size_t)(bar - in) : qlen;
		words w = { 0 };
		uint32_t pos = 1;
		rb_analyze(a, in + i, end - i, &pos, on_word, &w);
		if (w.n == 1 && in[i] == '=')
			add_string(&q.exact, &q.n_exact, w.terms[0]);
		else if (w.n == 1 && in[end - 1] == '*')
			add_string(&q.prefixes, &q.n_prefixes, w.terms[0]);
		else if (w.n == 1 && in[i] != '"')
			add_string(&q.stems, &q.n_stems, w.stems[0]);
		else if (w.n > 0)
			add_phrase(&q, w.terms, w.n);
		free_words(&w);
		i = end + 1;
	}

	words tw = { 0 };
	uint32_t pos = 1;
	rb_analyze(a, text, len, &pos, on_word, &tw);

	check_spans(a, &q, text, len, &tw);
	free_query(&q);

	/* rb_words_collect sees what the analyzer gives */
	rb_words rw;
	char *err = NULL;
	CHECK(rb_words_collect(a, text, len, &rw, &err) == RB_OK);
	CHECK(err == NULL);
	CHECK(rw.n == tw.n);
	for (size_t i = 0; i < rw.n; i++) {
		CHECK(rw.v[i].span.start == tw.spans[i].start);
		CHECK(rw.v[i].span.end == tw.spans[i].end);
		CHECK(rw.v[i].pos == tw.pos[i]);
		CHECK(rb_word_is(&rw, i, tw.terms[i]));
		CHECK(rb_word_stem_is(&rw, i, tw.stems[i]));
		CHECK(rb_word_has_prefix(&rw, i, ""));
	}

	/* a phrase of the text's own consecutive words: found where it was
	 * taken (when its positions are consecutive: a too-long word dropped
	 * between two keeps its position), and near itself */
	if (tw.n > 0) {
		size_t from = self_from % tw.n, n = self_len;
		if (from + n > tw.n)
			n = tw.n - from;
		int run = 1;
		for (size_t i = from + 1; i < from + n; i++)
			run = run && tw.pos[i] == tw.pos[i - 1] + 1;
		CHECK(rb_words_phrase_at(&rw, from, tw.terms + from, n) == run);
		CHECK(!rb_words_phrase_at(&rw, tw.n - n + 1, tw.terms + from, n));
		if (run)
			CHECK(rb_words_near(&rw, tw.terms + from, n, (uint32_t)n));
		rb_hl_query sq = { 0 };
		add_phrase(&sq, tw.terms + from, n);
		check_spans(a, &sq, text, len, &tw);
		free_query(&sq);
	}
	rb_words_free(&rw);
	free_words(&tw);
	free(text);
	return 0;
}
