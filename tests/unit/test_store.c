/* Unit tests of lib/store.c: the modes an index gets and keeps, and its
 * errors in rubric's words. */
#include <fcntl.h>
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

#include "schema.h"
#include "extent.h"
#include "roots.h"
#include "families.h"
#include "store.h"
#include "version.h"

static char top[256];

/* A path under the test's folder, in one of 8 buffers used in turn. */
static char *at(const char *name)
{
	static char buf[8][512];
	static int i;
	i = (i + 1) % 8;
	snprintf(buf[i], sizeof buf[i], "%s/%s", top, name);
	return buf[i];
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(chmod(path, mode), 0);
}

static mode_t mode_of(const char *path)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	return st.st_mode & 07777;
}

/* A one-database rubric index at `dir` whose schema key is `schema`. */
static void make_index(const char *dir, const char *schema)
{
	char db[600], stub[600], *err = NULL;
	xc_writer *w = NULL;
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(db, sizeof db, "%s/db-1", dir);
	snprintf(stub, sizeof stub, "%s/XAPIANDB", dir);
	assert_int_equal(xc_writer_open(db, XC_WRITER_CREATE, &w, &err), XC_OK);
	assert_int_equal(xc_writer_set_metadata(w, RB_META_SCHEMA, schema, strlen(schema), &err),
			 XC_OK);
	assert_int_equal(xc_writer_close(w, &err), XC_OK);
	write_file(stub, "glass db-1\n", 0600);
}

static void test_modes_for_share(void **state)
{
	(void)state;
	assert_int_equal(rb_store_folder_mode(RB_SHARE_DEFAULT, 022), 0700);
	assert_int_equal(rb_store_folder_mode(RB_SHARE_PRIVATE, 0), 0700);
	assert_int_equal(rb_store_folder_mode(RB_SHARE_SHARED, 022), 0755);
	assert_int_equal(rb_store_folder_mode(RB_SHARE_SHARED, 027), 0750);
	/* Shared is for reading: never writable by others, whatever the umask. */
	assert_int_equal(rb_store_folder_mode(RB_SHARE_SHARED, 0), 0755);
	assert_int_equal(rb_store_folder_mode(RB_SHARE_SHARED, 077), 0700);
	/* A new index: from the share; the owner is never masked. */
	assert_int_equal(rb_store_umask(at("none"), RB_SHARE_DEFAULT, 0), 077);
	assert_int_equal(rb_store_umask(at("none"), RB_SHARE_SHARED, 022), 022);
	assert_int_equal(rb_store_umask(at("none"), RB_SHARE_SHARED, 0777), 077);
}

static void test_existing_index_keeps_modes(void **state)
{
	(void)state;
	char dir[512];
	snprintf(dir, sizeof dir, "%s", at("grp"));
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(chmod(dir, 0750), 0);
	/* No stub: not an index yet, so a new one's modes. */
	assert_int_equal(rb_store_umask(dir, RB_SHARE_DEFAULT, 0), 077);
	assert_false(rb_store_exists(dir));
	write_file(at("grp/XAPIANDB"), "glass db-1\n", 0640);
	assert_true(rb_store_exists(dir));
	assert_int_equal(rb_store_umask(dir, RB_SHARE_DEFAULT, 0), 027);
	assert_int_equal(rb_store_umask(dir, RB_SHARE_DEFAULT, 077), 027);
	/* Said on purpose: the share decides. */
	assert_int_equal(rb_store_umask(dir, RB_SHARE_PRIVATE, 0), 077);
	assert_int_equal(rb_store_umask(dir, RB_SHARE_SHARED, 022), 022);
}

static void test_chmod_and_modes(void **state)
{
	(void)state;
	char *err = NULL;
	char dir[512];
	snprintf(dir, sizeof dir, "%s", at("ch"));
	assert_int_equal(mkdir(dir, 0755), 0);
	assert_int_equal(mkdir(at("ch/db-2"), 0755), 0);
	assert_int_equal(mkdir(at("ch/chunk-db-3-0"), 0755), 0);
	assert_int_equal(mkdir(at("ch/photos"), 0755), 0);
	write_file(at("ch/XAPIANDB"), "glass db-2\n", 0644);
	write_file(at("ch/lock"), "", 0644);
	write_file(at("ch/db-2/postlist.glass"), "x", 0644);
	write_file(at("ch/chunk-db-3-0/iamglass"), "x", 0644);
	write_file(at("ch/notes.txt"), "mine", 0644);
	write_file(at("outside"), "not the index's", 0644);
	assert_int_equal(symlink(at("outside"), at("ch/db-2/link")), 0);

	if (rb_store_chmod(dir, 0700, &err) != RB_OK)
		fail_msg("%s", err ? err : "(no message)");
	assert_null(err);
	assert_int_equal(mode_of(dir), 0700);
	assert_int_equal(mode_of(at("ch/db-2")), 0700);
	assert_int_equal(mode_of(at("ch/chunk-db-3-0")), 0700);
	assert_int_equal(mode_of(at("ch/XAPIANDB")), 0600);
	assert_int_equal(mode_of(at("ch/lock")), 0600);
	assert_int_equal(mode_of(at("ch/db-2/postlist.glass")), 0600);
	assert_int_equal(mode_of(at("ch/chunk-db-3-0/iamglass")), 0600);
	/* What is not rubric's is left alone; links are not followed. */
	assert_int_equal(mode_of(at("ch/notes.txt")), 0644);
	assert_int_equal(mode_of(at("ch/photos")), 0755);
	assert_int_equal(mode_of(at("outside")), 0644);

	mode_t folders[8], files[8];
	size_t nfo, nfi;
	assert_int_equal(unlink(at("ch/notes.txt")), 0);
	assert_int_equal(rmdir(at("ch/photos")), 0);
	rb_store_modes(dir, folders, &nfo, files, &nfi, 8);
	assert_int_equal(nfo, 1);
	assert_int_equal(folders[0], 0700);
	assert_int_equal(nfi, 1);
	assert_int_equal(files[0], 0600);

	assert_int_equal(rb_store_chmod(dir, 0750, &err), RB_OK);
	rb_store_modes(dir, folders, &nfo, files, &nfi, 8);
	assert_int_equal(nfo, 1);
	assert_int_equal(folders[0], 0750);
	assert_int_equal(nfi, 1);
	assert_int_equal(files[0], 0640);
	/* The owner always keeps access. */
	assert_int_equal(rb_store_chmod(dir, 0055, &err), RB_OK);
	assert_int_equal(mode_of(dir), 0755);
	assert_int_equal(mode_of(at("ch/lock")), 0644);
}

/* rb_store_error and rb_store_reword: damage says so and what to do. */
static void test_error_words(void **state)
{
	(void)state;
	char *err = NULL, want[2048];
	char idx[512];
	snprintf(idx, sizeof idx, "%s", at("words"));
	assert_int_equal(mkdir(idx, 0700), 0);
	char msg[1024];

	snprintf(msg, sizeof msg, "%s/db-1: EOF reading block 0", idx);
	assert_int_equal(rb_store_error(idx, NULL, XC_ERR_IO, msg, &err), RB_ERR_DAMAGED);
	snprintf(want, sizeof want, "%s: the index is damaged: rebuild it with rubric-index"
		 " --rebuild -d %s (db-1: EOF reading block 0)", idx, idx);
	assert_string_equal(err, want);
	free(err);
	err = NULL;

	snprintf(msg, sizeof msg, "%s: Db block overwritten", idx);
	assert_int_equal(rb_store_error(idx, NULL, XC_ERR_CORRUPT, msg, &err), RB_ERR_DAMAGED);
	snprintf(want, sizeof want, "%s: the index is damaged: rebuild it with rubric-index"
		 " --rebuild -d %s (Db block overwritten)", idx, idx);
	assert_string_equal(err, want);
	free(err);
	err = NULL;

	/* A failing disk is not damage: Xapian's words, naming the index. */
	assert_int_equal(rb_store_error(idx, NULL, XC_ERR_IO,
					"Error reading block 3 (Input/output error)", &err),
			 RB_ERR_INDEX);
	snprintf(want, sizeof want, "%s: Error reading block 3 (Input/output error)", idx);
	assert_string_equal(err, want);
	free(err);
	err = NULL;

	/* From a message that names the index first (a search's failure). */
	assert_non_null(err = malloc(strlen(idx) + 64));
	sprintf(err, "%s: EOF reading block 152", idx);
	assert_int_equal(rb_store_reword(XC_ERR_IO, &err), RB_ERR_DAMAGED);
	snprintf(want, sizeof want, "%s: the index is damaged: rebuild it with rubric-index"
		 " --rebuild -d %s (EOF reading block 152)", idx, idx);
	assert_string_equal(err, want);
	free(err);
	err = NULL;
	assert_int_equal(rb_store_reword(XC_ERR_LOCKED, &err), RB_ERR_LOCKED);
	assert_null(err);
}

static void expect_open(const char *path, int flags, rb_status want, const char *want_msg)
{
	xc_db *db = NULL;
	char *err = NULL;
	rb_status st = rb_store_open(path, flags, NULL, NULL, &db, &err);
	if (st != want)
		fail_msg("%s: got %d, wanted %d: %s", path, st, want, err ? err : "(no message)");
	if (want == RB_OK) {
		assert_non_null(db);
		assert_null(err);
	} else {
		assert_null(db);
		assert_non_null(err);
		assert_null(strchr(err, '\n'));
		if (want_msg && strstr(err, want_msg) == NULL)
			fail_msg("%s: message '%s' lacks '%s'", path, err, want_msg);
	}
	xc_db_close(db);
	free(err);
}

static void test_open_errors(void **state)
{
	(void)state;
	expect_open(at("nothere"), 0, RB_ERR_INDEX, "no index there (create one with rubric-index -d");
	assert_int_equal(mkdir(at("empty"), 0700), 0);
	expect_open(at("empty"), 0, RB_ERR_INDEX, "not an index (no XAPIANDB in it");
	assert_int_equal(mkdir(at("first"), 0700), 0);
	write_file(at("first/lock"), "", 0600);
	expect_open(at("first"), 0, RB_ERR_NO_COMMIT, "the index has no commit yet");

	make_index(at("good"), RB_SCHEMA_VERSION);
	expect_open(at("good"), 0, RB_OK, NULL);
	make_index(at("other"), "0");
	expect_open(at("other"), 0, RB_ERR_SCHEMA,
		    "the index was written by another version of rubric (index schema 0, this rubric's "
		    RB_SCHEMA_VERSION "): rebuild it with rubric-index --rebuild -d ");
	expect_open(at("other"), RB_OPEN_ANY_SCHEMA, RB_OK, NULL);
	/* Schema 4's records repeat each file's part on every passage: record
	 * version 8 reads it from passage 1, which 4's later passages are not
	 * told to. */
	make_index(at("four"), "4");
	expect_open(at("four"), 0, RB_ERR_SCHEMA,
		    "the index was written by another version of rubric (index schema 4, this rubric's "
		    RB_SCHEMA_VERSION "): rebuild it with rubric-index --rebuild -d ");
	/* Schema 5's stem families are in Xapian's synonym table, which
	 * remote shards do not serve: 6 reads them from metadata keys. */
	make_index(at("five"), "5");
	expect_open(at("five"), 0, RB_ERR_SCHEMA,
		    "the index was written by another version of rubric (index schema 5, this rubric's "
		    "6): rebuild it with rubric-index --rebuild -d ");
	/* A database rubric did not write has no schema key: searched as it is. */
	make_index(at("foreign"), "");
	expect_open(at("foreign"), 0, RB_OK, NULL);
	expect_open(at("foreign/db-1"), 0, RB_OK, NULL);

	make_index(at("cut"), RB_SCHEMA_VERSION);
	assert_int_equal(truncate(at("cut/db-1/postlist.glass"), 0), 0);
	expect_open(at("cut"), 0, RB_ERR_DAMAGED,
		    "the index is damaged: rebuild it with rubric-index --rebuild -d ");
	make_index(at("gone"), RB_SCHEMA_VERSION);
	write_file(at("gone/XAPIANDB"), "glass db-7\n", 0600);
	expect_open(at("gone"), 0, RB_ERR_DAMAGED, "the index is damaged");
	write_file(at("gone/XAPIANDB"), "", 0600);
	expect_open(at("gone"), 0, RB_ERR_DAMAGED, "(XAPIANDB names no database)");

	/* Another -d: the same checks. */
	xc_db *db = NULL;
	char *err = NULL;
	assert_int_equal(rb_store_open_reader(at("good"), &db, &err), RB_OK);
	assert_int_equal(rb_store_add(db, at("other"), &err), RB_ERR_SCHEMA);
	assert_non_null(strstr(err, "another version of rubric"));
	free(err);
	err = NULL;
	assert_int_equal(rb_store_add(db, at("good"), &err), RB_OK);
	assert_null(err);
	xc_db_close(db);
}

static int count_keys(const char *key, size_t len, const char *value, size_t value_len,
		      void *ctx)
{
	(void)key, (void)len, (void)value, (void)value_len;
	++*(int *)ctx;
	return 0;
}

/* Another -d that is a sharded index: each of its shards is a database of
 * the handle of its own, so that the keys of every shard are listed (the
 * stem families), not only its first shard's, as Xapian lists a stub's. */
static void test_add_sharded(void **state)
{
	(void)state;
	xc_db *db = NULL;
	xc_writer *w = NULL;
	char *err = NULL, path[600];
	int n = 0;
	make_index(at("single"), RB_SCHEMA_VERSION);
	assert_int_equal(mkdir(at("two"), 0700), 0);
	for (int k = 0; k < 2; k++) {
		const char *key = k ? "Zb" : "Za";
		size_t len = 2;
		snprintf(path, sizeof path, "%s/db-1.%d", at("two"), k);
		assert_int_equal(xc_writer_open(path, XC_WRITER_CREATE, &w, &err), XC_OK);
		assert_int_equal(xc_writer_set_metadata(w, RB_META_SCHEMA, RB_SCHEMA_VERSION,
							strlen(RB_SCHEMA_VERSION), &err), XC_OK);
		assert_int_equal(xc_writer_add_keys(w, &key, &len, 1, 0, &err), XC_OK);
		assert_int_equal(xc_writer_close(w, &err), XC_OK);
	}
	write_file(at("two/XAPIANDB"), "glass db-1.0\nglass db-1.1\n", 0600);
	assert_int_equal(rb_store_open_reader(at("single"), &db, &err), RB_OK);
	assert_int_equal(rb_store_add(db, at("two"), &err), RB_OK);
	assert_int_equal(xc_db_each_key(db, "Z", 1, count_keys, &n, &err), XC_OK);
	assert_int_equal(n, 2);
	xc_db_close(db);
	/* opened alone, the same */
	n = 0;
	assert_int_equal(rb_store_open_reader(at("two"), &db, &err), RB_OK);
	assert_int_equal(xc_db_each_key(db, "Z", 1, count_keys, &n, &err), XC_OK);
	assert_int_equal(n, 2);
	xc_db_close(db);
}

/* --compact's pruning: the family keys of words no document holds go;
 * the others, and a key that is not a family's, stay. */
static void test_families_prune(void **state)
{
	(void)state;
	xc_writer *w = NULL;
	xc_doc *d = NULL;
	char *err = NULL, keys[3][RB_MAX_KEY_BYTES + 1];
	const char *k[4] = { keys[0], keys[1], keys[2], "Zjunk" };
	size_t lens[4], removed = 9;
	int n = 0;
	lens[0] = rb_family_key(keys[0], sizeof keys[0], "fox", 3, "english", "foxes", 5);
	lens[1] = rb_family_key(keys[1], sizeof keys[1], "fox", 3, "english", "fox", 3);
	lens[2] = rb_family_key(keys[2], sizeof keys[2], "dog", 3, "english", "dogs", 4);
	lens[3] = 5;
	assert_int_equal(xc_writer_open(at("prune"), XC_WRITER_CREATE, &w, &err), XC_OK);
	assert_int_equal(xc_doc_new(&d, &err), XC_OK);
	assert_int_equal(xc_doc_add_term(d, "foxes", 5, 1, &err), XC_OK);
	assert_int_equal(xc_writer_add_document(w, d, NULL, &err), XC_OK);
	xc_doc_free(d);
	assert_int_equal(xc_writer_add_keys(w, k, lens, 4, 0, &err), XC_OK);
	assert_int_equal(rb_families_prune(w, &removed, &err), RB_OK);
	assert_int_equal(removed, 2);  /* fox and dogs: no document holds them */
	assert_int_equal(xc_writer_each_metadata_key(w, "Z", count_keys, &n, &err), XC_OK);
	assert_int_equal(n, 2);  /* foxes, Zjunk */
	assert_int_equal(xc_writer_close(w, &err), XC_OK);
	xc_db *db = NULL;
	assert_int_equal(xc_db_open(at("prune"), &db, &err), XC_OK);
	const char *lang;
	char word[RB_MAX_KEY_BYTES + 1];
	size_t word_len = 0;
	n = 0;
	assert_int_equal(xc_db_each_key(db, keys[0], lens[0], count_keys, &n, &err), XC_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rb_family_parse(keys[0], lens[0], &lang, word, sizeof word, &word_len), 0);
	assert_string_equal(lang, "english");
	assert_string_equal(word, "foxes");
	assert_int_equal(rb_family_parse("Zjunk", 5, &lang, word, sizeof word, &word_len), -1);
	xc_db_close(db);
}

static void test_version(void **state)
{
	(void)state;
	char *v = rb_version_text("prog");
	assert_non_null(v);
	assert_int_equal(strncmp(v, "prog " RB_VERSION "\nXapian ", strlen("prog " RB_VERSION "\nXapian ")), 0);
	assert_non_null(strstr(v, "\nutf8proc "));
	assert_non_null(strstr(v, "\nlibstemmer "));
	assert_non_null(strstr(v, " languages)\n"));
	assert_string_equal(rb_version(), RB_VERSION);
	assert_true(strlen(xc_version()) > 0);
	free(v);
}

static int setup(void **state)
{
	(void)state;
	snprintf(top, sizeof top, "%s/rubric-store.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(top) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
	return system(cmd) == 0 ? 0 : -1;
}

/* date: ranges and --sort compare date keys as bytes: they must sort as
 * the dates do, before 1970 too, and be RB_DATE_KEY_LEN long (binary:
 * compared with memcmp). */
static void test_date_keys_sort_as_dates(void **state)
{
	(void)state;
	const int64_t dates[] = { INT64_MIN, -86400 * 365, -1, 0, 1, 1030016178, INT64_MAX };
	char prev[RB_DATE_KEY_LEN + 1] = "", key[RB_DATE_KEY_LEN + 1];
	for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
		memset(key, 'x', sizeof key);
		rb_date_key(dates[i], key);
		assert_int_equal(key[RB_DATE_KEY_LEN], '\0');
		if (i)
			assert_true(memcmp(prev, key, RB_DATE_KEY_LEN) < 0);
		memcpy(prev, key, sizeof key);
	}
	/* Schema 4's key is t's bytes, sign bit flipped, high byte first. */
	rb_date_key(1030016178, key);   /* 0x3d64ccb2 */
	assert_memory_equal(key, "\x80\0\0\0\x3d\x64\xcc\xb2", RB_DATE_KEY_LEN);
}

/* After a failed run, each table file is cut back to its size at the last
 * commit (what the failed commit appended is unused); a file that did not
 * grow, and files that are not tables, are left alone. */
static void test_extent_cuts_back_grown_tables(void **state)
{
	(void)state;
	const char *dir = at("extent");
	char *err = NULL;
	xc_writer *w = NULL;
	assert_int_equal(xc_writer_open(dir, XC_WRITER_CREATE, &w, &err), XC_OK);
	assert_int_equal(xc_writer_set_metadata(w, "k", "v", 1, &err), XC_OK);
	assert_int_equal(xc_writer_close(w, &err), XC_OK);
	rb_extent e = { 0 };
	assert_int_equal(rb_extent_note(&e, dir), 0);
	assert_true(e.n >= 2);   /* glass makes postlist, termlist, ... */
	struct stat st;
	char table[600], other[600];
	snprintf(table, sizeof table, "%s/%s", dir, e.t[0].name);
	snprintf(other, sizeof other, "%s/iamglass", dir);
	assert_int_equal(stat(other, &st), 0);
	off_t other_size = st.st_size;
	/* A failed commit's blocks, appended to a table and to a non-table. */
	int fd = open(table, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	char block[8192] = { 0 };
	assert_int_equal(write(fd, block, sizeof block), (ssize_t)sizeof block);
	close(fd);
	rb_extent_restore(&e);
	assert_int_equal(stat(table, &st), 0);
	assert_int_equal(st.st_size, e.t[0].size);
	assert_int_equal(stat(other, &st), 0);
	assert_int_equal(st.st_size, other_size);
	/* A commit since the note (a writer closed after a failed commit
	 * may make one): its blocks are in use, nothing is cut. */
	assert_int_equal(rb_extent_note(&e, dir), 0);
	assert_int_equal(xc_writer_open(dir, XC_WRITER_CREATE_OR_OPEN, &w, &err), XC_OK);
	assert_int_equal(xc_writer_set_metadata(w, "k2", "w", 1, &err), XC_OK);
	assert_int_equal(xc_writer_close(w, &err), XC_OK);
	fd = open(table, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, block, sizeof block), (ssize_t)sizeof block);
	close(fd);
	assert_int_equal(stat(table, &st), 0);
	off_t grown = st.st_size;
	assert_true(grown > e.t[0].size);
	rb_extent_restore(&e);
	assert_int_equal(stat(table, &st), 0);
	assert_int_equal(st.st_size, grown);
	rb_extent_free(&e);
	/* The database still opens and reads as committed. */
	xc_db *db = NULL;
	char *v = NULL;
	size_t len = 0;
	assert_int_equal(xc_db_open(dir, &db, &err), XC_OK);
	assert_int_equal(xc_db_get_metadata(db, "k", &v, &len, &err), XC_OK);
	assert_int_equal(len, 1);
	free(v);
	xc_db_close(db);
}

/* A swap removes the old generation at once, and a search that had it
 * open reads on from it (glass holds its tables open); one opened after
 * the swap reads the new one. */
static void test_swap_removes_old_generation_under_reader(void **state)
{
	(void)state;
	const char *dir = at("swap");
	char db2[600], *err = NULL, *v = NULL;
	size_t len = 0;
	xc_writer *w = NULL;
	xc_db *before = NULL, *after = NULL;
	make_index(dir, RB_SCHEMA_VERSION);
	assert_int_equal(rb_store_open_reader(dir, &before, &err), RB_OK);

	snprintf(db2, sizeof db2, "%s/db-2", dir);
	assert_int_equal(xc_writer_open(db2, XC_WRITER_CREATE, &w, &err), XC_OK);
	assert_int_equal(xc_writer_set_metadata(w, RB_META_SCHEMA, RB_SCHEMA_VERSION,
						strlen(RB_SCHEMA_VERSION), &err), XC_OK);
	assert_int_equal(xc_writer_set_metadata(w, RB_META_LANG, "danish", 6, &err), XC_OK);
	assert_int_equal(xc_writer_close(w, &err), XC_OK);
	assert_int_equal(rb_store_swap(dir, "db-2", 1, &err), RB_OK);
	assert_int_equal(access(at("swap/db-1"), F_OK), -1);

	assert_int_equal(xc_db_get_metadata(before, RB_META_LANG, &v, &len, &err), XC_OK);
	assert_int_equal(len, 0);   /* db-1 had no language key */
	free(v);
	assert_int_equal(rb_store_open_reader(dir, &after, &err), RB_OK);
	assert_int_equal(xc_db_get_metadata(after, RB_META_LANG, &v, &len, &err), XC_OK);
	assert_int_equal(len, 6);
	assert_memory_equal(v, "danish", 6);
	free(v);
	xc_db_close(before);
	xc_db_close(after);
}

/* The list of roots: any path round-trips; a list stored one a line (an
 * index written before roots were NUL-separated) reads as it did. */
static void test_roots_round_trip(void **state)
{
	(void)state;
	char *paths[] = { "/a/new\nline", "/b/tab\there", "/c" };
	size_t len = 0;
	char *stored = rb_roots_format(paths, 3, &len);
	assert_non_null(stored);
	assert_int_equal(len, strlen(paths[0]) + strlen(paths[1]) + strlen(paths[2]) + 3);
	rb_roots r = { 0 };
	assert_int_equal(rb_roots_parse(stored, len, &r, NULL), RB_OK);
	assert_int_equal(r.n, 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(r.v[i], paths[i]);
	assert_int_equal(rb_roots_add(&r, "/c", NULL), RB_OK);
	assert_int_equal(r.n, 3);
	assert_true(rb_roots_remove(&r, "/b/tab\there"));
	assert_false(rb_roots_remove(&r, "/b"));
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[1], "/c");
	rb_roots_free(&r);
	free(stored);

	const char old[] = "/x\n/y z\n";
	assert_int_equal(rb_roots_parse(old, sizeof old - 1, &r, NULL), RB_OK);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.v[0], "/x");
	assert_string_equal(r.v[1], "/y z");
	rb_roots_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes_for_share),
		cmocka_unit_test(test_existing_index_keeps_modes),
		cmocka_unit_test(test_chmod_and_modes),
		cmocka_unit_test(test_error_words),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_add_sharded),
		cmocka_unit_test(test_families_prune),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_date_keys_sort_as_dates),
		cmocka_unit_test(test_roots_round_trip),
		cmocka_unit_test(test_swap_removes_old_generation_under_reader),
		cmocka_unit_test(test_extent_cuts_back_grown_tables),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
