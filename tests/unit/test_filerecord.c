/* Record version 8 (lib/record.c) and its completion (lib/filerecord.c):
 * a file's path, language, title, fields and date are stored on its
 * passage 1 only, and a later passage's record is completed from there.
 * The index is made here with lib/ingest.c: a text file of three
 * paragraphs (three passages, titled by its first line) and an mbox of two
 * messages (the second's passages have their own title, fields and date);
 * then a later passage whose file has no passage 1, written by hand. */
#include "search_fixture.h"

#include <inttypes.h>

#include "schema.h"

#define TEXT_PATH "/r/three.txt"
#define TEXT_TIME 1000
static const char text_file[] =
	"Kettle notes\n\ncopper kettle on the stove\n\nthe kettle sings at noon\n";

#define BOX_PATH "/r/box.mbox"
static const char box_file[] =
	"From alice@example.org Thu Aug 22 12:36:18 2002\n"
	"From: Alice Martin <alice@example.org>\n"
	"Subject: Kite festival\n"
	"Date: Thu, 22 Aug 2002 12:36:18 +0000\n"
	"\n"
	"The kite festival needs volunteers.\n"
	"\n"
	"From erin@example.com Fri Mar 15 18:00:00 2002\n"
	"From: Erin Moss <erin@example.com>\n"
	"Subject: Boat race\n"
	"Date: Fri, 15 Mar 2002 18:00:00 +0000\n"
	"\n"
	"The boat race starts at noon.\n";

/* A later passage of a file that has no passage 1. */
#define ORPHAN_PATH "/r/orphan.txt"

static void add_orphan(xc_writer *w)
{
	char *err = NULL, *data = NULL, term[RB_PASSAGE_TERM_SIZE];
	size_t len = 0;
	xc_doc *d = NULL;
	rb_record r = { .path = ORPHAN_PATH, .path_len = strlen(ORPHAN_PATH), .title = "",
			.text = "lost", .text_len = 4, .passage = 2, .line = 3,
			.from_first = RB_FROM_FIRST_FILE | RB_FROM_FIRST_ORIGIN };
	assert_int_equal(rb_record_encode(&r, &data, &len, &err), RB_OK);
	assert_int_equal(xc_doc_new(&d, &err), XC_OK);
	int n = rb_passage_term(r.path, r.path_len, 2, term);
	assert_int_equal(xc_doc_add_boolean_term(d, term, (size_t)n, &err), XC_OK);
	assert_int_equal(xc_doc_set_data(d, data, len, &err), XC_OK);
	assert_int_equal(xc_writer_add_document(w, d, NULL, &err), XC_OK);
	xc_doc_free(d);
	free(data);
}

static int setup(void **state)
{
	(void)state;
	char *err = NULL;
	xc_writer *w = fixture_writer();
	rb_ingest *in = NULL;
	assert_int_equal(rb_ingest_new(w, "english", &in, &err), RB_OK);
	fixture_ingest(in, TEXT_PATH, text_file, TEXT_TIME);
	fixture_ingest(in, BOX_PATH, box_file, 0);
	assert_int_equal(rb_ingest_flush(in, &err), RB_OK);
	rb_ingest_free(in);
	add_orphan(w);
	assert_int_equal(xc_writer_commit(w, &err), XC_OK);
	fixture_open(w);
	return 0;
}

/* Passage `number` of path's stored record (malloc'd). */
static char *stored(const char *path, uint32_t number, size_t *len)
{
	char term[RB_PASSAGE_TERM_SIZE], *data = NULL, *err = NULL;
	int n = rb_passage_term(path, strlen(path), number, term);
	if (xc_db_term_document_data(db, term, (size_t)n, &data, len, &err))
		fail_msg("%s passage %" PRIu32 ": %s", path, number, err);
	return data;
}

static bool same(const char *s, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(s, want, len) == 0;
}

/* ------------------------------------------------------------------ codec */

static void test_later_passage_leaves_its_file_out(void **state)
{
	(void)state;
	char *err = NULL, *whole = NULL, *later = NULL, *own = NULL;
	size_t whole_len, later_len, own_len;
	rb_record_field from = { "from", 4, "erin@example.com", 16 };
	rb_record r = { .path = "/a/long/path/of/its/file.txt", .title = "Boat race",
			.text = "the text", .text_len = 8, .passage = 3, .line = 7,
			.start = 40, .end = 48, .lang = "english", .lang_len = 7,
			.date = 1030016178, .n_fields = 1 };
	r.path_len = strlen(r.path);
	r.title_len = strlen(r.title);
	r.fields[0] = from;
	assert_int_equal(rb_record_encode(&r, &whole, &whole_len, &err), RB_OK);
	r.from_first = RB_FROM_FIRST_FILE | RB_FROM_FIRST_ORIGIN;
	assert_int_equal(rb_record_encode(&r, &later, &later_len, &err), RB_OK);
	r.from_first = RB_FROM_FIRST_FILE;
	assert_int_equal(rb_record_encode(&r, &own, &own_len, &err), RB_OK);

	/* The whole record: all of it back, nothing left to passage 1. */
	rb_record d;
	assert_int_equal(rb_record_decode(whole, whole_len, &d, &err), RB_OK);
	assert_int_equal(d.from_first, 0);
	assert_true(same(d.path, d.path_len, r.path));
	assert_true(same(d.lang, d.lang_len, "english"));
	/* Left out: no path, title or field bytes; the file's id instead. */
	assert_null(memmem(later, later_len, "file.txt", 8));
	assert_null(memmem(later, later_len, "Boat", 4));
	assert_null(memmem(later, later_len, "erin", 4));
	assert_int_equal(later_len, whole_len - (1 + r.path_len) - 1 -
				    (1 + 1 + 1 + 16) - (1 + 9) - 5 + 8);
	assert_int_equal(rb_record_decode(later, later_len, &d, &err), RB_OK);
	assert_int_equal(d.from_first, RB_FROM_FIRST_FILE | RB_FROM_FIRST_ORIGIN);
	assert_int_equal(d.file_id, rb_path_id(r.path, r.path_len));
	assert_int_equal(d.path_len + d.title_len + d.lang_len + d.n_fields, 0);
	assert_int_equal(d.date, 0);
	assert_true(same(d.text, d.text_len, "the text"));
	assert_int_equal(d.passage, 3);
	assert_int_equal(d.line, 7);
	assert_int_equal(d.start, 40);
	assert_int_equal(d.end, 48);
	/* Its own origin (a later message of an mbox): title, fields, date. */
	assert_int_equal(rb_record_decode(own, own_len, &d, &err), RB_OK);
	assert_int_equal(d.from_first, RB_FROM_FIRST_FILE);
	assert_int_equal(d.path_len + d.lang_len, 0);
	assert_true(same(d.title, d.title_len, "Boat race"));
	assert_int_equal(d.n_fields, 1);
	assert_true(same(d.fields[0].value, d.fields[0].value_len, "erin@example.com"));
	assert_int_equal(d.date, 1030016178);
	/* A decoded later record re-encodes to the same bytes. */
	char *again = NULL;
	size_t again_len = 0;
	assert_int_equal(rb_record_encode(&d, &again, &again_len, &err), RB_OK);
	assert_int_equal(again_len, own_len);
	assert_memory_equal(again, own, own_len);
	free(again);
	free(whole);
	free(later);
	free(own);
}

static void test_passage_1_is_always_whole(void **state)
{
	(void)state;
	char *err = NULL, *data = NULL;
	size_t len = 0;
	rb_record r = { .path = "/p.txt", .path_len = 6, .title = "T", .title_len = 1,
			.passage = 1, .line = 1,
			.from_first = RB_FROM_FIRST_FILE | RB_FROM_FIRST_ORIGIN }, d;
	assert_int_equal(rb_record_encode(&r, &data, &len, &err), RB_OK);
	assert_int_equal(rb_record_decode(data, len, &d, &err), RB_OK);
	assert_int_equal(d.from_first, 0);
	assert_true(same(d.path, d.path_len, "/p.txt"));
	free(data);
	/* The origin alone cannot be left out: the path holds the file. */
	r.passage = 2;
	r.from_first = RB_FROM_FIRST_ORIGIN;
	assert_int_equal(rb_record_encode(&r, &data, &len, &err), RB_OK);
	assert_int_equal(rb_record_decode(data, len, &d, &err), RB_OK);
	assert_int_equal(d.from_first, 0);
	assert_true(same(d.title, d.title_len, "T"));
	free(data);
}

static void test_damaged_version_8(void **state)
{
	(void)state;
	/* Version 8, passage, line 1, start 0, span 0, then what is left out:
	 * passage 1 leaving anything, the origin without the file, an unknown
	 * value, a file id cut short. */
	static const struct {
		const char *bytes;
		size_t len;
	} bad[] = {
		{ "\x08\x01\x01\x00\x00\x01" "12345678" "\x00\x00\x00\x00\x00\x00\x00", 21 },
		{ "\x08\x02\x01\x00\x00\x02" "\x00\x00\x00\x00\x00\x00\x00", 13 },
		{ "\x08\x02\x01\x00\x00\x07" "12345678" "\x00\x00\x00\x00\x00", 19 },
		{ "\x08\x02\x01\x00\x00\x03" "1234567", 13 },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *err = NULL;
		rb_record d;
		assert_int_equal(rb_record_decode(bad[i].bytes, bad[i].len, &d, &err),
				 RB_ERR_INDEX);
		assert_non_null(err);
		free(err);
	}
	/* The first one, as passage 2, is a good record (no fields, no title,
	 * date 0, no text, no part, not in its file). */
	rb_record d;
	char good[21];
	memcpy(good, bad[0].bytes, 21);
	good[1] = 2;
	assert_int_equal(rb_record_decode(good, 21, &d, NULL), RB_OK);
	assert_int_equal(d.from_first, RB_FROM_FIRST_FILE);
}

/* ------------------------------------------------------------- completion */

/* Passage `number` of path read whole, with and without a copy of its
 * own: both as expected. */
static void expect_whole(const char *path, uint32_t number, const char *title,
			 const char *from, int64_t date)
{
	size_t len = 0;
	char *data = stored(path, number, &len), *owned = NULL, *err = NULL;
	rb_record r[2];
	assert_int_equal(rb_record_read(files, data, len, &r[0], NULL, &err), RB_OK);
	assert_int_equal(rb_record_read(files, data, len, &r[1], &owned, &err), RB_OK);
	assert_true((owned != NULL) == (number > 1));
	for (int k = 0; k < 2; k++) {
		assert_int_equal(r[k].from_first, 0);
		assert_int_equal(r[k].passage, number);
		if (!same(r[k].path, r[k].path_len, path) ||
		    !same(r[k].title, r[k].title_len, title) ||
		    !same(r[k].lang, r[k].lang_len, "english"))
			fail_msg("%s passage %u: %.*s, %.*s", path, number, (int)r[k].path_len,
				 r[k].path, (int)r[k].title_len, r[k].title);
		assert_int_equal(r[k].date, date);
		assert_int_equal(r[k].n_fields > 0, from != NULL);
		for (size_t i = 0; from && i < r[k].n_fields; i++)
			if (same(r[k].fields[i].name, r[k].fields[i].name_len, "from"))
				assert_non_null(memmem(r[k].fields[i].value,
						       r[k].fields[i].value_len, from,
						       strlen(from)));
	}
	free(owned);
	free(data);
}

static void test_later_passages_read_whole(void **state)
{
	(void)state;
	for (uint32_t k = 1; k <= 3; k++)
		expect_whole(TEXT_PATH, k, "Kettle notes", NULL, TEXT_TIME);
	/* The mbox: passage 1 is the first message; the second's passages have
	 * their own title, From and date. */
	expect_whole(BOX_PATH, 1, "Kite festival", "alice@example.org", 1030019778);
	expect_whole(BOX_PATH, 2, "Boat race", "erin@example.com", 1016215200);
	/* What ingest stored: the text's passages 2 and 3 leave everything to
	 * passage 1, the second message the file only. */
	rb_record r;
	size_t len = 0;
	char *data = stored(TEXT_PATH, 3, &len);
	assert_int_equal(rb_record_decode(data, len, &r, NULL), RB_OK);
	assert_int_equal(r.from_first, RB_FROM_FIRST_FILE | RB_FROM_FIRST_ORIGIN);
	assert_null(memmem(data, len, TEXT_PATH, strlen(TEXT_PATH)));
	free(data);
	data = stored(BOX_PATH, 2, &len);
	assert_int_equal(rb_record_decode(data, len, &r, NULL), RB_OK);
	assert_int_equal(r.from_first, RB_FROM_FIRST_FILE);
	free(data);
}

static void test_no_first_passage(void **state)
{
	(void)state;
	size_t len = 0;
	char *data = stored(ORPHAN_PATH, 2, &len), *err = NULL, *owned = NULL;
	rb_record r;
	assert_int_equal(rb_record_read(files, data, len, &r, &owned, &err), RB_ERR_INDEX);
	assert_non_null(strstr(err, "damaged"));
	assert_null(owned);
	free(err);
	err = NULL;
	/* Without a cache, a later passage cannot be completed. */
	free(data);
	data = stored(TEXT_PATH, 2, &len);
	assert_int_equal(rb_record_read(NULL, data, len, &r, NULL, &err), RB_ERR_INDEX);
	free(err);
	/* Forgotten, then read again. */
	rb_file_records_clear(files);
	assert_int_equal(rb_record_read(files, data, len, &r, NULL, NULL), RB_OK);
	assert_true(same(r.path, r.path_len, TEXT_PATH));
	free(data);
}

/* A passage 1 read is kept: its file's later passages then read nothing
 * (a cache without a database could not read them), other files' beside
 * it, until the query's records are cleared. */
static void test_passage_1_read_is_kept(void **state)
{
	(void)state;
	rb_file_records *c = NULL;
	char *err = NULL, *first[17] = { 0 }, *later;
	size_t first_len[17], later_len;
	rb_record r;
	assert_int_equal(rb_file_records_new(NULL, &c, &err), RB_OK);
	later = stored(TEXT_PATH, 3, &later_len);
	assert_int_not_equal(rb_record_read(c, later, later_len, &r, NULL, &err), RB_OK);
	free(err);
	err = NULL;
	first[0] = stored(TEXT_PATH, 1, &first_len[0]);
	assert_int_equal(rb_record_read(c, first[0], first_len[0], &r, NULL, &err), RB_OK);
	assert_int_equal(rb_record_read(c, later, later_len, &r, NULL, &err), RB_OK);
	assert_true(same(r.path, r.path_len, TEXT_PATH));
	assert_true(same(r.title, r.title_len, "Kettle notes"));
	/* 16 other files' passage 1 leave it kept (their ids' low bits differ
	 * from its: each has its own slot). */
	for (int i = 1; i <= 16; i++) {
		rb_record one = { .path = "/r/other-00.txt", .path_len = 15, .passage = 1 };
		char path[16];
		snprintf(path, sizeof path, "/r/other-%02d.txt", i);
		one.path = path;
		assert_int_equal(rb_record_encode(&one, &first[i], &first_len[i], &err), RB_OK);
		assert_int_equal(rb_record_read(c, first[i], first_len[i], &r, NULL, &err), RB_OK);
		assert_int_not_equal(rb_path_id(path, strlen(path)) % 4096,
				     rb_path_id(TEXT_PATH, strlen(TEXT_PATH)) % 4096);
	}
	assert_int_equal(rb_record_read(c, later, later_len, &r, NULL, &err), RB_OK);
	assert_true(same(r.title, r.title_len, "Kettle notes"));
	rb_file_records_clear(c);
	assert_int_not_equal(rb_record_read(c, later, later_len, &r, NULL, &err), RB_OK);
	free(err);
	for (int i = 0; i <= 16; i++)
		free(first[i]);
	free(later);
	rb_file_records_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_later_passage_leaves_its_file_out),
		cmocka_unit_test(test_passage_1_is_always_whole),
		cmocka_unit_test(test_damaged_version_8),
		cmocka_unit_test(test_later_passages_read_whole),
		cmocka_unit_test(test_no_first_passage),
		cmocka_unit_test(test_passage_1_read_is_kept),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
