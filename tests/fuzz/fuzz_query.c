/* Fuzzes query_parse (search/query_*.c) over a small index built once in a
 * temporary folder the way the indexer builds one (words, stem family
 * keys, passage records with a title and a path).  The input is
 * the query text, parsed as all-words and as any-word queries.
 * Invariants: RB_OK or RB_ERR_INVALID (with a message), never a crash;
 * a parsed query runs; every hit passes query_accept; the exact count with
 * the same accept callback equals the number of hits; highlight spans are
 * inside the passage and sorted; the relaxed form (WordNet's related
 * words included) builds and runs, and its highlights are inside the
 * passage and sorted too; query_suggest never crashes. */
#include <ftw.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "highlight.h"
#include "query.h"
#include "record.h"
#include "xapian_c.h"

static const char *const passages[] = {
	"Florence Cassez, a French woman, was sentenced to 60 years in prison "
	"for kidnapping.",
	"Mexico's Supreme Court ordered her release; the court found that her "
	"rights had been violated.",
	"The Élysée welcomed the decision. President Hollande spoke of "
	"Cassez's courage.",
	"An 11-year-old boy said he had been kidnapped; kidnappers were "
	"arrested in a staged raid.",
	"Kidnap kidnaps KIDNAPPED élysée ELYSEE Elysee supreme court courts",
	"日本語のテキスト and don't stop believing",
};

static char tmpdir[256];
static rb_analyzer *analyzer;
static xc_db *db;

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

static void cleanup(void)
{
	xc_db_close(db);
	db = NULL;
	if (*tmpdir)
		nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

typedef struct {
	xc_doc *doc;
	xc_writer *w;
} indexing;

static int index_word(const rb_token *t, void *ctx)
{
	indexing *ix = ctx;
	char *err = NULL, z[RB_MAX_KEY_BYTES + 1];
	const char *key = z;
	size_t len = rb_family_key(z, sizeof z, t->stem, t->stem_len, "english", t->term,
				   t->term_len);
	if (xc_doc_add_term(ix->doc, t->term, t->term_len, 1, &err) ||
	    (len && xc_writer_add_keys(ix->w, &key, &len, 1, 0, &err))) {
		fprintf(stderr, "fuzz_query: indexing: %s\n", err);
		abort();
	}
	return 0;
}

#define MUST(call)                                                          \
	do {                                                                \
		if ((call) != 0) {                                          \
			fprintf(stderr, "fuzz_query: %s: %s\n", #call,      \
				err ? err : "?");                           \
			abort();                                            \
		}                                                           \
	} while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	char *err = NULL, path[300];
	indexing ix = { 0 };
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof tmpdir, "%s/rubric-fuzz-query.XXXXXX",
		 t && *t ? t : "/tmp");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		abort();
	}
	atexit(cleanup);
	snprintf(path, sizeof path, "%s/db", tmpdir);
	MUST(rb_analyzer_new("english", &analyzer, &err));
	MUST(xc_writer_open(path, XC_WRITER_CREATE, &ix.w, &err));
	MUST(xc_doc_new(&ix.doc, &err));
	for (size_t i = 0; i < sizeof passages / sizeof *passages; i++) {
		const char *p = passages[i];
		uint32_t pos = 1;
		char id[32], *rec = NULL;
		size_t rec_len = 0;
		xc_doc_clear(ix.doc);
		rb_analyze(analyzer, p, strlen(p), &pos, index_word, &ix);
		snprintf(id, sizeof id, "Q/fuzz/article.txt:%zu", i + 1);
		MUST(xc_doc_add_boolean_term(ix.doc, id, strlen(id), &err));
		MUST(xc_doc_add_boolean_term(ix.doc, "P/fuzz/article.txt", 18,
					     &err));
		rb_record r = {
			.path = "/fuzz/article.txt", .path_len = 17,
			.title = passages[0], .title_len = 16,
			.text = p, .text_len = strlen(p),
			.passage = (uint32_t)i + 1, .line = 2 * (uint32_t)i + 1,
			.start = 0, .end = strlen(p),
		};
		MUST(rb_record_encode(&r, &rec, &rec_len, &err));
		MUST(xc_doc_set_data(ix.doc, rec, rec_len, &err));
		free(rec);
		MUST(xc_writer_add_document(ix.w, ix.doc, NULL, &err));
	}
	xc_doc_free(ix.doc);
	MUST(xc_writer_close(ix.w, &err));
	MUST(xc_db_open(path, &db, &err));
	return 0;
}

static const char *const langs[] = { "english" };

/* The highlights of hl in each hit of m are inside the passage, sorted. */
static void check_highlights(xc_mset *m, const rb_hl_query *hl)
{
	char *err = NULL;
	for (size_t i = 0; i < xc_mset_size(m); i++) {
		char *d = NULL;
		size_t len = 0;
		rb_record r;
		rb_span *spans = NULL;
		size_t n = 0;
		CHECK(xc_mset_data(m, i, &d, &len, &err) == XC_OK);
		CHECK(rb_record_decode(d, len, &r, NULL) == RB_OK);
		CHECK(rb_highlight(analyzer, hl, r.text, r.text_len, &spans, &n, &err) == RB_OK);
		for (size_t k = 0; k < n; k++) {
			CHECK(spans[k].start < spans[k].end);
			CHECK(spans[k].end <= r.text_len);
			CHECK(k == 0 || spans[k].start >= spans[k - 1].end);
		}
		free(spans);
		free(d);
	}
}

static void run(const char *text, bool any)
{
	char *err = NULL;
	query_options opts = { .any = any, .langs = langs, .n_langs = 1 };
	query q;
	rb_status st = query_parse(analyzer, db, text, &opts, &q, &err);
	CHECK(st == RB_OK || st == RB_ERR_INVALID);
	if (st != RB_OK) {
		CHECK(err != NULL);
		free(err);
		return;
	}
	CHECK(err == NULL);
	CHECK(q.xq != NULL);

	xc_search_options o;
	xc_search_options_init(&o);
	if (q.needs_check) {
		o.accept = query_accept;
		o.accept_ctx = &q;
	}
	xc_mset *m = NULL;
	uint32_t count = 0;
	CHECK(xc_db_search(db, q.xq, 0, 100, &o, &m, &err) == XC_OK);
	CHECK(xc_db_count(db, q.xq, &o, &count, &err) == XC_OK);
	CHECK(count == xc_mset_size(m));
	for (size_t i = 0; i < xc_mset_size(m) && q.needs_check; i++) {
		char *d = NULL;
		size_t len = 0;
		CHECK(xc_mset_data(m, i, &d, &len, &err) == XC_OK);
		CHECK(query_accept(d, len, &q) != 0);
		free(d);
	}
	check_highlights(m, &q.hl);
	xc_mset_free(m);

	/* Both relaxed forms: with the related words (lit as hl_partial says)
	 * and without (lit as hl says). */
	for (int related = 0; related < 2; related++) {
		CHECK(query_relax(&q, db, related, &err) == RB_OK);
		const xc_query *relaxed = related ? q.relaxed : q.relaxed_words;
		if (!relaxed)
			continue;
		xc_search_options_init(&o);
		xc_mset *partial = NULL;
		CHECK(xc_db_search(db, relaxed, 0, 100, &o, &partial, &err) == XC_OK);
		check_highlights(partial, related ? &q.hl_partial : &q.hl);
		xc_mset_free(partial);
	}
	query_free(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	run(text, false);
	run(text, true);
	query_options opts = { .langs = langs, .n_langs = 1 };
	free(query_suggest(db, analyzer, &opts, text));
	free(text);
	return 0;
}
