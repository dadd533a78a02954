/* The passage splitter: paragraphs, long-paragraph windows, line numbers
 * and byte ranges, checked against the source text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyze.h"
#include "passage.h"

typedef struct {
	rb_span *w;
	size_t n, cap;
} words;

static int add_word(const rb_token *t, void *ctx)
{
	words *ws = ctx;
	if (ws->n == ws->cap) {
		ws->cap = ws->cap ? ws->cap * 2 : 64;
		ws->w = realloc(ws->w, ws->cap * sizeof *ws->w);
	}
	ws->w[ws->n++] = (rb_span){ t->start, t->end };
	return 0;
}

static rb_passage *split(const char *text, size_t max, size_t *n, words *ws)
{
	rb_analyzer *a;
	uint32_t pos = 1;
	rb_passage *ps = NULL;
	memset(ws, 0, sizeof *ws);
	assert_int_equal(rb_analyzer_new(NULL, &a, NULL), RB_OK);
	rb_analyze(a, text, strlen(text), &pos, add_word, ws);
	rb_analyzer_free(a);
	assert_int_equal(rb_passage_split(text, strlen(text), ws->w, ws->n, max,
					  &ps, n, NULL), RB_OK);
	return ps;
}

static void assert_passage(const char *text, const rb_passage *p,
			   const char *want_text, uint32_t want_line)
{
	size_t len = p->end - p->start;
	if (len != strlen(want_text) || memcmp(text + p->start, want_text, len))
		fail_msg("passage is \"%.*s\", want \"%s\"", (int)len, text + p->start,
			 want_text);
	assert_int_equal(p->line, want_line);
}

static void test_paragraphs(void **state)
{
	(void)state;
	const char *text = "Title line\n\n  First para\ncontinues here.  \n"
			   "\n\n\t\nSecond — para\r\n\r\n---\n\nLast, no newline";
	size_t n;
	words ws;
	rb_passage *ps = split(text, 0, &n, &ws);
	assert_int_equal(n, 4);  /* "---" has no words: not a passage */
	assert_passage(text, &ps[0], "Title line", 1);
	assert_passage(text, &ps[1], "First para\ncontinues here.", 3);
	assert_passage(text, &ps[2], "Second — para", 8);
	assert_passage(text, &ps[3], "Last, no newline", 12);
	assert_int_equal(ps[1].first_word, 2);
	assert_int_equal(ps[1].n_words, 4);
	free(ps);
	free(ws.w);
}

static void test_long_paragraph_splits_at_sentences(void **state)
{
	(void)state;
	/* Sentences of 3, 4 and 3 words with a window of 5: the first window
	 * cannot take the second sentence, the second takes it whole. */
	const char *text = "One two three. Four five six seven! Eight nine ten.";
	size_t n;
	words ws;
	rb_passage *ps = split(text, 5, &n, &ws);
	assert_int_equal(n, 3);
	assert_passage(text, &ps[0], "One two three.", 1);
	assert_passage(text, &ps[1], "Four five six seven!", 1);
	assert_passage(text, &ps[2], "Eight nine ten.", 1);
	free(ps);
	free(ws.w);

	/* Two sentences fit one window of 8; the remainder makes another. */
	ps = split(text, 8, &n, &ws);
	assert_int_equal(n, 2);
	assert_passage(text, &ps[0], "One two three. Four five six seven!", 1);
	assert_passage(text, &ps[1], "Eight nine ten.", 1);
	free(ps);
	free(ws.w);
}

static void test_long_sentence_cut_between_words(void **state)
{
	(void)state;
	const char *text = "a b c d e f g";
	size_t n;
	words ws;
	rb_passage *ps = split(text, 3, &n, &ws);
	assert_int_equal(n, 3);
	assert_passage(text, &ps[0], "a b c", 1);
	assert_passage(text, &ps[1], "d e f", 1);
	assert_passage(text, &ps[2], "g", 1);
	free(ps);
	free(ws.w);
}

/* Every passage's range is real text and they cover every word in order. */
static void test_article_like_windows(void **state)
{
	(void)state;
	char text[20000] = "";
	size_t len = 0;
	for (int i = 0; i < 60; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
					"Sentence number %d has “six” words.%s", i,
					i % 20 == 19 ? "\n\n" : "\n");
	size_t n;
	words ws;
	rb_passage *ps = split(text, 0, &n, &ws);
	/* Three paragraphs of 20 sentences x 6 words = 120 words each:
	 * each splits into 96 + 24 at sentence ends. */
	assert_int_equal(n, 6);
	size_t next_word = 0;
	uint32_t line = 1;
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(ps[i].first_word, next_word);
		assert_true(ps[i].n_words <= RB_PASSAGE_MAX_WORDS);
		next_word += ps[i].n_words;
		assert_memory_equal(text + ps[i].start, "Sentence", 8);
		assert_int_equal(text[ps[i].end - 1], '.');
		uint32_t want = 1;
		for (size_t k = 0; k < ps[i].start; k++)
			want += text[k] == '\n';
		assert_int_equal(ps[i].line, want);
		assert_true(ps[i].line >= line);
		line = ps[i].line;
	}
	assert_int_equal(next_word, ws.n);
	free(ps);
	free(ws.w);
}

static void test_title(void **state)
{
	(void)state;
	const char *text = "\n\n   The Title  \nbody";
	rb_span t = rb_passage_title(text, strlen(text));
	assert_int_equal(t.end - t.start, 9);
	assert_memory_equal(text + t.start, "The Title", 9);
	t = rb_passage_title("", 0);
	assert_int_equal(t.end, t.start);
	char long_title[1000];
	memset(long_title, 'x', sizeof long_title);
	memcpy(long_title + RB_TITLE_MAX_BYTES - 1, "é", 2);  /* straddles the cut */
	t = rb_passage_title(long_title, sizeof long_title);
	assert_int_equal(t.end - t.start, RB_TITLE_MAX_BYTES - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paragraphs),
		cmocka_unit_test(test_long_paragraph_splits_at_sentences),
		cmocka_unit_test(test_long_sentence_cut_between_words),
		cmocka_unit_test(test_article_like_windows),
		cmocka_unit_test(test_title),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
