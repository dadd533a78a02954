/* Unit tests of lib/xapian-c's writing side: metadata, replacing and
 * deleting, transactions, the writer's lock, and compaction (what a
 * damaged chunk does to it). */
#include "xapian_fixture.h"

static void test_metadata(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300];
	xc_writer *w = NULL;
	xc_db *db = NULL;
	static const char value[] = "size=12\0mtime=3";
	char *got = NULL;
	size_t len = 99;

	path_in(path, sizeof path, "meta");
	OK(xc_writer_open(path, XC_WRITER_CREATE_OR_OPEN, &w, &err));
	OK(xc_writer_set_metadata(w, "file:a.txt", value, sizeof value, &err));
	OK(xc_writer_get_metadata(w, "file:a.txt", &got, &len, &err));
	assert_int_equal(len, sizeof value);
	assert_memory_equal(got, value, sizeof value);
	free(got);
	FAILS(XC_ERR_INVALID, xc_writer_set_metadata(w, "", "x", 1, &err));
	OK(xc_writer_close(w, &err));

	OK(xc_db_open(path, &db, &err));
	OK(xc_db_get_metadata(db, "file:a.txt", &got, &len, &err));
	assert_int_equal(len, sizeof value);
	assert_memory_equal(got, value, sizeof value);
	free(got);
	/* a missing key is an empty value, not an error */
	OK(xc_db_get_metadata(db, "file:missing", &got, &len, &err));
	assert_non_null(got);
	assert_int_equal(len, 0);
	assert_string_equal(got, "");
	free(got);
	xc_db_close(db);
}

static void test_replace_and_delete(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300];
	xc_writer *w = NULL;
	xc_doc *doc = NULL;
	xc_db *db = NULL;
	uint32_t n = 0;

	path_in(path, sizeof path, "replace");
	build_db(path, 0, NDOCS, XC_WRITER_CREATE);
	OK(xc_writer_open(path, XC_WRITER_CREATE_OR_OPEN, &w, &err));
	OK(xc_doc_new(&doc, &err));

	fill_doc(doc, "a zebra in a.txt", "2", "a.txt");
	OK(xc_writer_replace_document(w, "Q2", doc, &err));
	fill_doc(doc, "an okapi", "99", "d.txt");
	OK(xc_writer_replace_document(w, "Q99", doc, &err)); /* adds */
	OK(xc_writer_doccount(w, &n, &err));
	assert_int_equal(n, NDOCS + 1);
	FAILS(XC_ERR_INVALID, xc_writer_replace_document(w, "", doc, &err));
	xc_doc_free(doc);

	/* term_exists sees the transaction's own changes. */
	int exists = 0;
	OK(xc_writer_term_exists(w, "Q99", &exists, &err));
	assert_int_equal(exists, 1);
	OK(xc_writer_term_exists(w, "Pb.txt", &exists, &err));
	assert_int_equal(exists, 1);
	OK(xc_writer_delete_term(w, "Pb.txt", &err));
	OK(xc_writer_term_exists(w, "Pb.txt", &exists, &err));
	assert_int_equal(exists, 0);
	FAILS(XC_ERR_INVALID, xc_writer_term_exists(w, "", &exists, &err));
	OK(xc_writer_delete_term(w, "Pnothing", &err)); /* none: fine */
	FAILS(XC_ERR_INVALID, xc_writer_delete_term(w, "", &err));
	OK(xc_writer_doccount(w, &n, &err));
	assert_int_equal(n, NDOCS + 1 - 2);
	OK(xc_writer_close(w, &err));

	OK(xc_db_open(path, &db, &err));
	expect_hits(db, term("zebra"), "2");
	expect_hits(db, term("bread"), "");
	expect_hits(db, term("okapi"), "7");
	expect_hits(db, term("Pb.txt"), "");
	expect_hits(db, term("Pa.txt"), "1,2");
	expect_hits(db, term("fox"), "1");
	xc_db_close(db);
}

static void test_transactions(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300];
	xc_writer *w = NULL;
	xc_doc *doc = NULL;
	xc_db *db = NULL;
	uint32_t n = 0;

	path_in(path, sizeof path, "txn");
	build_db(path, 0, 2, XC_WRITER_CREATE);
	OK(xc_db_open(path, &db, &err));
	OK(xc_writer_open(path, 0, &w, &err));
	OK(xc_doc_new(&doc, &err));

	FAILS(XC_ERR_INVALID, xc_writer_cancel(w, &err)); /* none begun */
	OK(xc_writer_begin(w, &err));
	FAILS(XC_ERR_INVALID, xc_writer_begin(w, &err)); /* no nesting */
	for (size_t i = 2; i < NDOCS; i++) {
		fill_doc(doc, corpus[i].text, corpus[i].id, corpus[i].file);
		OK(xc_writer_add_document(w, doc, NULL, &err));
	}
	OK(xc_writer_delete_term(w, "Q1", &err));
	OK(xc_writer_set_metadata(w, "k", "v", 1, &err));
	OK(xc_writer_cancel(w, &err));
	OK(xc_writer_doccount(w, &n, &err));
	assert_int_equal(n, 2);
	OK(xc_writer_commit(w, &err)); /* a plain commit: nothing pending */
	OK(xc_db_reopen(db, &err));
	OK(xc_db_doccount(db, &n, &err));
	assert_int_equal(n, 2);
	expect_hits(db, term("fox"), "1");

	/* committed transactions become visible to a reopened reader */
	OK(xc_writer_begin(w, &err));
	fill_doc(doc, "walrus", "w", "w.txt");
	OK(xc_writer_add_document(w, doc, NULL, &err));
	OK(xc_writer_commit(w, &err));
	OK(xc_db_reopen(db, &err));
	expect_hits(db, term("walrus"), "3");

	/* close inside a transaction cancels it */
	OK(xc_writer_begin(w, &err));
	fill_doc(doc, "narwhal", "n", "n.txt");
	OK(xc_writer_add_document(w, doc, NULL, &err));
	xc_doc_free(doc);
	OK(xc_writer_close(w, &err));
	OK(xc_db_reopen(db, &err));
	OK(xc_db_doccount(db, &n, &err));
	assert_int_equal(n, 3);
	expect_hits(db, term("narwhal"), "");
	xc_db_close(db);
	OK(xc_writer_close(NULL, &err));
}

static void test_second_writer_locked(void **state)
{
	(void)state;
	char *err = NULL;
	xc_writer *w = NULL, *w2 = NULL;
	char path[300];
	pid_t pid;
	int pipefd[2], status;
	char c;

	path_in(path, sizeof path, "locked");
	OK(xc_writer_open(path, XC_WRITER_CREATE, &w, &err));
	assert_int_equal(xc_writer_open(path, 0, &w2, &err), XC_ERR_LOCKED);
	assert_null(w2);
	assert_non_null(err);
	assert_non_null(strstr(err, path));
	assert_null(strchr(err, '\n'));
	free(err);
	err = NULL;
	OK(xc_writer_close(w, &err));

	/* and from another process, which holds the lock until told */
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		xc_writer *cw = NULL;
		close(pipefd[0]);
		if (xc_writer_open(path, 0, &cw, NULL) != XC_OK)
			_exit(1);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		/* wait for the parent to close its end */
		sleep(30);
		_exit(0);
	}
	close(pipefd[1]);
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	FAILS(XC_ERR_LOCKED, xc_writer_open(path, 0, &w2, &err));
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(pipefd[0]);
	/* the lock dies with its holder */
	OK(xc_writer_open(path, 0, &w2, &err));
	OK(xc_writer_close(w2, &err));
}

static void test_compact(void **state)
{
	(void)state;
	char *err = NULL;
	char a[300], b[300], c[300], dest[300], missing[300];
	const char *srcs[3];
	xc_writer *w = NULL;
	xc_db *db = NULL;
	uint32_t n = 0;
	char *v = NULL;
	size_t len = 0;

	/* the corpus in two halves, each with its own metadata and keys */
	path_in(a, sizeof a, "chunk-a");
	path_in(b, sizeof b, "chunk-b");
	path_in(c, sizeof c, "chunk-empty");
	build_db(a, 0, 3, XC_WRITER_CREATE);
	build_db(b, 3, 3, XC_WRITER_CREATE);
	build_db(c, 0, 0, XC_WRITER_CREATE);
	OK(xc_writer_open(a, 0, &w, &err));
	OK(xc_writer_set_metadata(w, "file:a.txt", "A", 1, &err));
	OK(xc_writer_add_keys(w, (const char *const[]){ "Zfox\0fox" }, (const size_t[]){ 8 }, 1, 0,
			      &err));
	OK(xc_writer_close(w, &err));
	OK(xc_writer_open(b, 0, &w, &err));
	OK(xc_writer_set_metadata(w, "file:b.txt", "B", 1, &err));
	OK(xc_writer_add_keys(w, (const char *const[]){ "Zfox\0foxes", "Zfox\0fox", "Zdog\0dogs" },
			      (const size_t[]){ 10, 8, 9 }, 3, 0, &err));
	OK(xc_writer_close(w, &err));

	srcs[0] = a;
	srcs[1] = c;
	srcs[2] = b;
	path_in(dest, sizeof dest, "compacted");
	OK(xc_compact(srcs, 3, dest, &err));

	/* the same documents as the main database, numbered in order */
	OK(xc_db_open(dest, &db, &err));
	OK(xc_db_doccount(db, &n, &err));
	assert_int_equal(n, NDOCS);
	expect_hits(db, term("fox"), "1,3");
	expect_hits(db, term("lazy"), "1,4");
	expect_hits(db, combine(XC_OP_PHRASE, 0, term("lazy"), term("dog"),
				NULL), "1,4");
	expect_hits(db, term("Pc.txt"), "5,6");
	expect_hits(db, term("Q4"), "4");
	OK(xc_db_termfreq(db, "brown", &n, &err));
	assert_int_equal(n, 3);
	/* metadata and keys of every source, a key both hold once */
	OK(xc_db_get_metadata(db, "file:a.txt", &v, &len, &err));
	assert_int_equal(len, 1);
	assert_string_equal(v, "A");
	free(v);
	OK(xc_db_get_metadata(db, "file:b.txt", &v, &len, &err));
	assert_string_equal(v, "B");
	free(v);
	expect_keys(db, "Zfox", 4, 0, "Zfox/fox|Zfox/foxes");
	expect_keys(db, "Z", 1, 0, "Zdog/dogs|Zfox/fox|Zfox/foxes");
	xc_db_close(db);

	/* one source is fine too */
	path_in(dest, sizeof dest, "compacted-one");
	OK(xc_compact(srcs + 2, 1, dest, &err));
	OK(xc_db_open(dest, &db, &err));
	OK(xc_db_doccount(db, &n, &err));
	assert_int_equal(n, 3);
	expect_hits(db, term("lazy"), "1");
	xc_db_close(db);

	/* failures: nothing to merge, no destination, a missing source */
	path_in(dest, sizeof dest, "compacted-bad");
	FAILS(XC_ERR_INVALID, xc_compact(srcs, 0, dest, &err));
	FAILS(XC_ERR_INVALID, xc_compact(NULL, 1, dest, &err));
	FAILS(XC_ERR_INVALID, xc_compact(srcs, 1, "", &err));
	FAILS(XC_ERR_INVALID, xc_compact(srcs, 1, NULL, &err));
	path_in(missing, sizeof missing, "no-such-chunk");
	srcs[1] = missing;
	assert_int_equal(xc_compact(srcs, 2, dest, &err), XC_ERR_NOT_FOUND);
	assert_non_null(err);
	assert_null(strchr(err, '\n'));
	free(err);
	err = NULL;
	assert_int_equal(xc_db_open(dest, &db, &err), XC_ERR_NOT_FOUND);
	free(err);
	err = NULL;
}

/* A chunk whose document data glass cannot open (here a link to itself:
 * ELOOP; in make check-faults, an EIO) is not merged as a chunk without
 * document data, which glass would take it for. */
static void test_compact_unreadable_table(void **state)
{
	(void)state;
	char *err = NULL;
	char a[300], b[300], dest[300], table[320], moved[320];
	const char *srcs[2] = { a, b };
	xc_db *db = NULL;

	path_in(a, sizeof a, "lost-a");
	path_in(b, sizeof b, "lost-b");
	build_db(a, 0, 3, XC_WRITER_CREATE);
	build_db(b, 3, 3, XC_WRITER_CREATE);
	snprintf(table, sizeof table, "%s/docdata.glass", b);
	snprintf(moved, sizeof moved, "%s/docdata.kept", b);
	assert_int_equal(rename(table, moved), 0);
	assert_int_equal(symlink("docdata.glass", table), 0);

	path_in(dest, sizeof dest, "lost-compacted");
	assert_int_equal(xc_compact(srcs, 2, dest, &err), XC_ERR_IO);
	assert_non_null(err);
	assert_non_null(strstr(err, "docdata.glass"));
	free(err);
	err = NULL;
	assert_int_equal(xc_db_open(dest, &db, &err), XC_ERR_NOT_FOUND);
	free(err);
	err = NULL;

	/* readable again: merged whole */
	assert_int_equal(rename(moved, table), 0);
	OK(xc_compact(srcs, 2, dest, &err));
	OK(xc_db_open(dest, &db, &err));
	expect_hits(db, term("Pc.txt"), "5,6");
	xc_db_close(db);
}

static int on_metadata(const char *key, size_t key_len, const char *value,
		       size_t value_len, void *ctx)
{
	collected *c = ctx;
	char kv[256];
	assert_true(key_len + value_len + 2 < sizeof kv);
	memcpy(kv, key, key_len);
	kv[key_len] = '=';
	memcpy(kv + key_len + 1, value, value_len);
	/* NUL bytes in values show as '0' */
	for (size_t i = key_len + 1; i < key_len + 1 + value_len; i++)
		if (kv[i] == '\0')
			kv[i] = '0';
	collect(c, kv, key_len + 1 + value_len);
	return c->stop_after && c->calls >= c->stop_after;
}

static void expect_metadata_w(xc_writer *w, const char *prefix,
			      int stop_after, const char *want)
{
	char *err = NULL;
	collected c = { .stop_after = stop_after };
	OK(xc_writer_each_metadata(w, prefix, on_metadata, &c, &err));
	assert_string_equal(c.got, want);
}

static void expect_metadata_db(xc_db *db, const char *prefix,
			       int stop_after, const char *want)
{
	char *err = NULL;
	collected c = { .stop_after = stop_after };
	OK(xc_db_each_metadata(db, prefix, on_metadata, &c, &err));
	assert_string_equal(c.got, want);
}

static void test_each_metadata(void **state)
{
	(void)state;
	char *err = NULL;
	char path[300];
	xc_writer *w = NULL;
	xc_db *db = NULL;
	collected c = { .stop_after = 0 };
	const char *all = "file:a=1|file:b=2|file:c=x0y|filed=4|lang=english";

	path_in(path, sizeof path, "eachmeta");
	OK(xc_writer_open(path, XC_WRITER_CREATE, &w, &err));
	expect_metadata_w(w, "", 0, "");
	OK(xc_writer_set_metadata(w, "lang", "english", 7, &err));
	OK(xc_writer_set_metadata(w, "file:c", "x\0y", 3, &err));
	OK(xc_writer_set_metadata(w, "file:a", "1", 1, &err));
	OK(xc_writer_set_metadata(w, "filed", "4", 1, &err));
	OK(xc_writer_set_metadata(w, "file:b", "2", 1, &err));
	OK(xc_writer_set_metadata(w, "file:gone", "5", 1, &err));
	/* an empty value deletes the key */
	OK(xc_writer_set_metadata(w, "file:gone", "", 0, &err));
	OK(xc_writer_commit(w, &err));

	/* sorted, by prefix, with values of any bytes */
	expect_metadata_w(w, "file:", 0, "file:a=1|file:b=2|file:c=x0y");
	expect_metadata_w(w, "file", 0, "file:a=1|file:b=2|file:c=x0y|filed=4");
	expect_metadata_w(w, "", 0, all);
	expect_metadata_w(w, NULL, 0, all);
	expect_metadata_w(w, "file:b", 0, "file:b=2");
	expect_metadata_w(w, "file:a", 0, "file:a=1");
	expect_metadata_w(w, "nothing", 0, "");
	expect_metadata_w(w, "file:", 2, "file:a=1|file:b=2");
	expect_metadata_w(w, "", 1, "file:a=1");
	FAILS(XC_ERR_INVALID, xc_writer_each_metadata(w, "", NULL, &c, &err));
	FAILS(XC_ERR_INVALID, xc_writer_each_metadata(NULL, "", on_metadata,
						      &c, &err));

	/* a change inside a transaction; the writer sees it before commit */
	OK(xc_writer_begin(w, &err));
	OK(xc_writer_set_metadata(w, "file:a", "changed", 7, &err));
	OK(xc_writer_set_metadata(w, "file:b", "", 0, &err));
	expect_metadata_w(w, "file:", 0, "file:a=changed|file:c=x0y");
	OK(xc_writer_cancel(w, &err));
	expect_metadata_w(w, "file:", 0, "file:a=1|file:b=2|file:c=x0y");
	OK(xc_writer_close(w, &err));

	OK(xc_db_open(path, &db, &err));
	expect_metadata_db(db, "file:", 0, "file:a=1|file:b=2|file:c=x0y");
	expect_metadata_db(db, "", 0, all);
	expect_metadata_db(db, NULL, 0, all);
	expect_metadata_db(db, "l", 0, "lang=english");
	expect_metadata_db(db, "zzz", 0, "");
	expect_metadata_db(db, "file:", 1, "file:a=1");
	FAILS(XC_ERR_INVALID, xc_db_each_metadata(db, "", NULL, &c, &err));
	FAILS(XC_ERR_INVALID, xc_db_each_metadata(NULL, "", on_metadata, &c,
						  &err));
	assert_int_equal(c.calls, 0);
	xc_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_replace_and_delete),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_second_writer_locked),
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_compact_unreadable_table),
		cmocka_unit_test(test_each_metadata),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
