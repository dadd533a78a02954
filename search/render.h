/* render.h: what the output formats (printer.h) share: their options,
 * a hit's path and location as shown, and --stats as lines of text. */
#ifndef RUBRIC_RENDER_H
#define RUBRIC_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "passage.h"
#include "record.h"

typedef struct {
	int color;          /* ANSI colours for path, line and matches */
	const char *cwd;    /* paths under it are shown relative to it */
	const char *qid;    /* --queries-from: the query's id (text prefix
			     * "QID:", JSON "qid", TSV first column); NULL
			     * for a single query (TREC then says "1") */
	int null_path;      /* -0: a NUL after each path instead of ':' or
			     * a newline (text and -l output only) */
} render_opts;

/* What --stats reports about one query. */
typedef struct {
	const char *query;
	unsigned long matches;   /* exact number of matching passages (as -c) */
	unsigned long hits;      /* hits shown */
	unsigned long files;     /* distinct paths among them */
	double elapsed;          /* seconds */
} render_stats;

/* The path as shown to the user: relative to cwd when under it. */
const char *render_path(const render_opts *o, const rb_record *r,
			size_t *len_out);

/* Whether the passage is in a part of extracted text (a PDF's page, an
 * EPUB's chapter, a slide, a sheet), whose line numbers start again. */
bool render_has_part(const rb_record *r);
/* Where the passage is, in text and TSV: LINE, or PART<sep>LINE in a
 * part (report.pdf:10:3: is page 10's line 3), as JSON's "page" and
 * "line". */
void render_location(FILE *f, const rb_record *r, char sep);

/* --stats as a few lines of text (each prefixed with "QID:" in batch). */
void render_text_summary(FILE *f, const render_opts *o, const render_stats *st);

#endif
