/* search.h: what rubric-search's main (main.c) and its printing of hits
 * (print.c) share: the run's arguments, the open index, one query's
 * results, and the printer. */
#ifndef RUBRIC_SEARCH_H
#define RUBRIC_SEARCH_H

#include <stddef.h>

#include "query.h"
#include "render.h"
#include "results.h"
#include "source.h"
#include "xapian_c.h"

#define PROG "rubric-search"

enum { OUT_TEXT, OUT_JSON, OUT_FILES, OUT_COUNT, OUT_TSV, OUT_TREC };

typedef struct {
	const char **dbs;
	size_t n_dbs;
	int mode;
	long limit;
	long context;        /* -C */
	size_t max_chars;    /* --max-chars; 0: whole passages */
	int stats;
	query_options qopts;
	xc_search_options sopts;
	int allow_missing;   /* --allow-missing-shards */
	const char *only_lang;
	int explain;         /* --explain */
	int strict;          /* --no-partial */
	results_order order; /* --sort */
} search_args;

/* The open index, shared by every query of a run. */
typedef struct {
	xc_db *db;
	rb_analyzer *a;      /* reads queries (words and stop words) */
	char *lang;          /* the index's --lang: a name, "auto" or "" */
	char **langs;        /* the languages whose stems words expand to */
	uint32_t *lang_passages;  /* each one's passages (0: not known) */
	size_t n_langs;
	rb_source *source;   /* passages' text read back from their files */
} search_index;

/* What one query found, fetched whole before anything is printed: a
 * search that loses its database mid-way (a rebuild swapped it) is run
 * again from the start, and the output never shows a mix. */
typedef struct {
	query q;
	result_set r;        /* the hits, and the exact count (-c, --stats) */
} search_run;

/* Where and how the hits of a run are printed. */
typedef struct {
	search_index *ix;
	const search_args *args;
	int mode;
	const render_opts *ro;
	int groups;          /* context groups printed so far (for "--") */
} printer;

/* Prints a query's hits in pr's mode (their neighbours with -C, their
 * explanation with --explain); st gets the hits and files printed.
 * 0, or 2 with *err set. */
int print_hits(printer *pr, search_run *s, render_stats *st, char **err);
/* The --stats summary, after the hits. */
void print_stats(const printer *pr, const render_stats *st);

#endif
