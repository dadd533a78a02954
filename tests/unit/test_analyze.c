/* The analyzer, table-driven: input text -> the terms (and stems) a user's
 * query and the index will both see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analyze.h"

typedef struct {
	char out[4096];
	size_t len;
	int use_stem;
	uint32_t last_pos;
	int positions_ok;
} collect;

static int add_term(const rb_token *t, void *ctx)
{
	collect *c = ctx;
	if (c->last_pos && t->pos != c->last_pos + 1)
		c->positions_ok = 0;
	c->last_pos = t->pos;
	c->len += (size_t)snprintf(c->out + c->len, sizeof c->out - c->len, "%s%.*s",
				   c->len ? " " : "",
				   (int)(c->use_stem ? t->stem_len : t->term_len),
				   c->use_stem ? t->stem : t->term);
	return 0;
}

static void terms_of(const char *lang, const char *text, size_t len, int stems,
		     collect *c)
{
	rb_analyzer *a;
	uint32_t pos = 1;
	assert_int_equal(rb_analyzer_new(lang, &a, NULL), RB_OK);
	memset(c, 0, sizeof *c);
	c->use_stem = stems;
	c->positions_ok = 1;
	rb_analyze(a, text, len, &pos, add_term, c);
	rb_analyzer_free(a);
}

/* input -> folded, unstemmed terms */
static const struct { const char *in, *want; } term_cases[] = {
	{ "", "" },
	{ "   \n\t ", "" },
	{ "Hello, World!", "hello world" },
	{ "Élysée ELYSEE elysee Elysée", "elysee elysee elysee elysee" },
	/* decomposed: E + combining acute */
	{ "E\xCC\x81lyse\xCC\x81" "e", "elysee" },
	{ "Straße STRASSE", "strasse strasse" },
	{ "Cassez’s Cassez's", "cassez's cassez's" },
	{ "'quoted' ‘curly’ rock 'n' roll", "quoted curly rock n roll" },
	{ "didn't o’clock", "didn't o'clock" },
	{ "11-year-old", "11 year old" },
	{ "then-president", "then president" },
	{ "2005 3.14 1,000", "2005 3 14 1 000" },
	{ "ﬁne Ｆｕｌｌ", "fine full" },  /* NFKC: ligature, full-width */
	{ "naïve café São Paulo", "naive cafe sao paulo" },
	{ "Ωμέγα ПРИВЕТ", "ωμεγα привет" },
	{ "東京タワー", "東 京 タ ワ ー" },
	{ "日本語text", "日 本 語 text" },
	{ "a_b a.b a/b", "a b a b a b" },
	/* invalid UTF-8 separates words and never crashes */
	{ "ab\xFF" "cd", "ab cd" },
	{ "\xC3", "" },
	{ "x\xE2\x82", "x" },
	{ "\xF0\x9F\x98\x80 smile", "smile" },  /* emoji is not a word */
	{ "\xC0\xAF overlong \xED\xA0\x80 surrogate", "overlong surrogate" },
	/* a word of combining marks only folds to nothing */
	{ "\xCC\x81 x \xCC\x81\xCC\x82", "x" },
};

static void test_terms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof term_cases / sizeof *term_cases; i++) {
		collect c;
		terms_of("none", term_cases[i].in, strlen(term_cases[i].in), 0, &c);
		if (strcmp(c.out, term_cases[i].want) != 0)
			fail_msg("case %zu \"%s\": got \"%s\", want \"%s\"", i,
				 term_cases[i].in, c.out, term_cases[i].want);
		assert_true(c.positions_ok);
	}
}

/* lang, input -> stems */
static const struct { const char *lang, *in, *want; } stem_cases[] = {
	{ NULL, "kidnap kidnapping kidnappings", "kidnap kidnap kidnap" },
	{ "english", "Cassez’s voice", "cassez voic" },
	{ "english", "arrested arrest", "arrest arrest" },
	{ "none", "kidnapping", "kidnapping" },
	{ "french", "continuellement", "continuel" },
	{ "spanish", "corazones corazón", "corazon corazon" },
	{ "german", "Häuser", "haus" },
	/* a stem that would be empty keeps the word */
	{ "greek", "ισϵ", "ισε" },
};

static void test_stems(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof stem_cases / sizeof *stem_cases; i++) {
		collect c;
		terms_of(stem_cases[i].lang, stem_cases[i].in, strlen(stem_cases[i].in), 1, &c);
		if (strcmp(c.out, stem_cases[i].want) != 0)
			fail_msg("case %zu \"%s\": got \"%s\", want \"%s\"", i,
				 stem_cases[i].in, c.out, stem_cases[i].want);
	}
}

typedef struct {
	size_t starts[16], ends[16], n;
} spans;

static int add_span(const rb_token *t, void *ctx)
{
	spans *s = ctx;
	s->starts[s->n] = t->start;
	s->ends[s->n++] = t->end;
	return 0;
}

static void test_byte_ranges(void **state)
{
	(void)state;
	const char *text = "« Élysée »  Cassez’s 11-year";
	rb_analyzer *a;
	spans s = { 0 };
	uint32_t pos = 7;
	assert_int_equal(rb_analyzer_new(NULL, &a, NULL), RB_OK);
	rb_analyze(a, text, strlen(text), &pos, add_span, &s);
	rb_analyzer_free(a);
	const char *words[] = { "Élysée", "Cassez’s", "11", "year" };
	assert_int_equal(s.n, 4);
	for (size_t i = 0; i < 4; i++) {
		const char *at = strstr(text, words[i]);
		assert_int_equal(s.starts[i], (size_t)(at - text));
		assert_int_equal(s.ends[i], (size_t)(at - text) + strlen(words[i]));
	}
	assert_int_equal(pos, 11);  /* 7 + four words */
}

static void test_overlong_term_dropped(void **state)
{
	(void)state;
	char text[600];
	memset(text, 'a', 300);
	strcpy(text + 300, " next");
	collect c;
	terms_of("none", text, strlen(text), 0, &c);
	assert_string_equal(c.out, "next");
	assert_int_equal(c.last_pos, 2);  /* the dropped word kept its place */
}

static int stop_at_second(const rb_token *t, void *ctx)
{
	(void)t;
	return ++*(int *)ctx == 2 ? 42 : 0;
}

static void test_stop_early(void **state)
{
	(void)state;
	rb_analyzer *a;
	uint32_t pos = 1;
	assert_int_equal(rb_analyzer_new(NULL, &a, NULL), RB_OK);
	int seen = 0;
	assert_int_equal(rb_analyze(a, "one two three", 13, &pos,
				    stop_at_second, &seen), 42);
	assert_int_equal(seen, 2);
	rb_analyzer_free(a);
}

static void test_languages(void **state)
{
	(void)state;
	rb_analyzer *a;
	char *err = NULL;
	assert_int_equal(rb_analyzer_new("klingon", &a, &err), RB_ERR_INVALID);
	assert_non_null(strstr(err, "klingon"));
	free(err);
	size_t n = 0;
	for (const char **l = rb_analyzer_languages(); *l; l++, n++) {
		assert_int_equal(rb_analyzer_new(*l, &a, NULL), RB_OK);
		assert_string_equal(rb_analyzer_lang(a), *l);
		rb_analyzer_free(a);
	}
	assert_true(n >= 15);
	assert_int_equal(rb_analyzer_new("en", &a, NULL), RB_OK);  /* a code */
	assert_string_equal(rb_analyzer_lang(a), "en");
	rb_analyzer_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_stems),
		cmocka_unit_test(test_byte_ranges),
		cmocka_unit_test(test_overlong_term_dropped),
		cmocka_unit_test(test_stop_early),
		cmocka_unit_test(test_languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
