/* xapian_c.h: the small C binding rubric uses over libxapian.
 *
 * Conventions (after notmuch's lib/):
 * - Every handle is opaque; whoever gets a handle from a *_open or *_new
 *   function frees it with the matching *_close or *_free function.
 * - Every function that can fail returns an xc_status; results come back
 *   through out-parameters, which are last.  The final parameter `char **err`
 *   may be NULL; otherwise, on failure, *err receives a malloc'd message the
 *   caller frees (naming the database path where there is one), and on
 *   success it is left untouched.
 * - No C++ exception ever crosses into C: each call catches Xapian::Error,
 *   std::bad_alloc and anything else and maps it to a status.
 */
#ifndef RUBRIC_XAPIAN_C_H
#define RUBRIC_XAPIAN_C_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	XC_OK = 0,
	XC_ERR_NOT_FOUND,     /* no database (or no such document/key) there */
	XC_ERR_LOCKED,        /* another writer holds the database lock */
	XC_ERR_CORRUPT,       /* Xapian::DatabaseCorruptError / version error */
	XC_ERR_OPENING,       /* any other failure to open */
	XC_ERR_INVALID,       /* bad argument: empty term, bad query shape */
	XC_ERR_NETWORK,       /* remote shard unreachable or broken */
	XC_ERR_NO_MEMORY,
	XC_ERR_IO,            /* read/write failure, disk full */
	XC_ERR_XAPIAN         /* any other Xapian::Error */
} xc_status;

/* A static, human-readable name for a status ("locked", "corrupt", ...). */
const char *xc_status_to_string(xc_status status);

/* The version of the Xapian library loaded at run time ("1.4.22"). */
const char *xc_version(void);

/* When Xapian ends the process from inside (std::terminate): Xapian
 * 1.4.22 does on some I/O errors during a commit, an exception escaping
 * where none may (make check-faults).  No status can come back from
 * there, so `fn` gets a one-line reason and ends the process itself (it
 * must not return; with no handler, or if it returns: abort()).  For the
 * program's main, which alone may print and exit. */
typedef void (*xc_fatal_fn)(const char *why);
void xc_on_fatal(xc_fatal_fn fn);

/* ---------------------------------------------------------------- documents */

typedef struct xc_doc xc_doc;

xc_status xc_doc_new(xc_doc **out, char **err);
void xc_doc_free(xc_doc *doc);
/* Empties the document for reuse (terms, postings, data). */
void xc_doc_clear(xc_doc *doc);
/* A term at a position (wdf += 1): the unstemmed, positional terms. */
xc_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len,
			     uint32_t pos, char **err);
/* A term without position, wdf += wdf_inc: stems ("Z" prefix). */
xc_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len,
			  uint32_t wdf_inc, char **err);
/* A term with wdf 0 (filters: "Q" id, "P" path): never affects weights. */
xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len,
				  char **err);
/* Value `slot` of the document (copied): a key Xapian can collapse on. */
xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const void *value,
			   size_t len, char **err);
/* The opaque record stored with the document (copied). */
xc_status xc_doc_set_data(xc_doc *doc, const void *data, size_t len,
			  char **err);

/* ------------------------------------------------------------------ writing */

typedef struct xc_writer xc_writer;

enum {
	XC_WRITER_CREATE_OR_OPEN = 0,
	XC_WRITER_CREATE = 1,        /* fail if a database exists there */
	XC_WRITER_OVERWRITE = 2,     /* replace whatever is there */
	XC_WRITER_NO_TERMLIST = 4,   /* Xapian's DB_NO_TERMLIST */
	XC_WRITER_NO_SYNC = 8        /* Xapian's DB_NO_SYNC (chunk databases) */
};

/* Opens `path` (a glass directory, or a stub naming exactly one) for
 * writing.  A database locked by another writer gives XC_ERR_LOCKED at once. */
xc_status xc_writer_open(const char *path, int flags, xc_writer **out,
			 char **err);
/* Commits pending changes (unless inside a transaction, which it cancels)
 * and frees the handle.  Safe on NULL.  After a cancel that failed (out
 * of memory) nothing is committed and the handle, with the database's
 * lock, is left to the process's exit. */
xc_status xc_writer_close(xc_writer *w, char **err);

/* A transaction: begin, then commit or cancel.  Nothing between them is
 * visible to readers, nor survives a crash, until commit returns. */
xc_status xc_writer_begin(xc_writer *w, char **err);
xc_status xc_writer_commit(xc_writer *w, char **err);
xc_status xc_writer_cancel(xc_writer *w, char **err);

xc_status xc_writer_add_document(xc_writer *w, const xc_doc *doc,
				 uint32_t *docid_out, char **err);
/* Replaces the document indexed by `unique_term` (adds it if none is). */
xc_status xc_writer_replace_document(xc_writer *w, const char *unique_term,
				     const xc_doc *doc, char **err);
/* Deletes every document indexed by `term`; none is not an error. */
xc_status xc_writer_delete_term(xc_writer *w, const char *term, char **err);
/* Whether a document is indexed by `term`, this transaction's changes
 * included. */
xc_status xc_writer_term_exists(xc_writer *w, const char *term, int *exists_out,
				char **err);

xc_status xc_writer_set_metadata(xc_writer *w, const char *key,
				 const void *value, size_t len, char **err);
/* *value_out is malloc'd (NUL-terminated for convenience), the caller frees;
 * a missing key gives an empty value, not an error. */
xc_status xc_writer_get_metadata(xc_writer *w, const char *key,
				 char **value_out, size_t *len_out, char **err);
xc_status xc_writer_doccount(xc_writer *w, uint32_t *count_out, char **err);

/* Calls fn for each metadata key starting with `prefix`, in sorted order,
 * with its value, until fn returns nonzero. */
typedef int (*xc_metadata_fn)(const char *key, size_t key_len,
			      const char *value, size_t value_len, void *ctx);
xc_status xc_writer_each_metadata(xc_writer *w, const char *prefix,
				  xc_metadata_fn fn, void *ctx, char **err);
/* The same without reading the values (fn gets NULL, 0 for them). */
xc_status xc_writer_each_metadata_key(xc_writer *w, const char *prefix,
				      xc_metadata_fn fn, void *ctx, char **err);
/* Records the n metadata keys keys[i][0, lens[i]) (any bytes, NULs too;
 * at most 253 each, glass's limit) with a one-byte value: keys that are
 * the data themselves, listed by xc_db_each_key.  only_new: each key is
 * read first and written only when missing (an update's keys are mostly
 * there, and a rewrite dirties its block). */
xc_status xc_writer_add_keys(xc_writer *w, const char *const *keys, const size_t *lens,
			     size_t n, int only_new, char **err);
/* Removes those metadata keys; a missing one is not an error. */
xc_status xc_writer_remove_keys(xc_writer *w, const char *const *keys, const size_t *lens,
				size_t n, char **err);

/* Merges the databases `sources` into a new, compacted database `dest`
 * (which must not exist): chunks written in parallel become one index. */
xc_status xc_compact(const char *const *sources, size_t n, const char *dest,
		     char **err);

/* ------------------------------------------------------------------ reading */

typedef struct xc_db xc_db;

/* Opens `path` read-only: a glass directory, a stub file, or a directory
 * holding a XAPIANDB stub.  Stubs may name remote shards. */
xc_status xc_db_open(const char *path, xc_db **out, char **err);
/* Adds another database to search alongside (shards, several -d). */
xc_status xc_db_add(xc_db *db, const char *path, char **err);
/* Adds every database of `other` to db (another index searched
 * alongside) and frees the handle other: its databases stay open, db's
 * now.  Each keeps its own place in db's parts (xc_db_each_key). */
xc_status xc_db_add_all(xc_db *db, xc_db *other, char **err);
/* Whether any shard is remote. */
int xc_db_has_remote(const xc_db *db);
/* An empty database to add shards to; `name` (the index) is for messages. */
xc_status xc_db_new(const char *name, xc_db **out, char **err);
/* Adds a shard served by xapian-tcpsrv at host:port; timeout_ms bounds
 * connecting and each request (0: Xapian's default). */
xc_status xc_db_add_remote(xc_db *db, const char *host, unsigned port,
			   unsigned timeout_ms, char **err);
void xc_db_close(xc_db *db);
/* Reopens to the latest commit; returns XC_OK with no change if current. */
xc_status xc_db_reopen(xc_db *db, char **err);
xc_status xc_db_doccount(xc_db *db, uint32_t *count_out, char **err);
/* The sum of every document's length (word occurrences). */
xc_status xc_db_total_length(xc_db *db, uint64_t *length_out, char **err);
xc_status xc_db_get_metadata(xc_db *db, const char *key, char **value_out,
			     size_t *len_out, char **err);
xc_status xc_db_each_metadata(xc_db *db, const char *prefix,
			      xc_metadata_fn fn, void *ctx, char **err);
/* Calls fn (with NULL, 0 for the value) for each metadata key starting
 * with prefix[0, prefix_len) (any bytes) of every database db was opened
 * on or added (each_metadata reads the first one's only, as Xapian does),
 * one after another, each's in sorted order (a key two of them hold comes
 * twice), until fn returns nonzero.  One request a remote shard; a
 * database that Xapian opened from a stub of several lists its first's. */
xc_status xc_db_each_key(xc_db *db, const char *prefix, size_t prefix_len,
			 xc_metadata_fn fn, void *ctx, char **err);
/* Calls fn with each document's id and data, in docid order, until fn
 * returns nonzero (dumps, evaluation). */
typedef int (*xc_document_fn)(uint32_t docid, const char *data, size_t len,
			      void *ctx);
xc_status xc_db_each_document(xc_db *db, xc_document_fn fn, void *ctx,
			      char **err);
/* Calls fn for each term starting with `prefix` ("" for all) with its
 * document frequency, in sorted order, until fn returns nonzero. */
typedef int (*xc_term_fn)(const char *term, size_t len, uint32_t termfreq,
			  void *ctx);
xc_status xc_db_each_term(xc_db *db, const char *prefix, xc_term_fn fn,
			  void *ctx, char **err);
/* The same for the words only: terms not starting with an upper-case
 * ASCII letter, which mark boolean terms (skipped over, not read). */
xc_status xc_db_each_word(xc_db *db, xc_term_fn fn, void *ctx, char **err);
/* Number of distinct words in the index (terms not starting with an
 * upper-case ASCII letter, which mark boolean terms). */
xc_status xc_db_termcount(xc_db *db, uint64_t *count_out, char **err);
/* The average document length (words per passage). */
xc_status xc_db_avlength(xc_db *db, double *out, char **err);
/* The data of document `docid` (malloc'd, the caller frees);
 * XC_ERR_NOT_FOUND when there is none. */
xc_status xc_db_document_data(xc_db *db, uint32_t docid, char **data_out,
			      size_t *len_out, char **err);
/* The data of the first document indexed by `term` (a unique id term's
 * one), malloc'd as xc_db_document_data's; XC_ERR_NOT_FOUND when none is.
 * One posting read and one document read, in whichever shard holds it. */
xc_status xc_db_term_document_data(xc_db *db, const char *term, size_t term_len,
				   char **data_out, size_t *len_out, char **err);
/* Number of documents indexed by `term` (0 if none). */
xc_status xc_db_termfreq(xc_db *db, const char *term, uint32_t *freq_out,
			 char **err);

/* ------------------------------------------------------------------ queries */

typedef struct xc_query xc_query;

typedef enum {
	XC_OP_AND,
	XC_OP_OR,
	XC_OP_AND_NOT,     /* first subquery, minus any of the others */
	XC_OP_FILTER,      /* first subquery, restricted by the others, unweighted */
	XC_OP_PHRASE,      /* subqueries (terms) in order, within `window` */
	XC_OP_NEAR,        /* subqueries (terms) in any order, within `window` */
	XC_OP_SYNONYM,     /* alternatives weighted as one term */
	XC_OP_AND_MAYBE    /* first subquery, the others adding weight only */
} xc_op;

/* A single term; wqf is the within-query frequency (1 for a plain word). */
xc_status xc_query_term(const char *term, size_t len, uint32_t wqf,
			xc_query **out, char **err);
/* Every term starting with `prefix`, weighted as one term (at most
 * max_expansion of them, the most frequent; 0 for no limit). */
xc_status xc_query_wildcard(const char *prefix, uint32_t max_expansion,
			    xc_query **out, char **err);
/* Documents whose value in `slot` is >= lo and <= hi (bytewise); a NULL
 * bound is open. */
xc_status xc_query_value_range(unsigned slot, const char *lo, size_t lo_len,
			       const char *hi, size_t hi_len, xc_query **out,
			       char **err);
/* Every document, for pure negations ("-foo"). */
xc_status xc_query_match_all(xc_query **out, char **err);
/* Combines n subqueries with op; window is used by PHRASE and NEAR (0 means
 * the number of subqueries).  The subqueries stay owned by the caller. */
xc_status xc_query_combine(xc_op op, xc_query *const *subs, size_t n,
			   uint32_t window, xc_query **out, char **err);
/* q with its weight multiplied by factor (>= 0); q stays the caller's. */
xc_status xc_query_scale(const xc_query *q, double factor, xc_query **out,
			 char **err);
void xc_query_free(xc_query *q);
/* Xapian's description of the query, malloc'd: for debugging and tests. */
char *xc_query_describe(const xc_query *q);
/* The documents holding any of the boolean terms[0, n), to filter by: the
 * terms' documents read once per database (local ones only) and kept by
 * db, then one bit test a candidate.  Cheaper than the terms' OR when the
 * same few terms filter many branches of a query, or many queries. */
xc_status xc_query_term_set(xc_db *db, const char *const *terms, size_t n, xc_query **out,
			    char **err);

/* ------------------------------------------------------------------ results */

typedef struct xc_mset xc_mset;

/* Decides whether a matching document, given its data, is a hit: for the
 * conditions Xapian cannot check from the index (phrases are verified on
 * the passage text).  Nonzero accepts. */
typedef int (*xc_accept_fn)(const char *data, size_t len, void *ctx);

typedef struct {
	double bm25_k1, bm25_k2, bm25_k3, bm25_b, bm25_min_normlen;
	/* Xapian counts at least this many matches exactly (0: just `limit`). */
	uint32_t check_at_least;
	/* > 0: matches weighing less are left out (Xapian's weight cutoff,
	 * which lets it skip them). */
	double weight_cutoff;
	xc_accept_fn accept;   /* NULL: every match is a hit */
	void *accept_ctx;
	/* Nonzero: only the best hit of each value of collapse_slot (checked
	 * by accept first), its value given by xc_mset_key. */
	int collapse;
	unsigned collapse_slot;
	/* Nonzero: equal weights ranked by the value in tie_slot, ascending
	 * (else by document id). */
	int tie_break;
	unsigned tie_slot;
	/* Nonzero: hits ordered by the value in sort_slot (descending when
	 * sort_descending), then by tie_slot when tie_break, instead of by
	 * weight. */
	int sort_by_value;
	unsigned sort_slot;
	int sort_descending;
} xc_search_options;

/* Xapian's BM25 defaults (k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5). */
void xc_search_options_init(xc_search_options *opts);

/* Runs `q` on `db`, ranked by BM25, and returns hits [offset, offset+limit). */
xc_status xc_db_search(xc_db *db, const xc_query *q, uint32_t offset,
		       uint32_t limit, const xc_search_options *opts,
		       xc_mset **out, char **err);
/* The exact number of documents matching q and accepted by opts->accept
 * (for -c); opts may be NULL. */
xc_status xc_db_count(xc_db *db, const xc_query *q,
		      const xc_search_options *opts, uint32_t *count_out,
		      char **err);

/* Xapian's estimate of the number of documents matching q, and an upper
 * bound of it, from the terms' frequencies (no posting list is read). */
xc_status xc_db_estimate(xc_db *db, const xc_query *q, uint32_t *estimate_out,
			 uint32_t *upper_out, char **err);

size_t xc_mset_size(const xc_mset *m);
/* Xapian's estimate of all matches (exact when check_at_least covered it). */
uint32_t xc_mset_matches_estimated(const xc_mset *m);
double xc_mset_weight(const xc_mset *m, size_t i);
uint32_t xc_mset_docid(const xc_mset *m, size_t i);
/* The i-th hit's collapse key (xc_search_options.collapse), at most cap
 * bytes of it copied to buf; its length in *len_out. */
xc_status xc_mset_key(const xc_mset *m, size_t i, char *buf, size_t cap,
		      size_t *len_out, char **err);
/* The i-th hit's sort key, as xc_mset_key gives a key: with tie_break
 * and not sort_by_value, its value in tie_slot, carried by the result set
 * (no document is read; one round trip fewer a hit on a remote shard). */
xc_status xc_mset_sort_key(const xc_mset *m, size_t i, char *buf, size_t cap,
			   size_t *len_out, char **err);
/* Of k hits (hits[h]: an index into m), the within-document frequency of
 * each of terms[0, n) (0 for a term a hit does not hold) in
 * wdf_out[h * n + j], and each hit's length (the sum of all its terms'
 * frequencies) in length_out[h]; from the terms' posting lists, each read
 * once in docid order: far fewer block reads than each hit's term list
 * when the hits are many and the terms few. */
xc_status xc_mset_wdfs_of(const xc_mset *m, const size_t *hits, size_t k,
			  const char *const *terms, size_t n, uint32_t *wdf_out,
			  uint32_t *length_out, char **err);
/* An upper bound of the weight any document could get for the query. */
double xc_mset_max_possible(const xc_mset *m);
/* The i-th hit's data, malloc'd into *data_out (the caller frees). */
xc_status xc_mset_data(xc_mset *m, size_t i, char **data_out,
		       size_t *len_out, char **err);
void xc_mset_free(xc_mset *m);

#ifdef __cplusplus
}
#endif

#endif
