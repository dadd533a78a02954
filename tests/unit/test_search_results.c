/* The order of a query's results (search/results.c) over a small index
 * made here with lib/ingest.c: best score first; equal scores by file id
 * (rb_path_id of the path), then passage; by date with --sort; a file
 * holding the query only across passages after a passage holding it
 * whole, and a passage holding part of it after both.  Expected orders
 * are worked out from the documents: BM25 grows with a word's
 * occurrences and shrinks with the passage's length; identical passages
 * score the same. */
#include "search_fixture.h"

#include "../../search/results.h"

static query_options opts = { .langs = english, .n_langs = 1 };

/* The documents: a path, its date, its text (paragraphs are passages). */
static const struct {
	const char *path;
	int64_t date;
	const char *text;
} docs[] = {
	/* Four files, five passages of the same text: equal scores. */
	{ "/r/a.txt", 1000, "lantern gasket\n" },
	{ "/r/b.txt", 3000, "lantern gasket\n" },
	{ "/r/c.txt", 2000, "lantern gasket\n" },
	{ "/r/d.txt", 500, "lantern gasket\n\nlantern gasket\n" },
	/* beacon twice in 3 words, against once in 10. */
	{ "/r/e.txt", 0, "one two three four five six seven eight nine beacon\n" },
	{ "/r/f.txt", 0, "beacon beacon here\n" },
	/* copper and kettle in one passage; across two; copper alone. */
	{ "/r/g.txt", 0, "copper kettle\n" },
	{ "/r/h.txt", 0, "copper pot\n\nblack kettle\n" },
	{ "/r/i.txt", 0, "copper wire\n" },
};

static int setup(void **state)
{
	(void)state;
	char *err = NULL;
	xc_writer *w = fixture_writer();
	rb_ingest *in = NULL;
	assert_int_equal(rb_ingest_new(w, "english", &in, &err), RB_OK);
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
		fixture_ingest(in, docs[i].path, docs[i].text, docs[i].date);
	assert_int_equal(rb_ingest_flush(in, &err), RB_OK);
	assert_int_equal(xc_writer_commit(w, &err), XC_OK);
	rb_ingest_free(in);
	fixture_open(w);
	opts.files = files;
	return 0;
}

/* The hits of a query as "PATH#PASSAGE", a space apart; a file match's
 * with "+N" (its other passages), a partial hit's with "-" (missing
 * words). */
static void results_of(const char *text, results_order order, bool relax, char *out,
		       size_t cap)
{
	query q;
	result_set r;
	char *err = NULL;
	xc_search_options so;
	xc_search_options_init(&so);
	result_options ro = { .limit = 20, .order = order, .relax = relax,
			      .scatter_weight = RESULTS_SCATTER_WEIGHT };
	if (query_parse(an, db, text, &opts, &q, &err) ||
	    results_gather(db, &q, &so, &ro, &r, &err))
		fail_msg("%s: %s", text, err);
	out[0] = '\0';
	for (size_t i = 0; i < r.n; i++) {
		size_t len = strlen(out);
		rb_record rec;
		if (rb_record_read(files, r.v[i].data, r.v[i].len, &rec, NULL, &err))
			fail_msg("%s: %s", text, err);
		snprintf(out + len, cap - len, "%s%.*s#%u", i ? " " : "", (int)rec.path_len,
			 rec.path, r.v[i].passage);
		len = strlen(out);
		if (r.v[i].n_others)
			snprintf(out + len, cap - len, "+%zu", r.v[i].n_others);
		if (r.v[i].n_missing)
			snprintf(out + strlen(out), cap - strlen(out), "-");
	}
	results_free(&r);
	query_free(&q);
}

/* A query, its order and whether partial hits may join; its hits. */
static const struct {
	const char *why, *text;
	results_order order;
	bool relax;
	const char *hits;
} cases[] = {
	{ "equal scores: by file id, then passage (ids, XXH3 of the path: d"
	  " 435e543d..., c 4755c5a0..., a 8d104c03..., b ef1d00d8...)",
	  "lantern gasket", RESULTS_BY_SCORE, false,
	  "/r/d.txt#1 /r/d.txt#2 /r/c.txt#1 /r/a.txt#1 /r/b.txt#1" },
	{ "newest first: b 3000, c 2000, a 1000, d 500 (its passages in order)",
	  "lantern gasket", RESULTS_NEWEST, false,
	  "/r/b.txt#1 /r/c.txt#1 /r/a.txt#1 /r/d.txt#1 /r/d.txt#2" },
	{ "oldest first", "lantern gasket", RESULTS_OLDEST, false,
	  "/r/d.txt#1 /r/d.txt#2 /r/a.txt#1 /r/c.txt#1 /r/b.txt#1" },
	{ "twice in 3 words outweighs once in 10", "beacon", RESULTS_BY_SCORE, false,
	  "/r/f.txt#1 /r/e.txt#1" },
	{ "g holds both words in a passage; h only across its two, weighed 0.4 of"
	  " its parts: shown by its passage weighing most, \"black kettle\" (kettle"
	  " is in 2 passages, rarer than copper in 3; both passages are 2 words),"
	  " with the other",
	  "copper kettle", RESULTS_BY_SCORE, false, "/r/g.txt#1 /r/h.txt#2+1" },
	{ "relaxed, i's passage holding copper alone follows, weighed 0.1 of its"
	  " evidence",
	  "copper kettle", RESULTS_BY_SCORE, true, "/r/g.txt#1 /r/h.txt#2+1 /r/i.txt#1-" },
};

static void test_orders(void **state)
{
	(void)state;
	const char *by_id[] = { "/r/d.txt", "/r/c.txt", "/r/a.txt", "/r/b.txt" };
	for (size_t i = 1; i < 4; i++)
		assert_true(rb_path_id(by_id[i - 1], 8) < rb_path_id(by_id[i], 8));
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char got[256];
		results_of(cases[i].text, cases[i].order, cases[i].relax, got, sizeof got);
		if (strcmp(got, cases[i].hits) != 0)
			fail_msg("%s (%s): got %s, wanted %s", cases[i].text, cases[i].why, got,
				 cases[i].hits);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
