/* Unit tests of lib/xapian-c's result calls: values and collapsing,
 * AND_MAYBE, the bound of a weight, estimates, documents by id. */
#include "xapian_fixture.h"

/* ------------------------------------- values, collapsing, AND_MAYBE */

/* The docids of m in rank order, as "2,5,6". */
static void ranked(const xc_mset *m, char *buf, size_t size)
{
	*buf = '\0';
	for (size_t i = 0; i < xc_mset_size(m); i++) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, "%s%u", i ? "," : "",
			 (unsigned)xc_mset_docid(m, i));
		if (i > 0)
			assert_true(xc_mset_weight(m, i - 1) >=
				    xc_mset_weight(m, i));
	}
}

/* Asserts hit i's collapse key is key[0, len). */
static void expect_key(const xc_mset *m, size_t i, const char *key,
		       size_t len)
{
	char *err = NULL;
	char buf[32];
	size_t got = 99;
	memset(buf, '#', sizeof buf);
	OK(xc_mset_key(m, i, buf, sizeof buf, &got, &err));
	assert_int_equal(got, len);
	assert_memory_equal(buf, key, len);
	assert_int_equal(buf[len], '#'); /* nothing past the key written */
}

/* Accepts documents whose data does NOT hold a->needle. */
static int accept_lacking(const char *data, size_t len, void *ctx)
{
	accept_ctx *a = ctx;
	a->calls++;
	return !memmem(data, len, a->needle, strlen(a->needle));
}

/* The collapse corpus: every document but the last holds "apple"; slot 0
 * is the collapse key (NULL: no value), slot 1 the docid's parity.  With
 * one posting and one Z stem per word, a document's length is twice its
 * words, so within a key its rank follows (apple's wdf, words): more
 * apples in no more words weighs more.  The average is 49/9 words, so no
 * apple document is under the 0.5 min_normlen floor (2.7 words). */
static const char key_c[] = "key C\0long"; /* 10 bytes, a NUL inside */
static const struct {
	const char *text;
	const char *key;
	size_t key_len;
} keyed[] = {
	/* 1 */ { "apple pear pear pear pear pear", "A", 1 },   /* (1, 6) */
	/* 2 */ { "apple apple apple reject", "A", 1 },         /* (3, 4) */
	/* 3 */ { "apple apple pear pear pear", "A", 1 },       /* (2, 5) */
	/* 4 */ { "apple plum plum plum", "B", 1 },             /* (1, 4) */
	/* 5 */ { "apple apple plum plum", "B", 1 },            /* (2, 4) */
	/* 6 */ { "apple kiwi kiwi kiwi kiwi kiwi kiwi", key_c,
		  sizeof key_c - 1 },                           /* (1, 7) */
	/* 7 */ { "apple fig fig fig fig fig fig fig", NULL, 0 },   /* (1, 8) */
	/* 8 */ { "apple fig fig fig fig fig fig fig fig", "A", 1 },
		  /* (1, 9); build_keyed removes its "A" again */
	/* 9 */ { "plum plum", "B", 1 },                        /* no apple */
};
#define NKEYED (sizeof keyed / sizeof keyed[0])

static void build_keyed(const char *path)
{
	char *err = NULL;
	xc_writer *w = NULL;
	xc_doc *doc = NULL;

	OK(xc_writer_open(path, XC_WRITER_CREATE, &w, &err));
	OK(xc_doc_new(&doc, &err));
	for (size_t i = 0; i < NKEYED; i++) {
		char id[8];
		uint32_t docid = 0;
		snprintf(id, sizeof id, "%zu", i + 1);
		fill_doc(doc, keyed[i].text, id, "k.txt"); /* clears values */
		if (keyed[i].key)
			OK(xc_doc_set_value(doc, 0, keyed[i].key,
					    keyed[i].key_len, &err));
		if (i + 1 == 8)
			/* an empty value removes the one set: doc 8 has no
			 * key after all */
			OK(xc_doc_set_value(doc, 0, NULL, 0, &err));
		/* set twice: the second value replaces the first */
		OK(xc_doc_set_value(doc, 1, "x", 1, &err));
		OK(xc_doc_set_value(doc, 1, (i + 1) % 2 ? "odd" : "even",
				    (i + 1) % 2 ? 3 : 4, &err));
		OK(xc_writer_add_document(w, doc, &docid, &err));
		assert_int_equal(docid, i + 1);
	}
	FAILS(XC_ERR_INVALID, xc_doc_set_value(NULL, 0, "x", 1, &err));
	FAILS(XC_ERR_INVALID, xc_doc_set_value(doc, 0, NULL, 1, &err));
	xc_doc_free(doc);
	OK(xc_writer_close(w, &err));
}

/* Searches "apple" with opts; checks the docids in rank order. */
static xc_mset *expect_ranked(xc_db *db, const xc_search_options *o,
			      uint32_t offset, const char *want)
{
	char *err = NULL;
	xc_query *q = term("apple");
	xc_mset *m = NULL;
	char got[128];
	OK(xc_db_search(db, q, offset, 20, o, &m, &err));
	ranked(m, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("apple, collapse %d slot %u, offset %u: got {%s}, "
			 "wanted {%s}", o ? o->collapse : 0,
			 o ? o->collapse_slot : 0, (unsigned)offset, got, want);
	xc_query_free(q);
	return m;
}

static void test_collapse(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300], buf[4];
	xc_db *db = NULL;
	xc_mset *m = NULL;
	xc_search_options o;
	accept_ctx a = { "reject", 0 };
	size_t len = 0;
	char *data = NULL;

	path_in(path, sizeof path, "collapse");
	build_keyed(path);
	OK(xc_db_open(path, &db, &err));
	xc_search_options_init(&o);
	assert_int_equal(o.collapse, 0);
	assert_int_equal(o.collapse_slot, 0);

	/* no collapsing: every apple document, no keys.  Within an apple
	 * count, shorter first; 3 (2 apples in 5 words) outranks 4 (1 in 4):
	 * BM25's wdf / (k1 (0.5 + 0.5 len/avlen) + wdf) is 2 / (0.96 + 2)
	 * = 0.68 for 3, 1 / (0.87 + 1) = 0.54 for 4 */
	m = expect_ranked(db, &o, 0, "2,5,3,4,1,6,7,8");
	for (size_t i = 0; i < xc_mset_size(m); i++)
		expect_key(m, i, "", 0);
	xc_mset_free(m);

	/* the best of each key: A's best is 2 (3 apples in 4 words), B's 5
	 * (2 in 4); C has only 6; 7 and 8 have no key, and Xapian never
	 * collapses an empty key.  By (wdf, words): 2 (3,4) > 5 (2,4) >
	 * 6 (1,7) > 7 (1,8) > 8 (1,9). */
	o.collapse = 1;
	m = expect_ranked(db, &o, 0, "2,5,6,7,8");
	expect_key(m, 0, "A", 1);
	expect_key(m, 1, "B", 1);
	expect_key(m, 2, key_c, sizeof key_c - 1);
	expect_key(m, 3, "", 0);
	expect_key(m, 4, "", 0);
	/* a hit's data is its own document's */
	OK(xc_mset_data(m, 1, &data, &len, &err));
	assert_int_equal(len, strlen(keyed[4].text));
	assert_string_equal(data, keyed[4].text);
	free(data);
	/* a short buffer gets the key's first cap bytes, *len_out all of it */
	memset(buf, '#', sizeof buf);
	OK(xc_mset_key(m, 2, buf, 3, &len, &err));
	assert_int_equal(len, sizeof key_c - 1);
	assert_memory_equal(buf, "key#", 4);
	OK(xc_mset_key(m, 0, buf, sizeof buf, NULL, &err));
	assert_int_equal(buf[0], 'A');
	FAILS(XC_ERR_INVALID, xc_mset_key(m, 5, buf, sizeof buf, &len, &err));
	FAILS(XC_ERR_INVALID, xc_mset_key(m, 0, NULL, 1, &len, &err));
	FAILS(XC_ERR_INVALID, xc_mset_key(NULL, 0, buf, sizeof buf, &len,
					  &err));
	xc_mset_free(m);
	/* with equal weights broken by slot 1, each hit carries its slot 1
	 * value as its sort key: 2 and 8 even, the rest odd */
	o.collapse = 0;
	o.tie_break = 1;
	o.tie_slot = 1;
	m = expect_ranked(db, &o, 0, "2,5,3,4,1,6,7,8");
	for (size_t i = 0; i < xc_mset_size(m); i++) {
		uint32_t d = xc_mset_docid(m, i);
		const char *want = d % 2 ? "odd" : "even";
		memset(buf, '#', sizeof buf);
		OK(xc_mset_sort_key(m, i, buf, sizeof buf, &len, &err));
		assert_int_equal(len, strlen(want));
		assert_memory_equal(buf, want, len);
	}
	FAILS(XC_ERR_INVALID, xc_mset_sort_key(m, 8, buf, sizeof buf, &len, &err));
	o.tie_break = 0;
	o.collapse = 1;
	xc_mset_free(m);
	/* paging counts collapsed hits */
	m = expect_ranked(db, &o, 1, "5,6,7,8");
	xc_mset_free(m);

	/* the decider runs before collapsing: A's best, 2, holds "reject",
	 * so A's best accepted document, 3 (2 apples in 5 words, over 1's 1
	 * in 6), stands for A; it ranks below 5 (2 in 4) */
	o.accept = accept_lacking;
	o.accept_ctx = &a;
	m = expect_ranked(db, &o, 0, "5,3,6,7,8");
	expect_key(m, 0, "B", 1);
	expect_key(m, 1, "A", 1);
	xc_mset_free(m);
	/* the same for B: without 5, B's only other document, 4 (1 in 4),
	 * stands for it and still outranks 6 (1 in 7) */
	a.needle = "apple apple plum";
	m = expect_ranked(db, &o, 0, "2,4,6,7,8");
	expect_key(m, 1, "B", 1);
	xc_mset_free(m);
	/* a key all of whose documents are rejected is gone */
	a.needle = "plum";
	m = expect_ranked(db, &o, 0, "2,6,7,8");
	xc_mset_free(m);
	a.needle = "apple";
	m = expect_ranked(db, &o, 0, "");
	xc_mset_free(m);
	o.accept = NULL;

	/* another slot: the parity, whose best documents are 2 (even: over
	 * 4, 6, 8) and 5 (odd: over 3, 1, 7) */
	o.collapse_slot = 1;
	m = expect_ranked(db, &o, 0, "2,5");
	expect_key(m, 0, "even", 4);
	expect_key(m, 1, "odd", 3);
	xc_mset_free(m);
	/* a slot no document has: no key, so nothing collapses */
	o.collapse_slot = 7;
	m = expect_ranked(db, &o, 0, "2,5,3,4,1,6,7,8");
	for (size_t i = 0; i < xc_mset_size(m); i++)
		expect_key(m, i, "", 0);
	xc_mset_free(m);
	xc_db_close(db);
}

/* A length-only query: xc_mset_key takes a NULL buffer when cap is 0. */
static void test_mset_key_length_only(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300];
	xc_db *db = NULL;
	xc_mset *m = NULL;
	xc_search_options o;
	size_t len = 0;

	path_in(path, sizeof path, "collapse"); /* built by test_collapse */
	OK(xc_db_open(path, &db, &err));
	xc_search_options_init(&o);
	o.collapse = 1;
	m = expect_ranked(db, &o, 0, "2,5,6,7,8");
	OK(xc_mset_key(m, 2, NULL, 0, &len, &err));
	assert_int_equal(len, sizeof key_c - 1);
	len = 99;
	OK(xc_mset_key(m, 3, NULL, 0, &len, &err));
	assert_int_equal(len, 0);
	xc_mset_free(m);
	xc_db_close(db);
}

static void test_and_maybe(void **state)
{
	(void)state;
	char *err = NULL;
	xc_db *db = open_main();
	xc_query *lazy = term("lazy"), *fox = term("fox");
	xc_query *q = combine(XC_OP_AND_MAYBE, 0, term("lazy"), term("fox"),
			      NULL);
	xc_mset *ml = NULL, *mf = NULL, *m = NULL;
	double lazy1 = 0, lazy4 = 0, fox1 = 0;
	char *d;

	/* the first subquery's documents, whatever the others match */
	expect_hits(db, combine(XC_OP_AND_MAYBE, 0, term("lazy"), term("fox"),
				NULL), "1,4");
	expect_hits(db, combine(XC_OP_AND_MAYBE, 0, term("fox"), term("lazy"),
				NULL), "1,3");
	expect_hits(db, combine(XC_OP_AND_MAYBE, 0, term("lazy"),
				term("nosuchword"), NULL), "1,4");
	expect_hits(db, combine(XC_OP_AND_MAYBE, 0, term("nosuchword"),
				term("lazy"), NULL), "");
	expect_hits(db, combine(XC_OP_AND_MAYBE, 0, term("dog"), term("fox"),
				term("bread")), "1,4");
	d = xc_query_describe(q);
	assert_non_null(strstr(d, "AND_MAYBE"));
	free(d);

	/* the others add weight: on "lazy" alone doc 4 (4 words) outranks
	 * doc 1 (9 words); fox and lazy each index 2 of the 6 documents, so
	 * weigh the same in doc 1, which with "fox" doubles its lazy weight,
	 * more than the 1.25 times (BM25 length factor 2.34/1.875) doc 4's
	 * shortness gives it */
	OK(xc_db_search(db, lazy, 0, 10, NULL, &ml, &err));
	OK(xc_db_search(db, fox, 0, 10, NULL, &mf, &err));
	assert_int_equal(xc_mset_size(ml), 2);
	assert_int_equal(xc_mset_docid(ml, 0), 4);
	lazy4 = xc_mset_weight(ml, 0);
	lazy1 = xc_mset_weight(ml, 1);
	for (size_t i = 0; i < xc_mset_size(mf); i++)
		if (xc_mset_docid(mf, i) == 1)
			fox1 = xc_mset_weight(mf, i);
	assert_true(fabs(fox1 - lazy1) < 1e-9 * lazy1);
	OK(xc_db_search(db, q, 0, 10, NULL, &m, &err));
	assert_int_equal(xc_mset_size(m), 2);
	assert_int_equal(xc_mset_docid(m, 0), 1);
	assert_int_equal(xc_mset_docid(m, 1), 4);
	assert_true(fabs(xc_mset_weight(m, 0) - (lazy1 + fox1)) <
		    1e-9 * xc_mset_weight(m, 0));
	assert_true(fabs(xc_mset_weight(m, 1) - lazy4) < 1e-9 * lazy4);
	/* its bound covers both parts */
	assert_true(xc_mset_max_possible(m) >= xc_mset_weight(m, 0));
	assert_true(xc_mset_max_possible(m) >= xc_mset_max_possible(ml));
	xc_mset_free(m);
	xc_mset_free(mf);
	xc_mset_free(ml);
	xc_query_free(q);
	xc_query_free(lazy);
	xc_query_free(fox);
	xc_db_close(db);
}

/* The frequencies of a few terms in many hits at once, from the posting
 * lists, and each hit's length: "the" is in docs 1 (twice: "the quick
 * brown fox jumps over the lazy dog", which also holds "dog"), 3 and 6;
 * each word counts twice in a length (the word and its "Z" term), so 9, 6
 * and 4 words make 18, 12 and 8. */
static void test_wdfs_of_many_hits(void **state)
{
	(void)state;
	char *err = NULL;
	xc_db *db = open_main();
	xc_query *the = term("the");
	xc_mset *m = NULL;
	OK(xc_db_search(db, the, 0, 10, NULL, &m, &err));
	assert_int_equal(xc_mset_size(m), 3);
	const char *terms[] = { "dog", "nosuchword", "the" };
	size_t hits[] = { 2, 0, 1 };
	uint32_t wdf[9], len[3];
	OK(xc_mset_wdfs_of(m, hits, 3, terms, 3, wdf, len, &err));
	for (size_t h = 0; h < 3; h++) {
		uint32_t doc = xc_mset_docid(m, hits[h]);
		uint32_t want_dog = doc == 1, want_the = doc == 1 ? 2 : 1;
		uint32_t want_len = doc == 1 ? 18 : doc == 3 ? 12 : 8;
		assert_true(doc == 1 || doc == 3 || doc == 6);
		assert_int_equal(wdf[h * 3 + 0], want_dog);
		assert_int_equal(wdf[h * 3 + 1], 0);
		assert_int_equal(wdf[h * 3 + 2], want_the);
		assert_int_equal(len[h], want_len);
	}
	xc_mset_free(m);
	xc_query_free(the);
	xc_db_close(db);
}

static void test_max_possible(void **state)
{
	(void)state;
	char *err = NULL;
	xc_db *db = open_main();
	xc_query *the = term("the"), *none = term("nosuchword");
	xc_query *scaled = NULL;
	xc_mset *m = NULL, *m2 = NULL;
	xc_search_options o;
	double max;

	assert_true(xc_mset_max_possible(NULL) == 0);

	/* "the" is in docs 1 (twice), 3 and 6; with b = 0 BM25 ignores
	 * length, so the bound (at the most any document repeats a term
	 * here: 2) is reached by doc 1 */
	xc_search_options_init(&o);
	o.bm25_b = 0;
	OK(xc_db_search(db, the, 0, 10, &o, &m, &err));
	assert_int_equal(xc_mset_size(m), 3);
	assert_int_equal(xc_mset_docid(m, 0), 1);
	max = xc_mset_max_possible(m);
	assert_true(max > 0);
	assert_true(fabs(max - xc_mset_weight(m, 0)) < 1e-12 * max);
	assert_true(xc_mset_weight(m, 1) < max);
	xc_mset_free(m);

	/* with the default b it bounds every hit; a page past the hits has
	 * the same bound */
	OK(xc_db_search(db, the, 0, 10, NULL, &m, &err));
	max = xc_mset_max_possible(m);
	for (size_t i = 0; i < xc_mset_size(m); i++)
		assert_true(xc_mset_weight(m, i) <= max);
	OK(xc_db_search(db, the, 10, 10, NULL, &m2, &err));
	assert_int_equal(xc_mset_size(m2), 0);
	assert_true(xc_mset_max_possible(m2) == max);
	xc_mset_free(m2);

	/* a search of no hits gives the same bound, matching nothing */
	OK(xc_db_search(db, the, 0, 0, NULL, &m2, &err));
	assert_int_equal(xc_mset_size(m2), 0);
	assert_true(xc_mset_max_possible(m2) == max);
	xc_mset_free(m2);

	/* a weight cutoff between the second and third hits leaves the
	 * third out; one at the best hit's weight keeps it alone */
	xc_search_options_init(&o);
	o.weight_cutoff = (xc_mset_weight(m, 1) + xc_mset_weight(m, 2)) / 2;
	OK(xc_db_search(db, the, 0, 10, &o, &m2, &err));
	assert_int_equal(xc_mset_size(m2), 2);
	assert_int_equal(xc_mset_docid(m2, 0), xc_mset_docid(m, 0));
	assert_int_equal(xc_mset_docid(m2, 1), xc_mset_docid(m, 1));
	xc_mset_free(m2);
	o.weight_cutoff = xc_mset_weight(m, 0);
	OK(xc_db_search(db, the, 0, 10, &o, &m2, &err));
	assert_int_equal(xc_mset_size(m2), 1);
	xc_mset_free(m2);

	/* scaling the query scales the bound */
	OK(xc_query_scale(the, 2.5, &scaled, &err));
	OK(xc_db_search(db, scaled, 0, 10, NULL, &m2, &err));
	assert_true(fabs(xc_mset_max_possible(m2) - 2.5 * max) < 1e-9 * max);
	xc_mset_free(m2);
	xc_mset_free(m);

	/* a term found nowhere can weigh nothing */
	OK(xc_db_search(db, none, 0, 10, NULL, &m, &err));
	assert_int_equal(xc_mset_size(m), 0);
	assert_true(xc_mset_max_possible(m) == 0);
	xc_mset_free(m);

	xc_query_free(scaled);
	xc_query_free(the);
	xc_query_free(none);
	xc_db_close(db);
}

/* Asserts xc_db_estimate's estimate and upper bound for q; frees q. */
static void expect_estimate(xc_db *db, xc_query *q, uint32_t est,
			    uint32_t upper)
{
	char *err = NULL;
	uint32_t e = 99, u = 99;
	OK(xc_db_estimate(db, q, &e, &u, &err));
	if (e != est || u != upper) {
		char *d = xc_query_describe(q);
		fail_msg("%s: estimate %u, upper %u; wanted %u, %u", d,
			 (unsigned)e, (unsigned)u, (unsigned)est,
			 (unsigned)upper);
	}
	xc_query_free(q);
}

static void test_estimate(void **state)
{
	(void)state;
	char *err = NULL;
	xc_db *db = open_main();
	xc_query *q;
	uint32_t e = 99, n = 0;

	/* a term: its frequency, exactly */
	expect_estimate(db, term("brown"), 3, 3);
	expect_estimate(db, term("Pc.txt"), 2, 2);
	expect_estimate(db, term("nosuchword"), 0, 0);
	/* AND assumes independence: Pa.txt (2 of 6) and brown (3 of 6):
	 * 2 * 3 / 6 = 1, though both of Pa.txt's documents hold brown; at
	 * most the rarer one's 2 */
	expect_estimate(db, combine(XC_OP_AND, 0, term("Pa.txt"),
				    term("brown"), NULL), 1, 2);
	q = combine(XC_OP_AND, 0, term("Pa.txt"), term("brown"), NULL);
	OK(xc_db_count(db, q, NULL, &n, &err));
	assert_int_equal(n, 2);
	xc_query_free(q);
	/* OR: brown (3) or lazy (2): 3 + 2 - 3 * 2 / 6 = 4, at most 5 */
	expect_estimate(db, combine(XC_OP_OR, 0, term("brown"), term("lazy"),
				    NULL), 4, 5);
	/* a part found nowhere: AND none, OR the other part's */
	expect_estimate(db, combine(XC_OP_AND, 0, term("fox"),
				    term("nosuchword"), NULL), 0, 0);
	expect_estimate(db, combine(XC_OP_OR, 0, term("fox"),
				    term("nosuchword"), NULL), 2, 2);
	/* AND_MAYBE: the first part's */
	expect_estimate(db, combine(XC_OP_AND_MAYBE, 0, term("lazy"),
				    term("fox"), NULL), 2, 2);

	/* either out may be NULL; bad arguments fail */
	q = term("brown");
	OK(xc_db_estimate(db, q, &e, NULL, &err));
	assert_int_equal(e, 3);
	OK(xc_db_estimate(db, q, NULL, &e, &err));
	assert_int_equal(e, 3);
	FAILS(XC_ERR_INVALID, xc_db_estimate(NULL, q, &e, &n, &err));
	FAILS(XC_ERR_INVALID, xc_db_estimate(db, NULL, &e, &n, &err));
	xc_query_free(q);
	xc_db_close(db);
}

static void expect_data(xc_db *db, uint32_t docid, const char *want)
{
	char *err = NULL;
	char *data = NULL;
	size_t len = 99;
	OK(xc_db_document_data(db, docid, &data, &len, &err));
	assert_non_null(data);
	assert_int_equal(len, strlen(want));
	assert_string_equal(data, want); /* NUL-terminated too */
	free(data);
}

/* No document docid: XC_ERR_NOT_FOUND, with a message like every
 * failure (xapian_c.h), and nothing in *data_out. */
static void expect_no_doc(xc_db *db, uint32_t docid)
{
	char *err = NULL;
	char *data = NULL;
	size_t len = 99;
	xc_status st = xc_db_document_data(db, docid, &data, &len, &err);
	if (st != XC_ERR_NOT_FOUND)
		fail_msg("document %u: got %s, wanted %s: %s", (unsigned)docid,
			 xc_status_to_string(st),
			 xc_status_to_string(XC_ERR_NOT_FOUND),
			 err ? err : "(no message)");
	assert_null(data);
	if (!err)
		fail_msg("document %u: %s without a message", (unsigned)docid,
			 xc_status_to_string(st));
	assert_null(strchr(err, '\n'));
	free(err);
}

static void test_document_data(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300];
	xc_db *db = open_main(), *deleted = NULL;
	xc_writer *w = NULL;
	char *data = NULL;
	size_t len = 0;

	for (uint32_t id = 1; id <= NDOCS; id++)
		expect_data(db, id, corpus[id - 1].text);
	OK(xc_db_document_data(db, 2, &data, NULL, &err));
	assert_string_equal(data, corpus[1].text);
	free(data);
	data = NULL;
	FAILS(XC_ERR_INVALID, xc_db_document_data(NULL, 1, &data, &len, &err));
	FAILS(XC_ERR_INVALID, xc_db_document_data(db, 1, NULL, &len, &err));
	FAILS(XC_ERR_INVALID, xc_db_document_data(db, 0, &data, &len, &err));

	/* two databases interleave their docids: main's i is 2i - 1, the
	 * second's j (corpus docs 3..5) is 2j */
	path_in(path, sizeof path, "docdata-second");
	build_db(path, 2, 3, XC_WRITER_CREATE);
	OK(xc_db_add(db, path, &err));
	expect_data(db, 1, corpus[0].text);
	expect_data(db, 2, corpus[2].text);
	expect_data(db, 6, corpus[4].text);
	expect_data(db, 11, corpus[5].text);

	/* around a deleted document */
	path_in(path, sizeof path, "docdata-deleted");
	build_db(path, 0, NDOCS, XC_WRITER_CREATE);
	OK(xc_writer_open(path, 0, &w, &err));
	OK(xc_writer_delete_term(w, "Q2", &err));
	OK(xc_writer_close(w, &err));
	OK(xc_db_open(path, &deleted, &err));
	expect_data(deleted, 1, corpus[0].text);
	expect_data(deleted, 3, corpus[2].text);

	/* missing: the second database's 4th (docid 8), main's 7th (13), the
	 * deleted one, one past the last */
	expect_no_doc(db, 8);
	expect_no_doc(db, 13);
	expect_no_doc(deleted, 2);
	expect_no_doc(deleted, NDOCS + 1);
	xc_db_close(deleted);
	xc_db_close(db);
}

/* ------------------------------------------------------------ term sets */

/* The data of q's matches on db, in docid order, joined by "|". */
static void matched_texts(xc_db *db, xc_query *q, char *buf, size_t size)
{
	char *err = NULL;
	xc_mset *m = NULL;
	uint32_t ids[16];
	size_t n = 0;
	OK(xc_db_search(db, q, 0, 16, NULL, &m, &err));
	for (size_t i = 0; i < xc_mset_size(m) && n < 16; i++)
		ids[n++] = xc_mset_docid(m, i);
	for (size_t i = 1; i < n; i++)
		for (size_t k = i; k > 0 && ids[k - 1] > ids[k]; k--) {
			uint32_t t = ids[k];
			ids[k] = ids[k - 1];
			ids[k - 1] = t;
		}
	*buf = '\0';
	for (size_t i = 0; i < n; i++) {
		char *data = NULL;
		OK(xc_db_document_data(db, ids[i], &data, NULL, &err));
		size_t used = strlen(buf);
		snprintf(buf + used, size - used, "%s%s", i ? "|" : "", data);
		free(data);
	}
	xc_mset_free(m);
}

/* "quick" (corpus docs 1, 2, 3) filtered by a term set of files: the
 * files' passages, on one database and on two (each read for its own
 * documents). */
static void expect_filtered(xc_db *db, const char *const *files, size_t n, const char *want)
{
	char *err = NULL, got[512];
	xc_query *set = NULL, *both = NULL, *quick = term("quick");
	OK(xc_query_term_set(db, files, n, &set, &err));
	xc_query *pair[2] = { quick, set };
	OK(xc_query_combine(XC_OP_FILTER, pair, 2, 0, &both, &err));
	matched_texts(db, both, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("%s...: got {%s}, wanted {%s}", n ? files[0] : "", got, want);
	xc_query_free(set);
	xc_query_free(both);
	xc_query_free(quick);
}

static void test_term_set(void **state)
{
	(void)state;
	char *err = NULL, path[300];
	xc_db *db = open_main();
	const char *a[] = { "Pa.txt" }, *b[] = { "Pb.txt" }, *ab[] = { "Pa.txt", "Pb.txt" },
		   *none[] = { "Pzz" };
	const char *one = corpus[0].text, *two = corpus[1].text, *three = corpus[2].text;
	char want[512];

	snprintf(want, sizeof want, "%s|%s", one, two);
	expect_filtered(db, a, 1, want);
	/* asked again: the same answer from the kept set */
	expect_filtered(db, a, 1, want);
	expect_filtered(db, b, 1, three);
	snprintf(want, sizeof want, "%s|%s|%s", one, two, three);
	expect_filtered(db, ab, 2, want);
	expect_filtered(db, none, 1, "");
	expect_filtered(db, NULL, 0, "");

	/* a second database of corpus docs 3..5 (its "quick" is doc 3, of
	 * b.txt): each is filtered by its own documents' terms */
	path_in(path, sizeof path, "termset-second");
	build_db(path, 2, 3, XC_WRITER_CREATE);
	OK(xc_db_add(db, path, &err));
	snprintf(want, sizeof want, "%s|%s", one, two);
	expect_filtered(db, a, 1, want);
	snprintf(want, sizeof want, "%s|%s", three, three);
	expect_filtered(db, b, 1, want);

	xc_query *q = NULL;
	FAILS(XC_ERR_INVALID, xc_query_term_set(NULL, a, 1, &q, &err));
	FAILS(XC_ERR_INVALID, xc_query_term_set(db, NULL, 1, &q, &err));
	FAILS(XC_ERR_INVALID, xc_query_term_set(db, a, 1, NULL, &err));
	xc_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collapse),
		cmocka_unit_test(test_and_maybe),
		cmocka_unit_test(test_max_possible),
		cmocka_unit_test(test_wdfs_of_many_hits),
		cmocka_unit_test(test_estimate),
		cmocka_unit_test(test_document_data),
		cmocka_unit_test(test_term_set),
		/* after test_collapse: it reads the database built there */
		cmocka_unit_test(test_mset_key_length_only),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
