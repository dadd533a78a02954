/* search_fixture.h: what search/'s unit tests over an index share
 * (test_search_query.c, test_search_results.c): a writer on a fresh
 * folder, the index opened for searching with an English analyzer, and
 * all of it removed after. */
#ifndef RUBRIC_SEARCH_FIXTURE_H
#define RUBRIC_SEARCH_FIXTURE_H

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analyze.h"
#include "filerecord.h"
#include "ingest.h"
#include "xapian_c.h"

static char fixture_dir[64];
static xc_db *db;
static rb_analyzer *an;
static rb_file_records *files;  /* later passages' records completed */
static const char *const english[] = { "english" };

/* A writer on a fresh folder under /tmp. */
static xc_writer *fixture_writer(void)
{
	xc_writer *w = NULL;
	char *err = NULL;
	strcpy(fixture_dir, "/tmp/rubric-test-search-XXXXXX");
	assert_non_null(mkdtemp(fixture_dir));
	assert_int_equal(xc_writer_open(fixture_dir, XC_WRITER_CREATE, &w, &err), XC_OK);
	return w;
}

/* Reads a file's bytes as rb_format_read does and indexes them, dated
 * mtime (its mail's Date, where it has one, instead). */
static inline void fixture_ingest(rb_ingest *in, const char *path, const char *bytes,
				  int64_t mtime)
{
	rb_document doc;
	char *err = NULL;
	size_t n = 0, len = strlen(bytes);
	assert_int_equal(rb_format_read(path, bytes, len, RB_FORMAT_AUTO, &doc, &err), RB_OK);
	rb_ingest_set_file_time(in, mtime);
	assert_int_equal(rb_ingest_document(in, path, &doc, bytes, len, &n, &err), RB_OK);
	rb_document_free(&doc);
}

/* Closes the writer; opens what it wrote, and the analyzer. */
static void fixture_open(xc_writer *w)
{
	char *err = NULL;
	assert_int_equal(xc_writer_close(w, &err), XC_OK);
	assert_int_equal(xc_db_open(fixture_dir, &db, &err), XC_OK);
	assert_int_equal(rb_analyzer_new("english", &an, &err), RB_OK);
	assert_int_equal(rb_file_records_new(db, &files, &err), RB_OK);
}

static int fixture_remove_one(const char *path, const struct stat *st, int flag,
			      struct FTW *f)
{
	(void)st, (void)flag, (void)f;
	return remove(path);
}

static int fixture_teardown(void **state)
{
	(void)state;
	rb_file_records_free(files);
	xc_db_close(db);
	rb_analyzer_free(an);
	nftw(fixture_dir, fixture_remove_one, 8, FTW_DEPTH | FTW_PHYS);
	return 0;
}

#endif
