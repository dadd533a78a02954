/* A passage's text read back from its file: the record that says so, the
 * bytes checked against the hash, and every way the file can fail it
 * (changed, cut short, moved, deleted, replaced by a folder), each file
 * reported once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <xxhash.h>

#include "record.h"
#include "source.h"

static const char FILE_TEXT[] = "First paragraph here.\n\nThe second one, read back.\n";
#define SECOND_AT 23
#define SECOND "The second one, read back."

typedef struct {
	char dir[64];
	char path[128];
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/rubric-source-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/a.txt", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	unlink(f->path);
	rmdir(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The record the index keeps for the second paragraph of FILE_TEXT. */
static rb_record second_record(const char *path)
{
	rb_record r = { .path = path, .path_len = strlen(path), .title = "t", .title_len = 1,
			.passage = 2, .line = 3, .start = SECOND_AT,
			.end = SECOND_AT + strlen(SECOND), .text_in_file = 1,
			.text_hash = XXH3_64bits(SECOND, strlen(SECOND)) };
	return r;
}

static rb_record round_trip(const rb_record *in, char **data)
{
	size_t len;
	rb_record out;
	assert_int_equal(rb_record_encode(in, data, &len, NULL), RB_OK);
	assert_int_equal(rb_record_decode(*data, len, &out, NULL), RB_OK);
	return out;
}

static void test_record_keeps_range_and_hash(void **state)
{
	fixture *f = *state;
	rb_record in = second_record(f->path);
	char *data;
	rb_record out = round_trip(&in, &data);
	assert_true(out.text_in_file);
	assert_true(out.text_hash == in.text_hash);
	assert_int_equal(out.text_len, 0);
	assert_int_equal(out.start, SECOND_AT);
	assert_int_equal(out.end, SECOND_AT + strlen(SECOND));
	assert_null(out.text_missing);
	free(data);

	/* Stored text stays stored. */
	rb_record stored = { .path = "p", .path_len = 1, .text = "abc", .text_len = 3 };
	out = round_trip(&stored, &data);
	assert_false(out.text_in_file);
	assert_int_equal(out.text_len, 3);
	assert_memory_equal(out.text, "abc", 3);
	free(data);
}

static void test_old_record_has_its_text(void **state)
{
	(void)state;
	/* Version 5: passage 1, line 1, bytes 0-3, path "p", no title, text
	 * "abc", no fields, no language, date 0, no part. */
	static const char v5[] = { 5, 1, 1, 0, 3, 1, 'p', 0, 3, 'a', 'b', 'c', 0, 0, 0, 0, 0 };
	rb_record r;
	assert_int_equal(rb_record_decode(v5, sizeof v5, &r, NULL), RB_OK);
	assert_false(r.text_in_file);
	assert_int_equal(r.text_len, 3);
	assert_memory_equal(r.text, "abc", 3);
}

static void test_damaged_flag_refused(void **state)
{
	fixture *f = *state;
	rb_record in = second_record(f->path);
	char *data;
	size_t len;
	rb_record out;
	assert_int_equal(rb_record_encode(&in, &data, &len, NULL), RB_OK);
	/* The hash cut short, then a flag that is neither 0 nor 1. */
	assert_int_equal(rb_record_decode(data, len - 1, &out, NULL), RB_ERR_INDEX);
	data[len - 9] = 7;
	assert_int_equal(rb_record_decode(data, len, &out, NULL), RB_ERR_INDEX);
	free(data);
}

static void test_reads_back_unchanged(void **state)
{
	fixture *f = *state;
	write_file(f->path, FILE_TEXT);
	rb_source *s;
	assert_int_equal(rb_source_new(&s, NULL), RB_OK);
	rb_record r = second_record(f->path);
	assert_int_equal(rb_source_text(s, &r), RB_OK);
	assert_int_equal(r.text_len, strlen(SECOND));
	assert_memory_equal(r.text, SECOND, strlen(SECOND));
	assert_null(r.text_missing);
	/* A paragraph added after it leaves its bytes where they were. */
	char longer[256];
	snprintf(longer, sizeof longer, "%s\nA third, added later.\n", FILE_TEXT);
	write_file(f->path, longer);
	r = second_record(f->path);
	assert_int_equal(rb_source_text(s, &r), RB_OK);
	assert_memory_equal(r.text, SECOND, strlen(SECOND));
	/* Stored text is left as it is, without a file. */
	rb_record stored = { .path = "/nowhere", .path_len = 8, .text = "abc", .text_len = 3 };
	assert_int_equal(rb_source_text(s, &stored), RB_OK);
	assert_memory_equal(stored.text, "abc", 3);
	rb_source_free(s);
}

typedef struct {
	char paths[4][128];
	char reasons[4][64];
	int n;
} reports;

static void note_report(const char *path, const char *reason, void *ctx)
{
	reports *rp = ctx;
	assert_true(rp->n < 4);
	snprintf(rp->paths[rp->n], sizeof rp->paths[0], "%s", path);
	snprintf(rp->reasons[rp->n], sizeof rp->reasons[0], "%s", reason);
	rp->n++;
}

/* The text that rb_source_text gives r, which must be none, and why. */
static const char *fails(rb_source *s, const char *path)
{
	rb_record r = second_record(path);
	assert_int_equal(rb_source_text(s, &r), RB_ERR_IO);
	assert_int_equal(r.text_len, 0);
	assert_non_null(r.text_missing);
	return r.text_missing;
}

static void test_changed_in_place(void **state)
{
	fixture *f = *state;
	char changed[sizeof FILE_TEXT];
	memcpy(changed, FILE_TEXT, sizeof FILE_TEXT);
	memcpy(changed + SECOND_AT + 4, "SECOND", 6);  /* same length, other bytes */
	write_file(f->path, changed);
	rb_source *s;
	assert_int_equal(rb_source_new(&s, NULL), RB_OK);
	assert_string_equal(fails(s, f->path), "changed since it was indexed");
	assert_string_equal(fails(s, f->path), "changed since it was indexed");
	reports rp = { .n = 0 };
	rb_source_report(s, note_report, &rp);
	assert_int_equal(rp.n, 1);  /* twice read, once reported */
	assert_string_equal(rp.paths[0], f->path);
	assert_string_equal(rp.reasons[0], "changed since it was indexed");
	rb_source_report(s, note_report, &rp);
	assert_int_equal(rp.n, 1);  /* reported already */
	rb_source_free(s);
}

static void test_cut_short(void **state)
{
	fixture *f = *state;
	write_file(f->path, "First paragraph here.\n\nThe second");
	rb_source *s;
	assert_int_equal(rb_source_new(&s, NULL), RB_OK);
	assert_string_equal(fails(s, f->path), "changed since it was indexed");
	rb_source_free(s);
}

static void test_moved_deleted_or_a_folder(void **state)
{
	fixture *f = *state;
	char moved[160];
	snprintf(moved, sizeof moved, "%s/b.txt", f->dir);
	write_file(f->path, FILE_TEXT);
	assert_int_equal(rename(f->path, moved), 0);
	rb_source *s;
	assert_int_equal(rb_source_new(&s, NULL), RB_OK);
	assert_string_equal(fails(s, f->path), "No such file or directory");
	/* The moved file answers for its new path only. */
	rb_record r = second_record(moved);
	assert_int_equal(rb_source_text(s, &r), RB_OK);
	assert_memory_equal(r.text, SECOND, strlen(SECOND));
	assert_int_equal(unlink(moved), 0);
	assert_int_equal(mkdir(f->path, 0700), 0);
	rb_source_free(s);
	assert_int_equal(rb_source_new(&s, NULL), RB_OK);
	assert_string_equal(fails(s, f->path), "Is a directory");
	reports rp = { .n = 0 };
	rb_source_report(s, note_report, &rp);
	assert_int_equal(rp.n, 1);
	assert_string_equal(rp.reasons[0], "Is a directory");
	rb_source_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_record_keeps_range_and_hash, setup, teardown),
		cmocka_unit_test(test_old_record_has_its_text),
		cmocka_unit_test_setup_teardown(test_damaged_flag_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reads_back_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_short, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_deleted_or_a_folder, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
