/* Fuzzes rb_passage_split (and rb_passage_title) with the analyzer's words.
 * Input: byte 0 picks the language, byte 1 max_words; the rest is text.
 * Invariants: passages inside the text, in order, not overlapping; every
 * word in exactly one passage, in order; 1 <= n_words <= max_words; each
 * passage holds its words; line is 1 + the newlines before start. */
#include "fuzz_common.h"
#include "passage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	rb_analyzer *a = fz_analyzer(data[0]);
	size_t max_words = 1 + data[1] % (RB_PASSAGE_MAX_WORDS + 20);
	size_t len = size - 2;
	char *text = malloc(len ? len : 1);
	CHECK(text != NULL);
	memcpy(text, data + 2, len);

	fz_words w = { 0 };
	uint32_t pos = 1;
	rb_analyze(a, text, len, &pos, fz_collect_word, &w);

	rb_passage *ps = NULL;
	size_t n = 0;
	char *err = NULL;
	rb_status rc = rb_passage_split(text, len, w.spans, w.n, max_words,
					&ps, &n, &err);
	CHECK(rc == RB_OK);
	CHECK(err == NULL);
	size_t next_word = 0, prev_end = 0, line = 1, line_at = 0;
	for (size_t i = 0; i < n; i++) {
		const rb_passage *p = &ps[i];
		CHECK(p->start < p->end);
		CHECK(p->end <= len);
		CHECK(i == 0 || p->start >= prev_end);
		CHECK(p->n_words >= 1);
		CHECK(p->n_words <= max_words);
		CHECK(p->first_word == next_word);
		CHECK(p->first_word + p->n_words <= w.n);
		CHECK(w.spans[p->first_word].start >= p->start);
		CHECK(w.spans[p->first_word + p->n_words - 1].end <= p->end);
		for (; line_at < p->start; line_at++)
			line += text[line_at] == '\n';
		CHECK(p->line == line);
		next_word += p->n_words;
		prev_end = p->end;
	}
	CHECK(next_word == w.n);
	free(ps);

	rb_span t = rb_passage_title(text, len);
	CHECK(t.start <= t.end);
	CHECK(t.end <= len);
	CHECK(t.end - t.start <= RB_TITLE_MAX_BYTES);
	CHECK(memchr(text + t.start, '\n', t.end - t.start) == NULL);

	free(w.spans);
	free(text);
	return 0;
}
