/* Fuzzes rb_analyze: arbitrary bytes, a language chosen by the first byte.
 * Invariants: token ranges inside the input, increasing, not overlapping;
 * positions increasing from the start value and below the final one;
 * terms and stems non-empty, at most RB_MAX_TERM_BYTES, NUL-terminated,
 * without NUL bytes, valid UTF-8; a nonzero callback return stops it. */
#include "fuzz_common.h"
#include "passage.h"

typedef struct {
	size_t len, prev_end, n, stop_at;
	uint32_t first_pos, prev_pos;
	int seen;
} state;

static void check_string(const char *s, size_t len)
{
	CHECK(s != NULL);
	CHECK(len > 0);
	CHECK(len <= RB_MAX_TERM_BYTES);
	CHECK(s[len] == '\0');
	CHECK(memchr(s, '\0', len) == NULL);
	CHECK(fz_valid_utf8(s, len));
}

static int on_token(const rb_token *t, void *ctx)
{
	state *st = ctx;
	CHECK(t->start < t->end);
	CHECK(t->end <= st->len);
	CHECK(t->start >= st->prev_end);
	CHECK(t->pos >= st->first_pos);
	if (st->seen)
		CHECK(t->pos > st->prev_pos);
	check_string(t->term, t->term_len);
	check_string(t->stem, t->stem_len);
	st->prev_end = t->end;
	st->prev_pos = t->pos;
	st->seen = 1;
	st->n++;
	if (st->stop_at && st->n == st->stop_at)
		return 42;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	rb_analyzer *a = fz_analyzer(data[0]);
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	/* an exact-size copy, so reading past the end is caught */
	char *copy = malloc(len ? len : 1);
	CHECK(copy != NULL);
	memcpy(copy, text, len);

	uint32_t start_pos = 1 + (data[0] >> 4) * 1000u;
	uint32_t pos = start_pos;
	state st = { .len = len, .first_pos = start_pos };
	CHECK(rb_analyze(a, copy, len, &pos, on_token, &st) == 0);
	if (st.seen)
		CHECK(pos > st.prev_pos);
	else
		CHECK(pos >= start_pos);

	/* stopping half way: the callback's value comes back, no more calls */
	if (st.n >= 2) {
		size_t all = st.n;
		state st2 = { .len = len, .first_pos = start_pos,
			      .stop_at = all / 2 };
		pos = start_pos;
		CHECK(rb_analyze(a, copy, len, &pos, on_token, &st2) == 42);
		CHECK(st2.n == all / 2);
	}
	free(copy);
	return 0;
}
