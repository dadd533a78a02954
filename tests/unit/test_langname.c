/* Language names as users write them (lib/langname), and the language a
 * document detection cannot label takes from its folders (lib/langcontext). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libstemmer.h>

#include "analyze.h"
#include "langcontext.h"
#include "langname.h"

static void names_and_codes(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } cases[] = {
		{"spanish", "spanish"}, {"Spanish", "spanish"}, {"SPANISH", "spanish"},
		{"es", "spanish"},      {"ES", "spanish"},      {"spa", "spanish"},
		{"Esl", "spanish"},     {"de", "german"},       {"deu", "german"},
		{"ger", "german"},      {"en", "english"},      {"eng", "english"},
		{"nl", "dutch"},        {"dut", "dutch"},       {"nld", "dutch"},
		{"porter", "porter"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = rb_lang_canonical(cases[i].in);
		if (!got || strcmp(got, cases[i].out) != 0)
			fail_msg("%s: %s, expected %s", cases[i].in, got ? got : "NULL", cases[i].out);
	}
	assert_null(rb_lang_canonical("xx"));
	assert_null(rb_lang_canonical(""));
	assert_null(rb_lang_canonical("spanis"));
	assert_null(rb_lang_canonical(NULL));
}

/* Each accepted code is one libstemmer itself knows, for the same
 * algorithm's name. */
static void codes_are_libstemmers(void **state)
{
	(void)state;
	static const char *codes[] = {"es", "spa", "esl", "de", "ger", "deu", "fr", "fre",
				      "fra", "ru", "rus", "hy", "arm", "hye", "yi", "yid"};
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
		struct sb_stemmer *s = sb_stemmer_new(codes[i], "UTF_8");
		if (!s)
			fail_msg("libstemmer does not know %s", codes[i]);
		sb_stemmer_delete(s);
		assert_non_null(rb_lang_canonical(codes[i]));
	}
}

static void unknown_lists_the_valid(void **state)
{
	(void)state;
	static const char *const extra[] = {"auto", "none", NULL};
	const char *out = (const char *)1;
	char *err = NULL;
	assert_int_equal(rb_lang_resolve("Klingon", extra, &out, &err), RB_ERR_INVALID);
	assert_null(out);
	assert_non_null(err);
	assert_non_null(strstr(err, "unknown language 'Klingon'; use one of: arabic (ar, ara), "));
	assert_non_null(strstr(err, ", spanish (es, spa, esl), "));
	assert_non_null(strstr(err, ", porter, "));
	assert_non_null(strstr(err, ", yiddish (yi, yid), auto, none"));
	free(err);
	assert_int_equal(rb_lang_resolve("AUTO", extra, &out, NULL), RB_OK);
	assert_string_equal(out, "auto");
	assert_int_equal(rb_lang_resolve("Es", extra, &out, NULL), RB_OK);
	assert_string_equal(out, "spanish");
	assert_int_equal(rb_lang_resolve("auto", NULL, &out, NULL), RB_ERR_INVALID);
}

static void note(rb_langctx *c, const char *path, const char *lang)
{
	assert_int_equal(rb_langctx_note(c, path, lang, NULL), RB_OK);
}

static void context_of_folders(void **state)
{
	(void)state;
	rb_langctx *c;
	assert_int_equal(rb_langctx_new(&c, NULL), RB_OK);
	/* /r/es: 3 Spanish, 1 English (75%); /r/de/sub: 3 German;
	 * /r/de/few: 2 German (too few: /r/de's 5 German decide);
	 * /r/mix: 2 Spanish and 2 German (no clear one: /r's decides). */
	for (int i = 0; i < 3; i++) {
		char p[32];
		snprintf(p, sizeof p, "/r/es/%d.txt", i);
		note(c, p, "spanish");
		snprintf(p, sizeof p, "/r/de/sub/%d.txt", i);
		note(c, p, "german");
	}
	note(c, "/r/es/quote.txt", "english");
	note(c, "/r/de/few/1.txt", "german");
	note(c, "/r/de/few/2.txt", "german");
	note(c, "/r/mix/1", "spanish");
	note(c, "/r/mix/2", "spanish");
	note(c, "/r/mix/3", "german");
	note(c, "/r/mix/4", "german");
	note(c, "/r/x", "klingon");   /* not a stemming language: ignored */
	assert_string_equal(rb_langctx_choose(c, "/r/es/short.txt"), "spanish");
	assert_string_equal(rb_langctx_choose(c, "/r/de/sub/short.txt"), "german");
	assert_string_equal(rb_langctx_choose(c, "/r/de/few/short.txt"), "german");
	assert_string_equal(rb_langctx_choose(c, "/r/de/new/deeper/short.txt"), "german");
	/* /r: 5 Spanish, 7 German, 1 English: 54% German, under 60%. */
	assert_null(rb_langctx_choose(c, "/r/mix/short"));
	assert_null(rb_langctx_choose(c, "/elsewhere/short"));

	/* Saved and loaded: the same answers. */
	char *data;
	size_t len;
	assert_int_equal(rb_langctx_save(c, &data, &len, NULL), RB_OK);
	rb_langctx *d;
	assert_int_equal(rb_langctx_new(&d, NULL), RB_OK);
	assert_int_equal(rb_langctx_load(d, data, len, NULL), RB_OK);
	assert_string_equal(rb_langctx_choose(d, "/r/es/short.txt"), "spanish");
	assert_string_equal(rb_langctx_choose(d, "/r/de/few/short.txt"), "german");
	assert_null(rb_langctx_choose(d, "/r/mix/short"));
	rb_langctx_free(d);
	/* Cut anywhere, what loads is whole records. */
	for (size_t cut = 0; cut < len; cut++) {
		assert_int_equal(rb_langctx_new(&d, NULL), RB_OK);
		assert_int_equal(rb_langctx_load(d, data, cut, NULL), RB_OK);
		rb_langctx_free(d);
	}
	free(data);

	/* The user's rules come first, matched on the path's ends. */
	assert_int_equal(rb_langctx_state(c, "mix/*", "german", NULL), RB_OK);
	assert_int_equal(rb_langctx_state(c, "*.es", "spanish", NULL), RB_OK);
	assert_string_equal(rb_langctx_choose(c, "/r/mix/short"), "german");
	assert_string_equal(rb_langctx_choose(c, "/r/mix/deeper/short"), "german");
	assert_string_equal(rb_langctx_choose(c, "/r/de/sub/note.es"), "spanish");
	assert_string_equal(rb_langctx_choose(c, "/elsewhere/note.es"), "spanish");
	assert_null(rb_langctx_choose(c, "/r/mixed/short"));   /* not a folder "mix" */
	rb_langctx_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_and_codes),
		cmocka_unit_test(codes_are_libstemmers),
		cmocka_unit_test(unknown_lists_the_valid),
		cmocka_unit_test(context_of_folders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
