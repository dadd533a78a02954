/* results.h: what one query finds, in the order it is shown.
 *
 * Hits are passages holding the whole query and files whose passages hold
 * it together (filematch.h), merged by score, equal scores by path then
 * line.  A file's hit is its passage holding the most of the query (by
 * BM25 over the parts), with the passages holding the parts it lacks.
 * When no passage holds the whole query, and the caller allows it,
 * partial hits follow the file matches (if any), up to the hits wanted:
 * the other passages holding the query's required parts and most of its
 * plain words (as --any ranks them), each with the words it lacks.
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
	const char *path;    /* in data, for ordering */
	size_t path_len;
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
	char **missing;
	size_t n_missing;
} result_hit;

typedef struct {
	result_hit *v;
	size_t n;
	/* With want_count: the passages holding the query whole, plus the
	 * files holding it only across passages. */
	uint32_t count;
	size_t n_full;       /* the first n_full hits hold the whole query;
			      * the rest are partial */
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
	bool paths_only;         /* -l: a file match needs only its path */
	bool relax;              /* partial hits when nothing holds the query */
	double scatter_weight;   /* see filematch.h */
} result_options;

/* The weight of a file match against a passage's (filematch.h), chosen on
 * make eval's file-level queries (2026-11-30, MRR@10 by weight, 0.2 to
 * 0.6: 0.868 0.868 0.869 0.866 0.860; tuned on the odd-numbered half, where
 * 0.2-0.4 tie, best of those on the even half).  Lower ranks a scattered
 * file under more passages; higher lets weak scattered files through. */
#define RESULTS_SCATTER_WEIGHT 0.4

/* Files are matched across passages for queries of at most this many
 * parts: each part is one more search (a longer query is not typed by
 * hand, and 1,000 parts would take seconds). */
#define RESULTS_FILEMATCH_MAX_PARTS 64

/* so: BM25 parameters (accept and collapse are set here). */
rb_status results_gather(xc_db *db, query *q, const xc_search_options *so,
			 const result_options *o, result_set *out, char **err);
void results_free(result_set *r);

#endif
