/* Unit tests of lib/spelling_*.c: the edit distance, trigrams, and the
 * structure written for an index answering as a scan of its words would,
 * refused once the index has changed under it. */
#include "spelling.h"
#include "xapian_fixture.h"

static void test_edit_distance(void **state)
{
	(void)state;
	static const struct {
		const char *a, *b;
		size_t max, want;
	} rows[] = {
		{ "cassez", "cassez", 2, 0 },
		{ "cassez", "cassex", 2, 1 },   /* changed */
		{ "cassez", "casez", 2, 1 },    /* dropped */
		{ "holande", "hollande", 2, 1 },/* added */
		{ "abcd", "acbd", 1, 1 },       /* swapped: one edit, not two */
		{ "ab", "ba", 1, 1 },
		{ "kitten", "sitting", 3, 3 },
		{ "kitten", "sitting", 2, 3 },  /* over max: max + 1 */
		{ "a", "abcd", 2, 3 },          /* lengths 3 apart */
		{ "", "ab", 2, 2 },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t d = rb_edit_distance(rows[i].a, strlen(rows[i].a), rows[i].b,
					    strlen(rows[i].b), rows[i].max);
		if (d != rows[i].want)
			fail_msg("'%s' '%s' max %zu: %zu, wanted %zu", rows[i].a, rows[i].b,
				 rows[i].max, d, rows[i].want);
	}
}

static void test_trigrams(void **state)
{
	(void)state;
	uint32_t t[RB_SPELL_MAX_LEN];
	/* \1ab, ab\2 */
	assert_int_equal(rb_spelling_trigrams("ab", 2, t), 2);
	assert_int_equal(t[0], 0x016162);
	assert_int_equal(t[1], 0x616202);
	/* \1aa, aaa (twice), aa\2: each once */
	assert_int_equal(rb_spelling_trigrams("aaaa", 4, t), 3);
	assert_int_equal(rb_spelling_is_word("Pabc", 4), 0);   /* boolean term */
	assert_int_equal(rb_spelling_is_word("abc", 3), 1);
	assert_int_equal(rb_spelling_is_word("x", 0), 0);
	assert_int_equal(rb_spelling_is_word("x", RB_SPELL_MAX_LEN + 1), 0);
}

/* Documents of words (space-separated) into the database at path. */
static void add_docs(const char *path, const char *const *docs, size_t n)
{
	char *err = NULL;
	xc_writer *w = NULL;
	xc_doc *doc = NULL;
	OK(xc_writer_open(path, XC_WRITER_CREATE_OR_OPEN, &w, &err));
	OK(xc_doc_new(&doc, &err));
	for (size_t i = 0; i < n; i++) {
		xc_doc_clear(doc);
		const char *p = docs[i];
		while (*p) {
			size_t len = strcspn(p, " ");
			OK(xc_doc_add_term(doc, p, len, 1, &err));
			p += len + (p[len] == ' ');
		}
		static unsigned serial;
		char id[16];
		int id_len = snprintf(id, sizeof id, "Q%u", serial++);
		OK(xc_doc_add_boolean_term(doc, id, (size_t)id_len, &err));
		OK(xc_writer_add_document(w, doc, NULL, &err));
	}
	xc_doc_free(doc);
	OK(xc_writer_close(w, &err));
}

/* The structure written anew, or (update) brought up to date: from the
 * run's `words` (len bytes) when given, else from a scan. */
static void write_structure_from(const char *path, int update, const char *words, size_t len)
{
	xc_db *db = NULL;
	xc_writer *w = NULL;
	char *err = NULL;
	OK(xc_db_open(path, &db, &err));
	OK(xc_writer_open(path, XC_WRITER_CREATE_OR_OPEN, &w, &err));
	if (update ? rb_spelling_update(db, w, words, len, &err) : rb_spelling_write(db, w, &err))
		fail_msg("rb_spelling_%s: %s", update ? "update" : "write", err);
	OK(xc_writer_close(w, &err));
	xc_db_close(db);
}

static void write_structure_by(const char *path, int update)
{
	write_structure_from(path, update, NULL, 0);
}

static void write_structure(const char *path)
{
	write_structure_by(path, 0);
}

/* Brought up to date from the words a run wrote, not from a scan. */
static void update_from(const char *path, const char *words, size_t len)
{
	write_structure_from(path, 1, words, len);
}

/* The tail's words, NULs shown as spaces. */
static char *tail_of(const char *path)
{
	xc_db *db = NULL;
	char *v = NULL, *err = NULL;
	size_t len = 0;
	OK(xc_db_open(path, &db, &err));
	OK(xc_db_get_metadata(db, RB_META_SPELL_TAIL, &v, &len, &err));
	xc_db_close(db);
	for (size_t i = 0; i < len; i++)
		if (v[i] == '\0')
			v[i] = ' ';
	return v;
}

static char *suggest(xc_db *db, const char *word)
{
	rb_spelling *sp = NULL;
	char *err = NULL, *best = NULL;
	if (rb_spelling_open(db, &sp, &err))
		fail_msg("rb_spelling_open: %s", err);
	assert_non_null(sp);
	size_t len = strlen(word);
	if (rb_spelling_suggest(sp, word, len, len <= 4 ? 1 : 2, &best, &err))
		fail_msg("rb_spelling_suggest: %s", err);
	rb_spelling_close(sp);
	return best;
}

static void expect(xc_db *db, const char *word, const char *want)
{
	char *got = suggest(db, word);
	if (want ? !got || strcmp(got, want) : got != NULL)
		fail_msg("'%s': '%s', wanted '%s'", word, got ? got : "(none)",
			 want ? want : "(none)");
	free(got);
}

static void test_structure(void **state)
{
	(void)state;
	char path[300];
	char *err = NULL;
	path_in(path, sizeof path, "words");
	/* "carts" in three documents, "cards" in one: equally near "carps",
	 * the more frequent wins; of words as near in as many documents, the
	 * first in byte order. */
	static const char *const docs[] = {
		"the carts stood by the mill", "carts and lighthouse", "carts",
		"cards lay on the table", "barts", "carta", "zebrafish swam",
		"ox in the tank", "a lantern", "the keeper's lantern",
	};
	add_docs(path, docs, sizeof docs / sizeof docs[0]);
	write_structure(path);

	xc_db *db = NULL;
	OK(xc_db_open(path, &db, &err));
	expect(db, "carps", "carts");
	expect(db, "cardz", "cards");
	expect(db, "bardz", "barts");       /* two edits from barts and cards: byte order */
	expect(db, "lighthuose", "lighthouse");   /* swapped letters */
	expect(db, "zebrafisk", "zebrafish");
	expect(db, "keeperxs", "keeper's");
	expect(db, "lantren", "lantern");
	expect(db, "teh", "the");           /* short: a swap */
	expect(db, "ax", "a");              /* lengths 1 to 3 within reach */
	expect(db, "qqqqqqq", NULL);
	expect(db, "carts", "barts");       /* the word itself is not offered */

	/* The index changed under it: no structure, the caller scans. */
	static const char *const more[] = { "a zebrafinch", "zebrafinch" };
	add_docs(path, more, 2);
	xc_db_close(db);
	OK(xc_db_open(path, &db, &err));
	rb_spelling *sp = NULL;
	assert_int_equal(rb_spelling_open(db, &sp, &err), RB_OK);
	assert_null(sp);
	xc_db_close(db);

	/* Brought up to date, the new word goes to the tail and is offered;
	 * a word whose documents are gone is not, nor counted. */
	OK(xc_db_open(path, &db, &err));
	xc_writer *w = NULL;
	OK(xc_writer_open(path, XC_WRITER_CREATE_OR_OPEN, &w, &err));
	OK(xc_writer_delete_term(w, "Q6", &err));   /* "zebrafish swam" */
	OK(xc_writer_close(w, &err));
	xc_db_close(db);
	write_structure_by(path, 1);
	char *tail = tail_of(path);
	assert_string_equal(tail, "zebrafinch ");
	free(tail);
	OK(xc_db_open(path, &db, &err));
	expect(db, "zebrafinc", "zebrafinch");
	expect(db, "zebrafisk", NULL);
	expect(db, "swan", NULL);           /* "swam" gone with its document */
	expect(db, "carps", "carts");
	xc_db_close(db);

	/* More new words than the tail takes: every word numbered again. */
	size_t n = 4200;
	char *big = malloc(n * 12), *p = big;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%sgnu%05zuq", i ? " " : "", i);
	const char *const many[] = { big };
	add_docs(path, many, 1);
	write_structure_by(path, 1);
	free(big);
	tail = tail_of(path);
	assert_string_equal(tail, "");
	free(tail);
	OK(xc_db_open(path, &db, &err));
	expect(db, "gnu04199x", "gnu04199q");
	expect(db, "zebrafinc", "zebrafinch");
	expect(db, "carps", "carts");
	xc_db_close(db);
}

static void test_update_from_words(void **state)
{
	(void)state;
	char path[300];
	char *err = NULL;
	xc_db *db = NULL;
	path_in(path, sizeof path, "run-words");
	static const char *const docs[] = { "the carts stood by the mill", "a lantern" };
	add_docs(path, docs, 2);
	write_structure(path);

	/* The run wrote "zebrafinch" (new) and "the" (numbered): the tail
	 * takes the new one only. */
	static const char *const more[] = { "the zebrafinch" };
	add_docs(path, more, 1);
	update_from(path, "the\0zebrafinch\0", sizeof "the\0zebrafinch\0" - 1);
	char *tail = tail_of(path);
	assert_string_equal(tail, "zebrafinch ");
	free(tail);
	OK(xc_db_open(path, &db, &err));
	expect(db, "zebrafinc", "zebrafinch");
	expect(db, "lantren", "lantern");
	xc_db_close(db);

	/* A second run keeps the tail it had, each word once (the last word
	 * may come without its NUL). */
	static const char *const okapi[] = { "an okapi" };
	add_docs(path, okapi, 1);
	update_from(path, "okapi\0zebrafinch\0okapi", sizeof "okapi\0zebrafinch\0okapi" - 1);
	tail = tail_of(path);
	assert_string_equal(tail, "zebrafinch okapi ");
	free(tail);
	OK(xc_db_open(path, &db, &err));
	expect(db, "okapu", "okapi");
	expect(db, "zebrafinc", "zebrafinch");
	xc_db_close(db);
}

static void test_no_structure(void **state)
{
	(void)state;
	char path[300];
	path_in(path, sizeof path, "plain");
	static const char *const docs[] = { "just words" };
	add_docs(path, docs, 1);
	xc_db *db = NULL;
	rb_spelling *sp = (rb_spelling *)1;
	char *err = NULL;
	OK(xc_db_open(path, &db, &err));
	assert_int_equal(rb_spelling_open(db, &sp, &err), RB_OK);
	assert_null(sp);
	xc_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_trigrams),
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_update_from_words),
		cmocka_unit_test(test_no_structure),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
