/* Highlighting and passage records: what a hit shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyze.h"
#include "highlight.h"
#include "record.h"

/* The highlighted substrings of text, joined by '|'. */
static void highlighted(rb_hl_query *q, const char *text, char *out, size_t cap)
{
	rb_analyzer *a;
	rb_span *s;
	size_t n, len = 0;
	assert_int_equal(rb_analyzer_new(NULL, &a, NULL), RB_OK);
	assert_int_equal(rb_highlight(a, q, text, strlen(text), &s, &n, NULL), RB_OK);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(out + len, cap - len, "%s%.*s", i ? "|" : "",
					(int)(s[i].end - s[i].start), text + s[i].start);
	free(s);
	rb_analyzer_free(a);
}

static void test_stems_and_phrases(void **state)
{
	(void)state;
	char *stems[] = { "kidnap", "elyse" };
	char *p1[] = { "supreme", "court" };
	char *p2[] = { "the", "the" };
	rb_hl_phrase phrases[] = { { p1, 2 }, { p2, 2 } };
	char *prefixes[] = { "habea" };
	char *exact[] = { "corpus" };
	rb_hl_query q = { .stems = stems, .n_stems = 2, .phrases = phrases, .n_phrases = 2,
			  .prefixes = prefixes, .n_prefixes = 1, .exact = exact, .n_exact = 1 };
	char out[512];
	highlighted(&q, "Kidnappings at the Élysée, kidnap!", out, sizeof out);
	assert_string_equal(out, "Kidnappings|Élysée|kidnap");
	/* A phrase lights up only where its words stand together. */
	highlighted(&q, "court supreme, the Supreme Court; supreme x court", out, sizeof out);
	assert_string_equal(out, "Supreme|Court");
	/* Overlapping runs of a repeated word. */
	highlighted(&q, "the the the", out, sizeof out);
	assert_string_equal(out, "the|the|the");
	highlighted(&q, "nothing here", out, sizeof out);
	assert_string_equal(out, "");
	/* Prefixes match the start of a word; exact words only themselves. */
	highlighted(&q, "Habeas corpus, not corpora; habeascorpus", out, sizeof out);
	assert_string_equal(out, "Habeas|corpus|habeascorpus");

	/* The same words light up when looked up in sets. */
	assert_true(rb_hl_query_index(&q));
	assert_non_null(q.stem_set);
	assert_non_null(q.exact_set);
	highlighted(&q, "Kidnappings at the Élysée, kidnap!", out, sizeof out);
	assert_string_equal(out, "Kidnappings|Élysée|kidnap");
	highlighted(&q, "Habeas corpus, not corpora; habeascorpus", out, sizeof out);
	assert_string_equal(out, "Habeas|corpus|habeascorpus");
	rb_word_set_free(q.stem_set);
	rb_word_set_free(q.exact_set);
}

/* Every word put in a set is found, by its bytes, and nothing else: not
 * a prefix, not a longer word, not a word of the same hash slot. */
static void test_word_set(void **state)
{
	(void)state;
	enum { N = 1000 };
	static char buf[N][16];
	char *words[N + 1];
	for (size_t i = 0; i < N; i++) {
		snprintf(buf[i], sizeof buf[i], "w%zu", i);
		words[i] = buf[i];
	}
	words[N] = buf[7];  /* a word given twice is one word */
	rb_word_set *s = rb_word_set_new(words, N + 1);
	assert_non_null(s);
	for (size_t i = 0; i < N; i++)
		assert_true(rb_word_set_has(s, rb_word_hash(buf[i], strlen(buf[i])), buf[i],
					    strlen(buf[i])));
	const char *absent[] = { "w", "w1000", "w12x", "x7", "" };
	for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
		assert_false(rb_word_set_has(s, rb_word_hash(absent[i], strlen(absent[i])),
					     absent[i], strlen(absent[i])));
	/* each word's index in the words given; a word given twice, its first */
	assert_int_equal(rb_word_set_find(s, rb_word_hash("w42", 3), "w42", 3), 42);
	assert_int_equal(rb_word_set_find(s, rb_word_hash("w7", 2), "w7", 2), 7);
	assert_int_equal(rb_word_set_find(s, rb_word_hash("x7", 2), "x7", 2), SIZE_MAX);
	/* "w12" by its first 2 bytes is "w1", which is in the set */
	assert_true(rb_word_set_has(s, rb_word_hash("w12", 2), "w12", 2));
	rb_word_set_free(s);

	rb_word_set *empty = rb_word_set_new(NULL, 0);
	assert_non_null(empty);
	assert_false(rb_word_set_has(empty, rb_word_hash("a", 1), "a", 1));
	rb_word_set_free(empty);
	rb_word_set_free(NULL);
}

static void test_record_round_trip(void **state)
{
	(void)state;
	rb_record r = { .path = "/a/b.txt", .path_len = 8, .title = "T\xFFitle",
			.title_len = 6, .text = "x\0y", .text_len = 3, .passage = 300,
			.line = 70000, .start = 1ull << 40, .end = (1ull << 40) + 3,
			.part = 12, .part_name = "page", .part_name_len = 4 }, d;
	char *buf;
	size_t len;
	assert_int_equal(rb_record_encode(&r, &buf, &len, NULL), RB_OK);
	assert_int_equal(rb_record_decode(buf, len, &d, NULL), RB_OK);
	assert_int_equal(d.passage, 300);
	assert_int_equal(d.line, 70000);
	assert_true(d.start == r.start && d.end == r.end);
	assert_int_equal(d.text_len, 3);
	assert_memory_equal(d.text, "x\0y", 3);
	assert_int_equal(d.title_len, 6);
	assert_memory_equal(d.path, "/a/b.txt", 8);
	assert_true(d.date == 0);
	/* Dates on both sides of 1970 and at the ends of the range. */
	const int64_t dates[] = { 1030016178, -1, -86400 * 365, INT64_MAX, INT64_MIN };
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
		char *b2;
		size_t l2;
		r.date = dates[i];
		assert_int_equal(rb_record_encode(&r, &b2, &l2, NULL), RB_OK);
		assert_int_equal(rb_record_decode(b2, l2, &d, NULL), RB_OK);
		assert_true(d.date == dates[i]);
		free(b2);
	}
	assert_int_equal(d.part, 12);
	assert_int_equal(d.part_name_len, 4);
	assert_memory_equal(d.part_name, "page", 4);
	/* Any truncation is reported as damage, never read past the end. */
	for (size_t cut = 0; cut < len; cut++) {
		char *err = NULL;
		char *copy = malloc(cut ? cut : 1);
		memcpy(copy, buf, cut);
		assert_int_equal(rb_record_decode(copy, cut, &d, &err), RB_ERR_INDEX);
		free(err);
		free(copy);
	}
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stems_and_phrases),
		cmocka_unit_test(test_word_set),
		cmocka_unit_test(test_record_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
