/* The word counts behind the spelling table's frequencies (lib/wordcount):
 * each distinct word once with its occurrences, across the table's growth
 * and after a clear; and which words the table takes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wordcount.h"

typedef struct {
	char words[64][32];
	uint32_t counts[64];
	size_t n;
	uint64_t total;
} seen;

static int collect(const char *word, size_t len, uint32_t count, void *ctx)
{
	seen *s = ctx;
	s->total += count;
	if (s->n < 64 && len < 32) {
		memcpy(s->words[s->n], word, len);
		s->words[s->n][len] = '\0';
		s->counts[s->n++] = count;
	}
	return 0;
}

static uint32_t count_of(const seen *s, const char *word)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->words[i], word) == 0)
			return s->counts[i];
	return 0;
}

static void counts_each_word(void **state)
{
	(void)state;
	rb_wordcount *wc = rb_wordcount_new();
	assert_non_null(wc);
	const char *text[] = { "the", "cart", "the", "card", "the", "cart", "théâtre" };
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
		assert_int_equal(rb_wordcount_add(wc, text[i], strlen(text[i])), 0);
	/* a prefix of a word is another word */
	assert_int_equal(rb_wordcount_add(wc, "car", 3), 0);
	seen s = { 0 };
	assert_int_equal(rb_wordcount_each(wc, collect, &s), 0);
	assert_int_equal(rb_wordcount_size(wc), 5);
	assert_int_equal(s.n, 5);
	assert_int_equal(count_of(&s, "the"), 3);
	assert_int_equal(count_of(&s, "cart"), 2);
	assert_int_equal(count_of(&s, "card"), 1);
	assert_int_equal(count_of(&s, "car"), 1);
	assert_int_equal(count_of(&s, "théâtre"), 1);

	rb_wordcount_clear(wc);
	memset(&s, 0, sizeof s);
	assert_int_equal(rb_wordcount_each(wc, collect, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(rb_wordcount_add(wc, "cart", 4), 0);
	assert_int_equal(rb_wordcount_each(wc, collect, &s), 0);
	assert_int_equal(count_of(&s, "cart"), 1);
	rb_wordcount_free(wc);
}

/* Past the first table size (4,096 slots, half full): 20,000 words, word
 * i written i % 7 + 1 times, all counted. */
static void grows(void **state)
{
	(void)state;
	rb_wordcount *wc = rb_wordcount_new();
	uint64_t want = 0;
	char w[16];
	for (int pass = 0; pass < 7; pass++)
		for (int i = 0; i < 20000; i++) {
			if (i % 7 < pass)
				continue;
			int len = snprintf(w, sizeof w, "w%d", i);
			assert_int_equal(rb_wordcount_add(wc, w, (size_t)len), 0);
			want++;
		}
	seen s = { 0 };
	assert_int_equal(rb_wordcount_each(wc, collect, &s), 0);
	assert_int_equal(rb_wordcount_size(wc), 20000);
	assert_int_equal(s.total, want);
	rb_wordcount_free(wc);
}

static int stop_at_first(const char *word, size_t len, uint32_t count, void *ctx)
{
	(void)word, (void)len, (void)count;
	++*(int *)ctx;
	return 7;
}

static void each_stops(void **state)
{
	(void)state;
	rb_wordcount *wc = rb_wordcount_new();
	assert_int_equal(rb_wordcount_add(wc, "one", 3), 0);
	assert_int_equal(rb_wordcount_add(wc, "two", 3), 0);
	int calls = 0;
	assert_int_equal(rb_wordcount_each(wc, stop_at_first, &calls), 7);
	assert_int_equal(calls, 1);
	rb_wordcount_free(wc);
}

static void spelling_words(void **state)
{
	(void)state;
	static const struct { const char *w; bool yes; } cases[] = {
		{ "cart", true }, { "théâtre", true }, { "straße", true }, { "ab", true },
		{ "a", false }, { "", false }, { "r2d2", false }, { "1984", false },
		{ "o'clock", false }, { "user@example", false }, { "e.g", false },
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", true },    /* 40 */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false },  /* 41 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (rb_spelling_word(cases[i].w, strlen(cases[i].w)) != cases[i].yes)
			fail_msg("'%s': expected %s", cases[i].w, cases[i].yes ? "yes" : "no");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_each_word),
		cmocka_unit_test(grows),
		cmocka_unit_test(each_stops),
		cmocka_unit_test(spelling_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
