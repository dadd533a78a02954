/* xapian_fixture.h: what the binding's unit tests share (test_xapian_c.c,
 * test_xapian_c_results.c): OK/FAILS, a small corpus indexed once in a
 * temporary folder by the group setup, and query helpers. */
#ifndef RUBRIC_XAPIAN_FIXTURE_H
#define RUBRIC_XAPIAN_FIXTURE_H

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "xapian_c.h"

/* Asserts that an xc_ call returned XC_OK, showing the message if not.
 * Expects a `char *err` in scope, passed to the call as &err. */
#define OK(call)                                                          \
	do {                                                              \
		xc_status st_ = (call);                                   \
		if (st_ != XC_OK)                                         \
			fail_msg("%s: %s: %s", #call,                     \
				 xc_status_to_string(st_),                \
				 err ? err : "(no message)");             \
		assert_null(err);                                         \
	} while (0)

/* Asserts a failure with the given status and a message; frees it. */
#define FAILS(status, call)                                               \
	do {                                                              \
		xc_status st_ = (call);                                   \
		if (st_ != (status))                                      \
			fail_msg("%s: got %s, wanted %s: %s", #call,      \
				 xc_status_to_string(st_),                \
				 xc_status_to_string(status),             \
				 err ? err : "(no message)");             \
		assert_non_null(err);                                     \
		assert_null(strchr(err, '\n'));                           \
		free(err);                                                \
		err = NULL;                                               \
	} while (0)

static char tmpdir[256];
static char main_db[300];

/* The corpus: docid i+1 is corpus[i] (a fresh database numbers from 1). */
static const struct {
	const char *text, *id, *file;
} corpus[] = {
	{ "the quick brown fox jumps over the lazy dog", "1", "a.txt" },
	{ "brown bread and quick coffee", "2", "a.txt" },
	{ "the fox is quick and brown", "3", "b.txt" },
	{ "a lazy dog sleeps", "4", "b.txt" },
	{ "what colour is it", "5", "c.txt" },
	{ "the color of money", "6", "c.txt" },
};
#define NDOCS (sizeof corpus / sizeof corpus[0])

static inline void path_in(char *buf, size_t size, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", tmpdir, name);
	assert_true(n > 0 && (size_t)n < size);
}

/* Fills doc the way the indexer does: words with positions, "Z" stems
 * (here the word itself), "Q" id and "P" path boolean terms, data. */
static inline void fill_doc(xc_doc *doc, const char *text, const char *id,
		     const char *file)
{
	char *err = NULL;
	char term[128];
	const char *p = text;
	uint32_t pos = 0;

	xc_doc_clear(doc);
	while (*p) {
		size_t len = strcspn(p, " ");
		if (len) {
			OK(xc_doc_add_posting(doc, p, len, ++pos, &err));
			snprintf(term, sizeof term, "Z%.*s", (int)len, p);
			OK(xc_doc_add_term(doc, term, strlen(term), 1, &err));
		}
		p += len;
		p += strspn(p, " ");
	}
	snprintf(term, sizeof term, "Q%s", id);
	OK(xc_doc_add_boolean_term(doc, term, strlen(term), &err));
	snprintf(term, sizeof term, "P%s", file);
	OK(xc_doc_add_boolean_term(doc, term, strlen(term), &err));
	OK(xc_doc_set_data(doc, text, strlen(text), &err));
}

static inline void build_db(const char *path, size_t first, size_t n, int flags)
{
	char *err = NULL;
	xc_writer *w = NULL;
	xc_doc *doc = NULL;

	OK(xc_writer_open(path, flags, &w, &err));
	OK(xc_doc_new(&doc, &err));
	for (size_t i = first; i < first + n; i++) {
		uint32_t id = 0;
		fill_doc(doc, corpus[i].text, corpus[i].id, corpus[i].file);
		OK(xc_writer_add_document(w, doc, &id, &err));
		assert_int_equal(id, i - first + 1);
	}
	xc_doc_free(doc);
	OK(xc_writer_commit(w, &err));
	OK(xc_writer_close(w, &err));
}

static inline int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static inline int group_setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/test_xapian_c.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(main_db, sizeof main_db, "%s/main", tmpdir);
	build_db(main_db, 0, NDOCS, XC_WRITER_CREATE);
	return 0;
}

static inline int group_teardown(void **state)
{
	(void)state;
	return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static inline xc_query *term(const char *t)
{
	char *err = NULL;
	xc_query *q = NULL;
	OK(xc_query_term(t, strlen(t), 1, &q, &err));
	return q;
}

/* Combines two or three subqueries and frees them. */
static inline xc_query *combine(xc_op op, uint32_t window, xc_query *a, xc_query *b,
			 xc_query *c)
{
	char *err = NULL;
	xc_query *subs[3] = { a, b, c };
	xc_query *q = NULL;
	OK(xc_query_combine(op, subs, c ? 3 : 2, window, &q, &err));
	for (int i = 0; i < 3; i++)
		xc_query_free(subs[i]);
	return q;
}

/* The matching docids, ascending, as "1,3,4"; checks xc_db_count too. */
static inline void expect_hits(xc_db *db, xc_query *q, const char *want)
{
	char *err = NULL;
	xc_mset *m = NULL;
	char got[256] = "";
	int seen[64] = { 0 };
	uint32_t count = 0;

	OK(xc_db_search(db, q, 0, 50, NULL, &m, &err));
	for (size_t i = 0; i < xc_mset_size(m); i++) {
		uint32_t id = xc_mset_docid(m, i);
		assert_in_range(id, 1, 63);
		seen[id] = 1;
		if (i > 0)
			assert_true(xc_mset_weight(m, i - 1) >=
				    xc_mset_weight(m, i));
	}
	for (int id = 1; id < 64; id++)
		if (seen[id])
			snprintf(got + strlen(got), sizeof got - strlen(got),
				 "%s%d", *got ? "," : "", id);
	OK(xc_db_count(db, q, NULL, &count, &err));
	assert_int_equal(count, xc_mset_size(m));
	xc_mset_free(m);
	if (strcmp(got, want) != 0) {
		char *d = xc_query_describe(q);
		fail_msg("%s: got {%s}, wanted {%s}", d, got, want);
	}
	xc_query_free(q);
}

static inline xc_db *open_main(void)
{
	char *err = NULL;
	xc_db *db = NULL;
	OK(xc_db_open(main_db, &db, &err));
	return db;
}

/* For accept callbacks: documents whose data holds `needle`. */
typedef struct {
	const char *needle; /* accept documents whose data contains it */
	int calls;
} accept_ctx;

/* Collects callback strings as "a|b|c"; stops after stop_after calls
 * (0: never stops). */
typedef struct {
	char got[512];
	int calls, stop_after;
} collected;

static inline void collect(collected *c, const char *s, size_t len)
{
	size_t n = strlen(c->got);
	assert_true(n + len + 2 < sizeof c->got);
	if (c->calls++)
		c->got[n++] = '|';
	memcpy(c->got + n, s, len);
	c->got[n + len] = '\0';
}

/* Keys as "a|b|c", a NUL in one written as '/'. */
static inline int on_key(const char *key, size_t len, const char *value, size_t value_len,
			 void *ctx)
{
	collected *c = ctx;
	char shown[300];
	assert_non_null(key);
	assert_null(value);
	assert_int_equal(value_len, 0);
	assert_true(len > 0 && len < sizeof shown);
	for (size_t i = 0; i < len; i++)
		shown[i] = key[i] ? key[i] : '/';
	collect(c, shown, len);
	return c->stop_after && c->calls >= c->stop_after;
}

/* The keys of every database of db under prefix[0, len). */
static inline void expect_keys(xc_db *db, const char *prefix, size_t len, int stop_after,
			       const char *want)
{
	char *err = NULL;
	collected c = { .stop_after = stop_after };
	OK(xc_db_each_key(db, prefix, len, on_key, &c, &err));
	assert_string_equal(c.got, want);
}

#endif
