/* evidence.h: what the passages holding some of a query's words say of
 * their files, so that a passage holding part of the query ranks by its
 * file's evidence too.
 *
 * One search of a relaxed form of the query (its required parts, and any
 * of its plain words) gives its `depth` best passages, each with its BM25
 * weight and its file.  Two figures come from them for each passage
 * (Callan 1994: a document's best passage combined with the document):
 *
 *   others  the sum of the best weights of its file's other passages
 *           (a title and the abstract under it are two passages);
 *   file    BM25 of its file's passages among them taken as one text:
 *           each plain word's frequencies added over the passages, their
 *           lengths added, the average over the files found, each word
 *           weighed by its passages' idf; a word weighs once per file,
 *           however its passages divide it.
 */
#ifndef RUBRIC_EVIDENCE_H
#define RUBRIC_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "status.h"
#include "xapian_c.h"

typedef struct {
	uint64_t file_id;
	uint32_t passage;
	double weight;
	size_t rank;         /* in the search's order (its mset index) */
} evidence_passage;

typedef struct {
	uint64_t file_id;
	double score;        /* BM25 of its passages among the evidence */
} evidence_file;

typedef struct {
	xc_mset *m;          /* the search, for the data of the passages kept */
	evidence_passage *v; /* by file, then best first */
	size_t n;
	evidence_file *files;  /* by file id */
	size_t n_files;
	double best;         /* the best passage's weight */
} evidence;

/* The parameters of the file's BM25: k1 and b (a file's words saturate
 * later than a passage's, so its k1 is larger). */
typedef struct {
	double k1, b;
} evidence_bm25;

/* The best `depth` passages of xq, one of q's relaxed forms (built by
 * query_relax), under so (BM25 and tie-break; the relaxed check and no
 * collapse are set here); their files' scores are 0 until
 * evidence_score_files. */
rb_status evidence_gather(xc_db *db, const query *q, const xc_query *xq,
			  const xc_search_options *so, uint32_t depth, evidence *out,
			  char **err);
/* The weight of xq's best passage under so, as evidence_gather would
 * find it (0 when none): a search of depth 1, which Xapian prunes. */
rb_status evidence_best(xc_db *db, const query *q, const xc_query *xq,
			const xc_search_options *so, double *best, char **err);
/* The query's plain words, each with its part and its part's idf, for
 * scoring files; *file_bound: an upper bound of any file's score under
 * file (each part's idf times k1 + 1, added up).  Freed by
 * evidence_words_free. */
typedef struct evidence_words evidence_words;
rb_status evidence_words_of(xc_db *db, const query *q, const evidence_bm25 *file,
			    evidence_words **out, double *file_bound, char **err);
void evidence_words_free(evidence_words *w);
/* Each file's score under file, from the query words' posting lists read
 * once for all the evidence's passages.  Frees e on failure. */
rb_status evidence_score_files(const evidence_words *w, const evidence_bm25 *file,
			       evidence *e, char **err);
/* The sum of the `k` best weights of the file's passages other than
 * `passage` among the evidence. */
double evidence_others(const evidence *e, uint64_t file_id, uint32_t passage, size_t k);
/* The file's score (0 for a file without passages among them). */
double evidence_file_score(const evidence *e, uint64_t file_id);
void evidence_free(evidence *e);

#endif
