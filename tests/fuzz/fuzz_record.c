/* Fuzzes the passage record codec.
 * 1. rb_record_decode of arbitrary bytes never crashes; what it accepts
 *    points inside the input and re-encodes to a record that decodes the
 *    same.
 * 2. A record made from the input (numbers from its first 28 bytes, three
 *    strings cut from the rest) encodes and decodes to itself, less what a
 *    later passage leaves to its file's passage 1 (version 8), for which
 *    it holds the file's id. */
#include "fuzz_common.h"
#include "record.h"
#include "schema.h"

static uint64_t take(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* An empty string may be anywhere (a later passage's path and title). */
static void check_inside(const rb_record *r, const char *data, size_t len)
{
	const char *end = data + len;
	CHECK(!r->path_len || (r->path >= data && r->path_len <= (size_t)(end - r->path)));
	CHECK(!r->title_len || (r->title >= data && r->title_len <= (size_t)(end - r->title)));
	CHECK(!r->text_len || (r->text >= data && r->text_len <= (size_t)(end - r->text)));
}

static void check_same(const rb_record *a, const rb_record *b)
{
	CHECK(a->passage == b->passage);
	CHECK(a->line == b->line);
	CHECK(a->start == b->start);
	CHECK(a->end == b->end);
	CHECK(a->path_len == b->path_len);
	CHECK(a->title_len == b->title_len);
	CHECK(a->text_len == b->text_len);
	CHECK(!a->text_in_file == !b->text_in_file);
	CHECK(!a->text_in_file || a->text_hash == b->text_hash);
	CHECK(!a->path_len || !memcmp(a->path, b->path, a->path_len));
	CHECK(!a->title_len || !memcmp(a->title, b->title, a->title_len));
	CHECK(!a->text_len || !memcmp(a->text, b->text, a->text_len));
}

/* What r decodes back to: without what it leaves to passage 1. */
static rb_record expected_back(const rb_record *r)
{
	rb_record want = *r;
	unsigned left = r->passage > 1 && (r->from_first & RB_FROM_FIRST_FILE) ? r->from_first : 0;
	want.from_first = left;
	if (left && r->path_len) {
		want.file_id = rb_path_id(r->path, r->path_len);
		want.path_len = 0;
	}
	if (left & RB_FROM_FIRST_ORIGIN)
		want.title_len = 0;
	return want;
}

static void round_trip(const rb_record *r)
{
	char *buf = NULL, *err = NULL;
	size_t len = 0;
	rb_record back;
	CHECK(rb_record_encode(r, &buf, &len, &err) == RB_OK);
	CHECK(err == NULL && buf != NULL && len > 0);
	memset(&back, 0xa5, sizeof back);
	CHECK(rb_record_decode(buf, len, &back, &err) == RB_OK);
	CHECK(err == NULL);
	check_inside(&back, buf, len);
	rb_record want = expected_back(r);
	check_same(&want, &back);
	CHECK(back.from_first == want.from_first);
	CHECK(!back.from_first || back.file_id == want.file_id);
	/* a truncated record is refused, with a message */
	if (len > 1) {
		rb_record cut;
		CHECK(rb_record_decode(buf, len - 1, &cut, &err) != RB_OK);
		CHECK(err != NULL);
		free(err);
		err = NULL;
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* 1: decode the input itself (an exact-size copy) */
	char *copy = malloc(size ? size : 1);
	CHECK(copy != NULL);
	memcpy(copy, data, size);
	rb_record r;
	char *err = NULL;
	rb_status st = rb_record_decode(copy, size, &r, &err);
	if (st == RB_OK) {
		CHECK(err == NULL);
		check_inside(&r, copy, size);
		/* passage and line are 32-bit: compare what encode gets */
		round_trip(&r);
	} else {
		CHECK(err != NULL);
		free(err);
	}
	free(copy);

	/* 2: build a record from the input */
	if (size >= 30) {
		rb_record m = {
			.passage = (uint32_t)take(data, 4),
			.line = (uint32_t)take(data + 4, 4),
			.start = take(data + 8, 8),
			.end = take(data + 16, 8),
		};
		/* shift widths vary the varint lengths, 1 to 10 bytes */
		m.start >>= data[24] % 64;
		m.end >>= data[25] % 64;
		/* the text in its file: a flag and a hash */
		m.text_in_file = data[24] >> 7;
		m.text_hash = take(data, 8);
		const char *rest = (const char *)data + 28;
		size_t n = size - 28, a = data[26] % (n + 1),
		       b = a + data[27] % (n - a + 1);
		m.path = rest, m.path_len = a;
		m.title = rest + a, m.title_len = b - a;
		m.text = rest + b, m.text_len = n - b;
		m.from_first = data[25] >> 6;  /* 0 to 3: left to passage 1 */
		round_trip(&m);
	}
	return 0;
}
