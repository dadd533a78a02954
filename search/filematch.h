/* filematch.h: files whose passages hold a query together.
 *
 * A query of several parts (words, phrases, NEAR, groups) matches a file
 * when each part is held by one of the file's passages that meets the
 * query's constraints, even when no one passage holds them all.  Such a
 * file scores
 *
 *     scatter_weight * sum over the parts of the part's best BM25 weight
 *                      in any passage of the file
 *
 * on the scale of a passage's BM25: each part weighs what it weighs in its
 * best passage (the best-passage evidence of passage-based document
 * retrieval), and scatter_weight < 1 is the price of the words not being
 * together, so that a passage holding them all ranks above a file that
 * holds the same words apart.
 */
#ifndef RUBRIC_FILEMATCH_H
#define RUBRIC_FILEMATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "query.h"
#include "schema.h"
#include "status.h"
#include "xapian_c.h"

typedef struct {
	char id[RB_FILE_ID_LEN + 1];  /* the file's id (its "P" term's hex) */
	double score;
	uint32_t *best;      /* per part: the docid of its best passage */
	double *weight;      /* per part: that passage's weight for it */
	uint32_t shown;      /* filematch_best_passages: the passage holding
			      * the most of the query (0: none found) */
	bool drop;           /* while matching: to be left out */
} filematch;

typedef struct {
	filematch *v;
	size_t n;
} filematch_list;

/* The files holding every part of q (q->n_parts >= 2) but none of whose
 * passages holds q whole, best first (ties by id), leaving out files that
 * cannot score `threshold` (0: none left out).  so: the BM25 parameters
 * (its accept is not used).  whole: the files of every passage holding q
 * whole, when the caller has found them all (their ids, sorted by
 * filematch_list_sort); NULL: they are searched for. */
rb_status filematch_find(xc_db *db, const query *q, const xc_search_options *so,
			 double scatter_weight, double threshold,
			 const filematch_list *whole, filematch_list *out, char **err);
void filematch_list_free(filematch_list *l);

/* Appends a file of this id (no parts) to l; RB_ERR_NO_MEMORY. */
rb_status filematch_list_add(filematch_list *l, const char *id, size_t len, char **err);
/* Sorts l by id, for filematch_find's whole. */
void filematch_list_sort(filematch_list *l);

/* Sets files[k].shown for each of the n files: the passage of the file
 * that scores best for the parts of q OR-ed (checked when a part needs
 * it), ties broken as every search breaks them (so: its BM25 parameters
 * and tie-break; its accept and collapse are not used). */
rb_status filematch_best_passages(xc_db *db, const query *q, const xc_search_options *so,
				  filematch *files, size_t n, char **err);

/* A query term naming every passage of the file (its "P" term). */
xc_status filematch_file_query(const char *id, xc_query **out, char **err);

#endif
