/* A pattern's required literal runs (search/query_literals.c), each
 * expected list worked out by hand from the reading query_literals.h
 * describes: runs of literal characters at the top level, ended by any
 * other item, an optional character dropped; none for top-level `|`, an
 * unmodelled escape or (?x). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <cmocka.h>

#include "../../search/query_literals.h"

static const struct {
	const char *re;
	const char *runs;   /* the runs joined by '|' */
} cases[] = {
	{ "panic", "panic" },
	{ "panic: 0x[0-9a-f]+", "panic: 0x" },
	{ "kernel panic\\.", "kernel panic." },
	{ "^version \\d+\\.\\d+", "version |." },
	{ "colou?r", "colo|r" },
	{ "hyperloops?", "hyperloop" },
	{ "ab*c", "a|c" },
	{ "ab+c", "ab|c" },
	{ "ab{0,3}c", "a|c" },
	{ "ab{2}c", "ab|c" },
	{ "a{x", "a{x" },
	{ "te(s|x)t", "te|t" },
	{ "(kernel|error) \\w+", " " },
	{ "kernel|error", "" },
	{ "[abc]def", "def" },
	{ "[]a]bc", "bc" },
	{ "\\bhoop\\b", "hoop" },
	{ "e\\d{4}", "e" },
	{ "\\x41bc", "" },
	{ "(?x) a b", "" },
	{ "(?i)abc", "abc" },
	{ "said.*0x", "said|0x" },
	{ "brûlées?", "brûlée" },
	{ "caf[eé]", "caf" },
	{ "\\d{4}", "" },
	{ "a+?b", "a|b" },
	{ "", "" },
};

static void test_cases(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		pattern_runs r;
		char got[256] = "";
		assert_true(pattern_literals(cases[i].re, strlen(cases[i].re), &r));
		for (size_t k = 0; k < r.n; k++)
			snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", k ? "|" : "",
				 r.v[k]);
		bool same = strcmp(got, cases[i].runs) == 0;
		if (!same)
			print_error("/%s/: got \"%s\", wanted \"%s\"\n", cases[i].re, got,
				    cases[i].runs);
		pattern_runs_free(&r);
		bad += !same;
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
