/* results.h: what one query finds, in the order it is shown.
 *
 * Hits are passages holding the whole query and files whose passages hold
 * it together (filematch.h), merged by score, equal scores by path then
 * line.  A file's hit is its passage holding the most of the query (by
 * BM25 over the parts), with the passages holding the parts it lacks.
 * Partial hits, when the caller allows them: the other passages holding
 * the query's required parts and some of its plain words, each with the
 * words it lacks.  By score they join the full hits in one list, weighed
 * with their files' evidence (below), and fill it up to the hits wanted;
 * their words' related words rank them only when nothing holds the query.
 * By date they follow the full hits, only when no passage holds the
 * whole query.
 */
#ifndef RUBRIC_RESULTS_H
#define RUBRIC_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "query.h"
#include "status.h"
#include "xapian_c.h"

typedef struct {
	char *data;          /* the passage record */
	size_t len;
	double score;
	uint32_t line;
	uint32_t passage;
	uint64_t file_id;    /* rb_path_id of path: with passage, the tie key */
	int64_t date;        /* the passage's (its file's) date */
	/* A file match: the passages holding what this one lacks, in file
	 * order. */
	char **others;
	size_t *others_len;
	size_t n_others;
	/* A partial hit: the parts it lacks, as typed (folded). */
	bool partial;
	char **missing;
	size_t n_missing;
	bool related;        /* ranked with its words' related words too */
	/* A partial hit in the blended ranking: score is RESULTS_PARTIAL_WEIGHT
	 * * (passage_weight + RESULTS_OTHERS_WEIGHT * others_weight +
	 * RESULTS_FILE_WEIGHT * file_weight), each as evidence.h says. */
	bool blended;
	double passage_weight, others_weight, file_weight;
} result_hit;

typedef struct {
	result_hit *v;
	size_t n;
	/* With want_count: the passages holding the query whole, plus the
	 * files holding it only across passages. */
	uint32_t count;
	size_t n_full;       /* the hits holding the whole query (the others
			      * are partial) */
	struct rb_file_records *files;  /* completes the hits' records */
} result_set;

typedef enum {
	RESULTS_BY_SCORE = 0,    /* best first */
	RESULTS_NEWEST,          /* by date (a mail's Date, else the file's
				  * mtime), newest first */
	RESULTS_OLDEST
} results_order;

typedef struct {
	uint32_t limit;          /* hits wanted; 0: every one */
	results_order order;     /* of the full hits; partial hits follow */
	bool want_count;
	bool paths_only;         /* -l: one hit a file (the limit counts
				  * files); a file match needs only its path */
	bool relax;              /* partial hits when nothing holds the query */
	double scatter_weight;   /* see filematch.h */
} result_options;

/* The weight of a file match against a passage's (filematch.h), chosen on
 * make eval's file-level queries (2026-11-30, MRR@10 by weight, 0.2 to
 * 0.6: 0.868 0.868 0.869 0.866 0.860; tuned on the odd-numbered half, where
 * 0.2-0.4 tie, best of those on the even half).  Lower ranks a scattered
 * file under more passages; higher lets weak scattered files through. */
#define RESULTS_SCATTER_WEIGHT 0.4

/* The blended ranking of partial hits (results_gather, by score): a
 * partial hit scores PARTIAL_WEIGHT * (its passage's weight + OTHERS_WEIGHT
 * * the best weights of its file's RESULTS_OTHERS other passages +
 * FILE_WEIGHT * its file's score), evidence.h's figures, the file's BM25
 * with k1 FILE_K1_FACTOR times the passages'.  OTHERS_WEIGHT, FILE_WEIGHT
 * and FILE_K1_FACTOR were chosen on the odd-numbered CISI queries
 * (tests/eval/collection.sh, the even ones held out;
 * tests/eval/RESULTS.md); PARTIAL_WEIGHT on make eval's known items: of 0.1, 0.15, 0.2,
 * 0.25 and 0.3, the largest that keeps their figures (a passage holding
 * part of the query ranks above one holding all of it only with ten times
 * its evidence). */
#define RESULTS_PARTIAL_WEIGHT 0.1
#define RESULTS_OTHERS_WEIGHT 0.3
#define RESULTS_OTHERS 2
#define RESULTS_FILE_WEIGHT 0.6
#define RESULTS_FILE_K1_FACTOR 2.5

/* Files are matched across passages for queries of at most this many
 * parts: each part is one more search (a longer query is not typed by
 * hand, and 1,000 parts would take seconds). */
#define RESULTS_FILEMATCH_MAX_PARTS 64

/* so: BM25 parameters (accept and collapse are set here). */
rb_status results_gather(xc_db *db, query *q, const xc_search_options *so,
			 const result_options *o, result_set *out, char **err);
void results_free(result_set *r);

#endif
