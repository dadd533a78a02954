/* search.h: what rubric-search's main (main.c) and its printing of hits
 * (printer.h) share: the run's arguments, the open index, one query's
 * results. */
#ifndef RUBRIC_SEARCH_H
#define RUBRIC_SEARCH_H

#include <stddef.h>

#include "filerecord.h"
#include "query.h"
#include "render.h"
#include "results.h"
#include "source.h"
#include "xapian_c.h"

#define PROG "rubric-search"

/* An output format (printer.h). */
typedef struct printer_format printer_format;

typedef struct {
	const char **dbs;
	size_t n_dbs;
	const printer_format *format;  /* --format, --json, -l, -c */
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
	rb_file_records *files;  /* files' first passages, for the later ones */
} search_index;

/* What one query found, fetched whole before anything is printed: a
 * search that loses its database mid-way (a rebuild swapped it) is run
 * again from the start, and the output never shows a mix. */
typedef struct {
	query q;
	result_set r;        /* the hits, and the exact count (-c, --stats) */
} search_run;

#endif
