/* --max-chars (search/cut.c): the window of a passage shown around its
 * matched words.  Each expected window is worked out by hand from the
 * rules in cut.h: the run of highlights with the most distinct words,
 * widened evenly to max_chars characters, trimmed to whole words where
 * that keeps the highlights, "…" (3 bytes) at each cut end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../search/cut.h"

/* A case: the text, its highlights (byte ranges) and the word of each,
 * the window's size; what cut_text gives: 1 (cut) or 0 (it fits), the
 * window and its highlights as "START-END ..." bytes into it. */
typedef struct {
	const char *what, *text;
	rb_span hl[5];
	unsigned ids[5];
	size_t n_hl, max_chars;
	int cut;
	const char *window, *spans;
} cut_case;

static const cut_case cases[] = {
	{ "10 characters in a window of 10: nothing to cut",
	  "short text", { { 0, 5 } }, { 0 }, 1, 10, 0, "", "" },
	{ "dddd, characters 15-18 of 34: 10 of slack, 5 each side, give 10-23,"
	  " whole words",
	  "aaaa bbbb cccc dddd eeee ffff gggg", { { 15, 19 } }, { 0 }, 1, 14,
	  1, "…cccc dddd eeee…", "8-12" },
	{ "in 10, 3 each side would cut cccc and eeee: whole words are kept, the"
	  " spaces at the ends go",
	  "aaaa bbbb cccc dddd eeee ffff gggg", { { 15, 19 } }, { 0 }, 1, 10,
	  1, "…dddd…", "3-7" },
	{ "three cats fit in 11 characters, but \"cat dog\" is two words",
	  "cat cat cat zzzz zzzz zzzz zzzz cat dog zzzz",
	  { { 0, 3 }, { 4, 7 }, { 8, 11 }, { 32, 35 }, { 36, 39 } }, { 0, 0, 0, 0, 4 }, 5, 11,
	  1, "…cat dog…", "3-6 7-10" },
	{ "the same highlights, each its own word: the first run of three"
	  " (characters 0-10), from the start, so no \"…\" there",
	  "cat cat cat zzzz zzzz zzzz zzzz cat dog zzzz",
	  { { 0, 3 }, { 4, 7 }, { 8, 11 }, { 32, 35 }, { 36, 39 } }, { 0, 1, 2, 3, 4 }, 5, 11,
	  1, "cat cat cat…", "0-3 4-7 8-11" },
	{ "no highlight: the start, to the last whole word within 10",
	  "one two three four five", { { 0, 0 } }, { 0 }, 0, 10, 1, "one two…", "" },
	{ "11 characters in 17 bytes (é is 2): they fit in 11",
	  "é é é é é é", { { 15, 17 } }, { 0 }, 1, 11, 0, "", "" },
	{ "in 10, around the last é: the window ends with the text, 9 characters"
	  " from the second é (the first is cut, and the space after it)",
	  "é é é é é é", { { 15, 17 } }, { 0 }, 1, 10, 1, "…é é é é é", "15-17" },
	{ "16 b's in a window of 10: it starts with the highlight",
	  "aaa bbbbbbbbbbbbbbbb ccc", { { 4, 20 } }, { 0 }, 1, 10,
	  1, "…bbbbbbbbbb…", "3-13" },
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		const cut_case *c = &cases[k];
		char *out = NULL, spans[128] = "";
		size_t out_len = 0, n_out = 0;
		rb_span out_hl[5];
		int rc = cut_text(c->text, strlen(c->text), c->hl, c->n_hl, c->ids,
				  c->max_chars, &out, &out_len, out_hl, &n_out);
		for (size_t i = 0; rc == 1 && i < n_out; i++)
			sprintf(spans + strlen(spans), "%s%zu-%zu", i ? " " : "",
				out_hl[i].start, out_hl[i].end);
		if (rc != c->cut || strcmp(rc == 1 ? out : "", c->window) != 0 ||
		    strcmp(spans, c->spans) != 0 || (rc == 1 && out_len != strlen(out)))
			fail_msg("%s: got %d \"%s\" [%s], wanted %d \"%s\" [%s]", c->what, rc,
				 rc == 1 ? out : "", spans, c->cut, c->window, c->spans);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
