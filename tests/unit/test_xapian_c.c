/* Unit tests of lib/xapian-c: what a user of the binding sees (opening,
 * writing, queries, ranking, keys; metadata, transactions, locks and
 * compaction are in test_xapian_c_write.c, collapsing and the other
 * result calls in test_xapian_c_results.c). */
#include "xapian_fixture.h"

/* ------------------------------------------------------------ tests */

static void test_status_to_string(void **state)
{
	(void)state;
	const char *seen[XC_ERR_XAPIAN + 1];
	for (int s = XC_OK; s <= XC_ERR_XAPIAN; s++) {
		const char *name = xc_status_to_string((xc_status)s);
		assert_non_null(name);
		assert_true(*name);
		assert_string_not_equal(name, "unknown status");
		for (int t = XC_OK; t < s; t++)
			assert_string_not_equal(name, seen[t]);
		seen[s] = name;
	}
	assert_string_equal(xc_status_to_string(XC_ERR_LOCKED), "locked");
	assert_string_equal(xc_status_to_string(XC_ERR_CORRUPT), "corrupt");
	assert_non_null(xc_status_to_string((xc_status)999));
}

static void test_counts_and_termfreq(void **state)
{
	(void)state;
	char *err = NULL;
	xc_db *db = open_main();
	uint32_t n = 0;

	OK(xc_db_doccount(db, &n, &err));
	assert_int_equal(n, NDOCS);
	OK(xc_db_termfreq(db, "brown", &n, &err));
	assert_int_equal(n, 3);
	OK(xc_db_termfreq(db, "Zlazy", &n, &err));
	assert_int_equal(n, 2);
	OK(xc_db_termfreq(db, "Pa.txt", &n, &err));
	assert_int_equal(n, 2);
	OK(xc_db_termfreq(db, "nosuchword", &n, &err));
	assert_int_equal(n, 0);
	FAILS(XC_ERR_INVALID, xc_db_termfreq(db, "", &n, &err));
	OK(xc_db_reopen(db, &err));
	xc_db_close(db);
}

static void test_boolean_ops(void **state)
{
	(void)state;
	xc_db *db = open_main();
	char *err = NULL;
	xc_query *all = NULL;

	expect_hits(db, term("fox"), "1,3");
	expect_hits(db, term("Zfox"), "1,3");
	expect_hits(db, combine(XC_OP_AND, 0, term("quick"), term("brown"),
				NULL), "1,2,3");
	expect_hits(db, combine(XC_OP_AND, 0, term("quick"), term("brown"),
				term("dog")), "1");
	expect_hits(db, combine(XC_OP_OR, 0, term("fox"), term("dog"), NULL),
		    "1,3,4");
	expect_hits(db, combine(XC_OP_AND_NOT, 0, term("brown"), term("fox"),
				NULL), "2");
	expect_hits(db, combine(XC_OP_AND_NOT, 0, term("lazy"), term("fox"),
				term("sleeps")), "");
	expect_hits(db, combine(XC_OP_FILTER, 0, term("quick"),
				term("Pb.txt"), NULL), "3");
	expect_hits(db, combine(XC_OP_SYNONYM, 0, term("colour"),
				term("color"), NULL), "5,6");
	expect_hits(db, term("nosuchword"), "");

	OK(xc_query_match_all(&all, &err));
	expect_hits(db, combine(XC_OP_AND_NOT, 0, all, term("Pa.txt"), NULL),
		    "3,4,5,6");
	xc_db_close(db);
}

static void test_positional_ops(void **state)
{
	(void)state;
	xc_db *db = open_main();

	/* doc 1 has "quick brown"; 2 and 3 have both words apart */
	expect_hits(db, combine(XC_OP_PHRASE, 0, term("quick"), term("brown"),
				NULL), "1");
	expect_hits(db, combine(XC_OP_PHRASE, 0, term("brown"), term("quick"),
				NULL), "");
	expect_hits(db, combine(XC_OP_PHRASE, 0, term("lazy"), term("dog"),
				NULL), "1,4");
	/* "quick brown fox" fits a window of 3 in order; 3 has "fox is quick" */
	expect_hits(db, combine(XC_OP_PHRASE, 3, term("quick"), term("fox"),
				NULL), "1");
	/* any order: doc 3 "quick and brown" spans 3 positions, doc 2
	 * "brown bread and quick" spans 4 */
	expect_hits(db, combine(XC_OP_NEAR, 3, term("brown"), term("quick"),
				NULL), "1,3");
	expect_hits(db, combine(XC_OP_NEAR, 4, term("brown"), term("quick"),
				NULL), "1,2,3");
	/* stems carry no positions */
	expect_hits(db, combine(XC_OP_PHRASE, 0, term("Zquick"),
				term("Zbrown"), NULL), "");
	xc_db_close(db);
}

static void test_ranking_and_results(void **state)
{
	(void)state;
	char *err = NULL;
	xc_db *db = open_main();
	xc_query *q = combine(XC_OP_OR, 0, term("quick"), term("lazy"), NULL);
	xc_query *f = combine(XC_OP_FILTER, 0, term("quick"), term("Pb.txt"),
			      NULL);
	xc_query *plain = term("quick");
	xc_mset *m = NULL, *m2 = NULL;
	xc_search_options opts;
	char *data = NULL;
	size_t len = 0;

	/* doc 1 has both words, so ranks first */
	OK(xc_db_search(db, q, 0, 10, NULL, &m, &err));
	assert_int_equal(xc_mset_size(m), 4);
	assert_int_equal(xc_mset_matches_estimated(m), 4);
	assert_int_equal(xc_mset_docid(m, 0), 1);
	assert_true(xc_mset_weight(m, 0) > 0);
	OK(xc_mset_data(m, 0, &data, &len, &err));
	assert_int_equal(len, strlen(corpus[0].text));
	assert_string_equal(data, corpus[0].text);
	free(data);
	FAILS(XC_ERR_INVALID, xc_mset_data(m, 4, &data, &len, &err));
	assert_int_equal(xc_mset_docid(m, 99), 0);

	/* explicit defaults rank exactly as NULL options; paging works */
	xc_search_options_init(&opts);
	assert_true(opts.bm25_k1 == 1.0 && opts.bm25_b == 0.5);
	OK(xc_db_search(db, q, 1, 2, &opts, &m2, &err));
	assert_int_equal(xc_mset_size(m2), 2);
	assert_int_equal(xc_mset_docid(m2, 0), xc_mset_docid(m, 1));
	assert_true(xc_mset_weight(m2, 0) == xc_mset_weight(m, 1));
	xc_mset_free(m2);

	/* b = 0 ignores document length, which changes the weights */
	opts.bm25_b = 0;
	OK(xc_db_search(db, q, 0, 10, &opts, &m2, &err));
	assert_int_equal(xc_mset_size(m2), 4);
	assert_true(xc_mset_weight(m2, 3) != xc_mset_weight(m, 3));
	xc_mset_free(m2);
	xc_mset_free(m);

	/* FILTER restricts without adding weight */
	OK(xc_db_search(db, f, 0, 10, NULL, &m, &err));
	assert_int_equal(xc_mset_size(m), 1);
	OK(xc_db_search(db, plain, 0, 10, NULL, &m2, &err));
	for (size_t i = 0; i < xc_mset_size(m2); i++)
		if (xc_mset_docid(m2, i) == 3)
			assert_true(xc_mset_weight(m2, i) ==
				    xc_mset_weight(m, 0));
	xc_mset_free(m2);
	xc_mset_free(m);

	/* a scaled query ranks the same passages with each weight times the
	 * factor; a negative factor is refused */
	xc_query *scaled = NULL;
	OK(xc_query_scale(plain, 2.5, &scaled, &err));
	OK(xc_db_search(db, plain, 0, 10, NULL, &m, &err));
	OK(xc_db_search(db, scaled, 0, 10, NULL, &m2, &err));
	assert_int_equal(xc_mset_size(m2), xc_mset_size(m));
	for (size_t i = 0; i < xc_mset_size(m); i++) {
		assert_int_equal(xc_mset_docid(m2, i), xc_mset_docid(m, i));
		assert_true(fabs(xc_mset_weight(m2, i) - 2.5 * xc_mset_weight(m, i)) <
			    1e-9 * xc_mset_weight(m2, i));
	}
	xc_mset_free(m2);
	xc_mset_free(m);
	xc_query_free(scaled);
	scaled = NULL;
	FAILS(XC_ERR_INVALID, xc_query_scale(plain, -1, &scaled, &err));
	assert_null(scaled);

	/* describe is for humans, but names the operator */
	data = xc_query_describe(q);
	assert_non_null(data);
	assert_non_null(strstr(data, "OR"));
	free(data);
	assert_null(xc_query_describe(NULL));

	xc_query_free(q);
	xc_query_free(f);
	xc_query_free(plain);
	xc_db_close(db);
}

/* Many documents, a small page: the estimate may be rough, the count not. */
static void test_exact_count(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300], word[32];
	xc_writer *w = NULL;
	xc_doc *doc = NULL;
	xc_db *db = NULL;
	xc_query *q;
	uint32_t n = 0, want = 0;

	path_in(path, sizeof path, "count");
	OK(xc_writer_open(path, XC_WRITER_CREATE | XC_WRITER_NO_SYNC, &w,
			  &err));
	OK(xc_doc_new(&doc, &err));
	for (unsigned i = 0; i < 3000; i++) {
		xc_doc_clear(doc);
		OK(xc_doc_add_posting(doc, "all", 3, 1, &err));
		if (i % 7 == 0 || i % 11 == 0) {
			OK(xc_doc_add_posting(doc, "some", 4, 2, &err));
			want++;
		}
		if (i % 13 == 0)
			OK(xc_doc_add_posting(doc, "other", 5, 3, &err));
		snprintf(word, sizeof word, "w%u", i % 50);
		OK(xc_doc_add_term(doc, word, strlen(word), 1 + i % 5, &err));
		OK(xc_writer_add_document(w, doc, NULL, &err));
	}
	xc_doc_free(doc);
	OK(xc_writer_doccount(w, &n, &err));
	assert_int_equal(n, 3000);
	OK(xc_writer_close(w, &err));

	OK(xc_db_open(path, &db, &err));
	q = combine(XC_OP_AND_NOT, 0, term("some"), term("other"), NULL);
	want = 0;
	for (unsigned i = 0; i < 3000; i++)
		if ((i % 7 == 0 || i % 11 == 0) && i % 13 != 0)
			want++;
	OK(xc_db_count(db, q, NULL, &n, &err));
	assert_int_equal(n, want);
	xc_query_free(q);

	q = combine(XC_OP_OR, 0, term("w3"), term("some"), NULL);
	want = 0;
	for (unsigned i = 0; i < 3000; i++)
		if (i % 50 == 3 || i % 7 == 0 || i % 11 == 0)
			want++;
	OK(xc_db_count(db, q, NULL, &n, &err));
	assert_int_equal(n, want);
	{
		xc_mset *m = NULL;
		xc_search_options o;
		xc_search_options_init(&o);
		o.check_at_least = 3000;
		OK(xc_db_search(db, q, 0, 5, &o, &m, &err));
		assert_int_equal(xc_mset_size(m), 5);
		assert_int_equal(xc_mset_matches_estimated(m), want);
		xc_mset_free(m);
	}
	xc_query_free(q);
	xc_db_close(db);
}

static void test_open_errors(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300], sub[400];
	xc_db *db = NULL;
	xc_writer *w = NULL;
	FILE *f;

	path_in(path, sizeof path, "no-such-db");
	assert_int_equal(xc_db_open(path, &db, &err), XC_ERR_NOT_FOUND);
	assert_null(db);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_true(strlen(err) > strlen(path) + 2);
	free(err);
	err = NULL;

	/* creating where one exists; both create and overwrite */
	FAILS(XC_ERR_OPENING, xc_writer_open(main_db, XC_WRITER_CREATE, &w,
					     &err));
	FAILS(XC_ERR_INVALID, xc_writer_open(path, XC_WRITER_CREATE |
					     XC_WRITER_OVERWRITE, &w, &err));
	FAILS(XC_ERR_INVALID, xc_writer_open("", 0, &w, &err));
	assert_null(w);

	/* a garbage file where a database should be */
	path_in(path, sizeof path, "garbage");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not a xapian database\n\x01\x02\x03", f);
	fclose(f);
	assert_int_not_equal(xc_db_open(path, &db, &err), XC_OK);
	assert_null(db);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	free(err);
	err = NULL;
	assert_int_not_equal(xc_writer_open(path, 0, &w, &err), XC_OK);
	assert_non_null(err);
	free(err);
	err = NULL;

	/* a glass directory whose version file is garbage */
	path_in(path, sizeof path, "badglass");
	assert_int_equal(mkdir(path, 0777), 0);
	snprintf(sub, sizeof sub, "%s/iamglass", path);
	f = fopen(sub, "w");
	assert_non_null(f);
	fputs("garbage", f);
	fclose(f);
	FAILS(XC_ERR_CORRUPT, xc_db_open(path, &db, &err));

	/* a stub naming a remote shard nobody serves (port 1 refuses) */
	path_in(path, sizeof path, "remote");
	assert_int_equal(mkdir(path, 0777), 0);
	snprintf(sub, sizeof sub, "%s/XAPIANDB", path);
	f = fopen(sub, "w");
	assert_non_null(f);
	fputs("remote :127.0.0.1:1\n", f);
	fclose(f);
	FAILS(XC_ERR_NETWORK, xc_db_open(path, &db, &err));
	assert_null(db);
}

static void test_invalid_terms(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300], big[300];
	xc_doc *doc = NULL;
	xc_query *q = NULL, *subs[2] = { NULL, NULL };
	xc_writer *w = NULL;

	OK(xc_doc_new(&doc, &err));
	FAILS(XC_ERR_INVALID, xc_doc_add_posting(doc, "", 0, 1, &err));
	FAILS(XC_ERR_INVALID, xc_doc_add_term(doc, "", 0, 1, &err));
	FAILS(XC_ERR_INVALID, xc_doc_add_boolean_term(doc, "x", 0, &err));
	FAILS(XC_ERR_INVALID, xc_doc_add_posting(doc, NULL, 3, 1, &err));
	FAILS(XC_ERR_INVALID, xc_query_term("", 0, 1, &q, &err));
	assert_null(q);
	FAILS(XC_ERR_INVALID, xc_query_combine(XC_OP_AND, subs, 2, 0, &q,
					       &err));
	FAILS(XC_ERR_INVALID, xc_query_combine((xc_op)42, subs, 0, 0, &q,
					       &err));
	/* terms may hold any bytes, NUL included */
	OK(xc_doc_add_posting(doc, "a\0b", 3, 1, &err));

	/* glass refuses terms over 245 bytes when the document is added */
	memset(big, 'x', sizeof big);
	OK(xc_doc_add_term(doc, big, sizeof big, 1, &err));
	path_in(path, sizeof path, "bigterm");
	OK(xc_writer_open(path, 0, &w, &err));
	FAILS(XC_ERR_INVALID, xc_writer_add_document(w, doc, NULL, &err));
	OK(xc_writer_close(w, &err));
	xc_doc_free(doc);
}

static void test_stub(void **state)
{
	(void)state;
	char *err = NULL;
	char dir[300], path[400];
	xc_db *db = NULL;
	xc_writer *w = NULL;
	xc_doc *doc = NULL;
	FILE *f;
	uint32_t n = 0;

	path_in(dir, sizeof dir, "stubdir");
	assert_int_equal(mkdir(dir, 0777), 0);
	snprintf(path, sizeof path, "%s/g1", dir);
	build_db(path, 0, 3, XC_WRITER_CREATE);
	snprintf(path, sizeof path, "%s/XAPIANDB", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("glass g1\n", f);
	fclose(f);

	OK(xc_db_open(dir, &db, &err));
	OK(xc_db_doccount(db, &n, &err));
	assert_int_equal(n, 3);
	expect_hits(db, term("fox"), "1,3");

	/* writing through the stub reaches g1 */
	OK(xc_writer_open(dir, 0, &w, &err));
	OK(xc_doc_new(&doc, &err));
	fill_doc(doc, "a stub walrus", "s", "s.txt");
	OK(xc_writer_add_document(w, doc, NULL, &err));
	xc_doc_free(doc);
	OK(xc_writer_close(w, &err));
	xc_db_close(db);

	snprintf(path, sizeof path, "%s/g1", dir);
	OK(xc_db_open(path, &db, &err));
	expect_hits(db, term("walrus"), "4");
	xc_db_close(db);

	/* the stub file itself works as a path too */
	snprintf(path, sizeof path, "%s/XAPIANDB", dir);
	OK(xc_db_open(path, &db, &err));
	OK(xc_db_doccount(db, &n, &err));
	assert_int_equal(n, 4);
	xc_db_close(db);
}

static void test_two_databases(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300], missing[300];
	xc_db *db = open_main();
	uint32_t n = 0;
	xc_mset *m = NULL;
	xc_query *q;

	path_in(path, sizeof path, "second");
	build_db(path, 2, 3, XC_WRITER_CREATE); /* corpus docs 3..5 again */
	OK(xc_db_add(db, path, &err));
	OK(xc_db_doccount(db, &n, &err));
	assert_int_equal(n, NDOCS + 3);
	OK(xc_db_termfreq(db, "fox", &n, &err));
	assert_int_equal(n, 3);

	q = term("lazy");
	OK(xc_db_count(db, q, NULL, &n, &err));
	assert_int_equal(n, 3);
	OK(xc_db_search(db, q, 0, 10, NULL, &m, &err));
	assert_int_equal(xc_mset_size(m), 3);
	for (size_t i = 0; i < xc_mset_size(m); i++) {
		char *data = NULL;
		OK(xc_mset_data(m, i, &data, NULL, &err));
		assert_non_null(strstr(data, "lazy"));
		free(data);
	}
	xc_mset_free(m);
	xc_query_free(q);

	path_in(missing, sizeof missing, "no-second");
	assert_int_equal(xc_db_add(db, missing, &err), XC_ERR_NOT_FOUND);
	assert_non_null(strstr(err, missing));
	free(err);
	err = NULL;
	xc_db_close(db);
}

/* A document's data by its unique term: the corpus's "Q" + id, in the
 * first database or in one added after it; none is XC_ERR_NOT_FOUND. */
static void test_term_document_data(void **state)
{
	(void)state;
	char *err = NULL, *data = NULL;
	char path[300];
	size_t len = 0;
	xc_db *db = open_main();

	OK(xc_db_term_document_data(db, "Q4", 2, &data, &len, &err));
	assert_int_equal(len, strlen(corpus[3].text));
	assert_memory_equal(data, corpus[3].text, len);
	free(data);
	data = NULL;
	/* A term of several documents gives the first (Pa.txt: docs 1, 2). */
	OK(xc_db_term_document_data(db, "Pa.txt", 6, &data, &len, &err));
	assert_string_equal(data, corpus[0].text);
	free(data);
	data = NULL;
	FAILS(XC_ERR_NOT_FOUND, xc_db_term_document_data(db, "Q9", 2, &data, &len, &err));
	assert_null(data);
	FAILS(XC_ERR_INVALID, xc_db_term_document_data(db, "", 0, &data, &len, &err));

	/* A term only a database added after the first holds. */
	xc_writer *w = NULL;
	xc_doc *doc = NULL;
	path_in(path, sizeof path, "third");
	OK(xc_writer_open(path, XC_WRITER_CREATE, &w, &err));
	OK(xc_doc_new(&doc, &err));
	fill_doc(doc, "only the third holds it", "7", "d.txt");
	OK(xc_writer_add_document(w, doc, NULL, &err));
	xc_doc_free(doc);
	OK(xc_writer_close(w, &err));
	OK(xc_db_add(db, path, &err));
	OK(xc_db_term_document_data(db, "Q7", 2, &data, &len, &err));
	assert_string_equal(data, "only the third holds it");
	free(data);
	xc_db_close(db);
}

/* ------------------------------------------------------------ keys */

/* Keys written as data (the stem families' "Z" + stem + NUL + ...): any
 * bytes, listed by prefix from every database of a handle, where
 * Xapian's own listing reads the first database's only. */
static int count_key(const char *key, size_t len, const char *value, size_t value_len,
		     void *ctx)
{
	(void)key, (void)len, (void)value, (void)value_len;
	((collected *)ctx)->calls++;
	return 0;
}

static void test_keys(void **state)
{
	(void)state;
	char *err = NULL, path[300], second[300], *value = NULL;
	xc_writer *w = NULL;
	xc_db *db = NULL;
	collected c = { .stop_after = 0 };
	size_t len = 0;
	const char *keys[] = { "Zkidnap\0en\0\x07ped", "Zkidnap\0en\0\x07", "Zkid\0en\0x" };
	const size_t lens[] = { 15, 12, 9 };
	char longest[254];

	path_in(path, sizeof path, "keys");
	path_in(second, sizeof second, "keys2");
	build_db(path, 0, 2, XC_WRITER_CREATE);
	build_db(second, 2, 2, XC_WRITER_CREATE);
	OK(xc_writer_open(path, 0, &w, &err));
	OK(xc_writer_add_keys(w, keys, lens, 3, 0, &err));
	/* a key's value is one byte: the key is the data */
	OK(xc_writer_get_metadata(w, "Zkid", &value, &len, &err));
	assert_int_equal(len, 0);
	free(value);
	memset(longest, 'k', sizeof longest);
	longest[0] = 'Z';
	const char *const at_limit[] = { longest };
	OK(xc_writer_add_keys(w, at_limit, (const size_t[]){ 253 }, 1, 1, &err));
	FAILS(XC_ERR_INVALID, xc_writer_add_keys(w, at_limit, (const size_t[]){ 254 }, 1, 0, &err));
	OK(xc_writer_remove_keys(w, at_limit, (const size_t[]){ 253 }, 1, &err));
	FAILS(XC_ERR_INVALID, xc_writer_add_keys(w, keys, (const size_t[]){ 0 }, 1, 0, &err));
	FAILS(XC_ERR_INVALID, xc_writer_add_keys(w, NULL, lens, 1, 0, &err));
	FAILS(XC_ERR_INVALID, xc_writer_add_keys(NULL, keys, lens, 1, 0, &err));
	OK(xc_writer_add_keys(w, NULL, NULL, 0, 0, &err));
	OK(xc_writer_close(w, &err));
	OK(xc_writer_open(second, 0, &w, &err));
	/* only_new: the one missing is written, the one there left */
	OK(xc_writer_add_keys(w, keys, lens, 2, 1, &err));
	OK(xc_writer_add_keys(w, keys, lens, 2, 1, &err));
	OK(xc_writer_add_keys(w, (const char *const[]){ "Zkidnap\0fr\0\x07" },
			      (const size_t[]){ 12 }, 1, 1, &err));
	/* removing one missing is not an error */
	OK(xc_writer_remove_keys(w, keys, lens + 1, 1, &err));
	OK(xc_writer_remove_keys(w, (const char *const[]){ "Znone" }, (const size_t[]){ 5 }, 1,
				 &err));
	OK(xc_writer_close(w, &err));

	OK(xc_db_open(path, &db, &err));
	/* sorted; the NUL in the prefix counts: "Zkid" lists "Zkid/" only */
	expect_keys(db, "Zkidnap", 7, 0, "Zkidnap/en/\x07|Zkidnap/en/\x07ped");
	expect_keys(db, "Zkid\0", 5, 0, "Zkid/en/x");
	expect_keys(db, "Z", 1, 0, "Zkid/en/x|Zkidnap/en/\x07|Zkidnap/en/\x07ped");
	expect_keys(db, "Znothing", 8, 0, "");
	/* a nonzero return stops the listing */
	expect_keys(db, "Z", 1, 1, "Zkid/en/x");
	/* another database added: its keys after the first's, a key both
	 * hold twice */
	OK(xc_db_add(db, second, &err));
	expect_keys(db, "Zkidnap", 7, 0,
		    "Zkidnap/en/\x07|Zkidnap/en/\x07ped|Zkidnap/en/\x07ped|Zkidnap/fr/\x07");
	expect_keys(db, "Zkidnap", 7, 3, "Zkidnap/en/\x07|Zkidnap/en/\x07ped|Zkidnap/en/\x07ped");
	/* Xapian's own listing reads the first database only */
	OK(xc_db_each_metadata(db, "Zkidnap", count_key, &c, &err));
	assert_int_equal(c.calls, 2);
	c.calls = 0;
	FAILS(XC_ERR_INVALID, xc_db_each_key(db, "Z", 1, NULL, &c, &err));
	FAILS(XC_ERR_INVALID, xc_db_each_key(db, NULL, 1, on_key, &c, &err));
	FAILS(XC_ERR_INVALID, xc_db_each_key(NULL, "Z", 1, on_key, &c, &err));
	xc_db_close(db);

	/* an empty handle with databases added: each's keys */
	OK(xc_db_new("keys", &db, &err));
	expect_keys(db, "Z", 1, 0, "");
	OK(xc_db_add(db, second, &err));
	OK(xc_db_add(db, path, &err));
	expect_keys(db, "Zkidnap\0fr", 10, 0, "Zkidnap/fr/\x07");
	expect_keys(db, "Zkid\0", 5, 0, "Zkid/en/x");
	xc_db_close(db);
}

/* ------------------------------------------------ accept (match decider) */


static int accept_containing(const char *data, size_t len, void *ctx)
{
	accept_ctx *a = ctx;
	a->calls++;
	assert_true(data != NULL || len == 0);
	return len && memmem(data, len, a->needle, strlen(a->needle)) != NULL;
}

/* Like expect_hits, with an accept callback keeping the documents whose
 * data holds `needle`; xc_db_count with the same options must agree. */
static void expect_accepted(xc_db *db, xc_query *q, const char *needle,
			    const char *want)
{
	char *err = NULL;
	xc_mset *m = NULL;
	xc_search_options o;
	accept_ctx a = { needle, 0 };
	char got[256] = "";
	int seen[64] = { 0 };
	uint32_t count = 99, n = 0;

	xc_search_options_init(&o);
	assert_null(o.accept);
	assert_null(o.accept_ctx);
	o.accept = accept_containing;
	o.accept_ctx = &a;
	OK(xc_db_search(db, q, 0, 50, &o, &m, &err));
	for (size_t i = 0; i < xc_mset_size(m); i++) {
		uint32_t id = xc_mset_docid(m, i);
		char *data = NULL;
		size_t len = 0;
		assert_in_range(id, 1, 63);
		assert_false(seen[id]);
		seen[id] = 1;
		n++;
		OK(xc_mset_data(m, i, &data, &len, &err));
		assert_non_null(memmem(data, len, needle, strlen(needle)));
		free(data);
	}
	for (int id = 1; id < 64; id++)
		if (seen[id])
			snprintf(got + strlen(got), sizeof got - strlen(got),
				 "%s%d", *got ? "," : "", id);
	xc_mset_free(m);
	if (strcmp(got, want) != 0) {
		char *d = xc_query_describe(q);
		fail_msg("%s accepting \"%s\": got {%s}, wanted {%s}", d,
			 needle, got, want);
	}
	OK(xc_db_count(db, q, &o, &count, &err));
	assert_int_equal(count, n);
	xc_query_free(q);
}

static void test_accept(void **state)
{
	(void)state;
	char *err = NULL;
	xc_db *db = open_main();
	xc_search_options o;
	accept_ctx a = { "", 0 };
	xc_query *q;
	uint32_t n = 0;

	/* brown: 1,2,3; of those, "fox" is in 1 and 3 */
	expect_accepted(db, term("brown"), "fox", "1,3");
	/* "quick brown" as a substring of the data: only doc 1 */
	expect_accepted(db, term("brown"), "quick brown", "1");
	expect_accepted(db, term("brown"), "zebra", "");
	/* the decider sees each candidate's own data */
	expect_accepted(db, combine(XC_OP_OR, 0, term("dog"), term("color"),
				    NULL), "dog", "1,4");
	expect_accepted(db, combine(XC_OP_OR, 0, term("dog"), term("color"),
				    NULL), "money", "6");
	expect_accepted(db, term("Pc.txt"), "colo", "5,6");

	/* the callback is called for candidates only, and accepting all
	 * gives what no callback gives */
	a.needle = " ";
	xc_search_options_init(&o);
	o.accept = accept_containing;
	o.accept_ctx = &a;
	q = term("lazy");
	OK(xc_db_count(db, q, &o, &n, &err));
	assert_int_equal(n, 2);
	assert_in_range(a.calls, 2, 2);
	/* NULL accept with a ctx: every match is a hit */
	o.accept = NULL;
	OK(xc_db_count(db, q, &o, &n, &err));
	assert_int_equal(n, 2);
	xc_query_free(q);
	xc_db_close(db);
}

/* Exact counts with a decider over many documents and a small page. */
static void test_accept_count_exact(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300], data[32];
	xc_writer *w = NULL;
	xc_doc *doc = NULL;
	xc_db *db = NULL;
	xc_query *q;
	xc_mset *m = NULL;
	xc_search_options o;
	accept_ctx a = { "mod3=0", 0 };
	uint32_t n = 0, want = 0, matches = 0;
	const unsigned N = 2500;

	path_in(path, sizeof path, "acceptcount");
	OK(xc_writer_open(path, XC_WRITER_CREATE | XC_WRITER_NO_SYNC, &w,
			  &err));
	OK(xc_doc_new(&doc, &err));
	for (unsigned i = 0; i < N; i++) {
		xc_doc_clear(doc);
		OK(xc_doc_add_posting(doc, "all", 3, 1, &err));
		if (i % 7 == 0 || i % 11 == 0)
			OK(xc_doc_add_posting(doc, "some", 4, 2, &err));
		/* a varying wdf makes the weights differ */
		OK(xc_doc_add_term(doc, "all", 3, i % 4, &err));
		snprintf(data, sizeof data, "i=%u mod3=%u", i, i % 3);
		OK(xc_doc_set_data(doc, data, strlen(data), &err));
		OK(xc_writer_add_document(w, doc, NULL, &err));
	}
	xc_doc_free(doc);
	OK(xc_writer_close(w, &err));
	for (unsigned i = 0; i < N; i++)
		if (i % 7 == 0 || i % 11 == 0) {
			matches++;
			if (i % 3 == 0)
				want++;
		}

	OK(xc_db_open(path, &db, &err));
	xc_search_options_init(&o);
	o.accept = accept_containing;
	o.accept_ctx = &a;

	q = term("some");
	OK(xc_db_count(db, q, NULL, &n, &err));
	assert_int_equal(n, matches);
	OK(xc_db_count(db, q, &o, &n, &err));
	assert_int_equal(n, want);
	/* the decider saw every match, no more */
	assert_int_equal(a.calls, matches);

	/* a small page holds accepted documents only */
	OK(xc_db_search(db, q, 0, 5, &o, &m, &err));
	assert_int_equal(xc_mset_size(m), 5);
	for (size_t i = 0; i < xc_mset_size(m); i++) {
		char *d = NULL;
		OK(xc_mset_data(m, i, &d, NULL, &err));
		assert_non_null(strstr(d, "mod3=0"));
		free(d);
	}
	xc_mset_free(m);
	/* and covering every document, the estimate is exact too */
	o.check_at_least = N;
	OK(xc_db_search(db, q, 0, 5, &o, &m, &err));
	assert_int_equal(xc_mset_matches_estimated(m), want);
	xc_mset_free(m);
	/* the last page ends at the accepted count */
	OK(xc_db_search(db, q, want - 2, 10, &o, &m, &err));
	assert_int_equal(xc_mset_size(m), 2);
	xc_mset_free(m);
	xc_query_free(q);

	/* all documents, accepting one in three */
	q = term("all");
	a.needle = "mod3=1";
	OK(xc_db_count(db, q, &o, &n, &err));
	assert_int_equal(n, N / 3); /* i = 1, 4, ..., 2497: 833 */
	a.needle = "nowhere";
	OK(xc_db_count(db, q, &o, &n, &err));
	assert_int_equal(n, 0);
	xc_query_free(q);
	xc_db_close(db);
}

/* ------------------------------------------------------------ compaction */

/* ------------------------------------------------------------ metadata */

/* ------------------------------------------------------------ termcount */

/* The distinct space-separated words of corpus[first, first + n). */
static uint64_t distinct_words(size_t first, size_t n)
{
	char words[64][32];
	size_t nw = 0;
	for (size_t i = first; i < first + n; i++) {
		const char *p = corpus[i].text;
		while (*p) {
			size_t len = strcspn(p, " ");
			size_t k;
			assert_true(len < 32);
			for (k = 0; k < nw; k++)
				if (strlen(words[k]) == len &&
				    !memcmp(words[k], p, len))
					break;
			if (k == nw) {
				assert_true(nw < 64);
				memcpy(words[nw], p, len);
				words[nw++][len] = '\0';
			}
			p += len;
			p += strspn(p, " ");
		}
	}
	return nw;
}

static void test_termcount(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300];
	xc_db *db = open_main();
	xc_writer *w = NULL;
	xc_doc *doc = NULL;
	uint64_t n = 0;
	/* "the quick brown fox jumps over the lazy dog" and the rest:
	 * 20 distinct words; their "Z" stems, like the Q and P ids, start upper
	 * case and are not words */
	const uint64_t words = distinct_words(0, NDOCS);

	assert_int_equal(words, 20);
	OK(xc_db_termcount(db, &n, &err));
	assert_int_equal(n, words);
	/* a second database with some of the same words: distinct terms */
	path_in(path, sizeof path, "termcount-second");
	build_db(path, 2, 3, XC_WRITER_CREATE);
	OK(xc_db_add(db, path, &err));
	OK(xc_db_termcount(db, &n, &err));
	assert_int_equal(n, words);
	FAILS(XC_ERR_INVALID, xc_db_termcount(db, NULL, &err));
	FAILS(XC_ERR_INVALID, xc_db_termcount(NULL, &n, &err));
	xc_db_close(db);

	OK(xc_db_open(path, &db, &err));
	OK(xc_db_termcount(db, &n, &err));
	assert_int_equal(n, distinct_words(2, 3));
	xc_db_close(db);

	/* an empty database; then words, ids and a path only */
	path_in(path, sizeof path, "termcount");
	OK(xc_writer_open(path, XC_WRITER_CREATE, &w, &err));
	OK(xc_writer_close(w, &err));
	OK(xc_db_open(path, &db, &err));
	n = 99;
	OK(xc_db_termcount(db, &n, &err));
	assert_int_equal(n, 0);

	OK(xc_writer_open(path, 0, &w, &err));
	OK(xc_doc_new(&doc, &err));
	for (unsigned i = 0; i < 10; i++) {
		char t[16];
		xc_doc_clear(doc);
		snprintf(t, sizeof t, "w%u", i % 4);  /* w0..w3 */
		OK(xc_doc_add_posting(doc, t, strlen(t), 1, &err));
		OK(xc_doc_add_posting(doc, "élysée", strlen("élysée"), 2,
				      &err));
		snprintf(t, sizeof t, "Q%u", i);
		OK(xc_doc_add_boolean_term(doc, t, strlen(t), &err));
		OK(xc_doc_add_boolean_term(doc, "Pone.txt", 8, &err));
		OK(xc_writer_add_document(w, doc, NULL, &err));
	}
	xc_doc_free(doc);
	OK(xc_writer_close(w, &err));
	OK(xc_db_reopen(db, &err));
	OK(xc_db_termcount(db, &n, &err));
	assert_int_equal(n, 5);
	xc_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_to_string),
		cmocka_unit_test(test_counts_and_termfreq),
		cmocka_unit_test(test_boolean_ops),
		cmocka_unit_test(test_positional_ops),
		cmocka_unit_test(test_ranking_and_results),
		cmocka_unit_test(test_exact_count),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_invalid_terms),
		cmocka_unit_test(test_stub),
		cmocka_unit_test(test_two_databases),
		cmocka_unit_test(test_term_document_data),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_accept_count_exact),
		cmocka_unit_test(test_termcount),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
