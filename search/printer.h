/* printer.h: an output format as one set of callbacks.
 *
 * A query's hits are printed in two steps: each hit is gathered
 * (gather.c: its record, its text read back, highlighted and cut, a file
 * match's other passages, its neighbours, its explanation: as much as the
 * format reads), then handed to its format's callbacks (print_text.c,
 * print_json.c, print_tsv.c, print_trec.c, print_files.c, print_count.c).
 * The format is chosen once, by name, from the table in printers.c.
 */
#ifndef RUBRIC_PRINTER_H
#define RUBRIC_PRINTER_H

#include <stdbool.h>
#include <stddef.h>

#include "search.h"

/* A passage as printed: its record (the text cut by --max-chars) and its
 * highlights, with what it owns. */
typedef struct {
	rb_record r;
	rb_span *hl;
	size_t n_hl;
	char *data;          /* a neighbour's record, as fetched */
	char *file_data;     /* its file's passage 1, which r's path, title,
			      * fields, language and date point into */
	char *text;          /* the text, read back from its file */
	char *cut;           /* the text cut by --max-chars */
	uint32_t *lines;     /* the lines of its file a /REGEX/ matched, sorted */
	size_t n_lines;
} printed_passage;

/* A hit as its format's callbacks get it: the parts its format does not
 * read are left empty (no text, no neighbours, no explanation). */
typedef struct {
	unsigned rank;                /* 1 for the first hit of its query */
	const result_hit *h;          /* score, missing words, evidence */
	bool file_first;              /* the first hit of its file (-l) */
	printed_passage p;            /* without text unless the format reads it */
	printed_passage *others;      /* a file match's passages holding the */
	size_t n_others;              /* words this one lacks */
	printed_passage *before, *after;  /* -C: its neighbours, in file order */
	size_t n_before, n_after;
	/* --explain: each weighted part's share, the passage's own score (a
	 * blended partial hit's is not its score) and BM25's length
	 * normalisation; NULL when not asked or not read. */
	const query_explanation *x;
	double x_passage, x_norm;
	query_explanation explanation;   /* what x points at */
} printed_hit;

typedef struct printer printer;

struct printer_format {
	/* What a query's results must hold for it. */
	bool count_only;     /* the exact count, no hits (a match: not 0) */
	bool paths_only;     /* one hit a file; every file unless -n says */
	bool partials;       /* partial hits, marked with the words they lack */
	/* What gathering a hit reads for it (the record always). */
	bool text;           /* the text, highlighted and cut, and others */
	bool context;        /* -C's neighbours */
	bool explain;        /* --explain */
	/* Before the query's hits (NULL: nothing). */
	void (*begin)(printer *pr, const search_run *s);
	/* One hit; NULL: none is printed.  0, or 2 with *err set. */
	int (*hit)(printer *pr, const printed_hit *h, char **err);
	/* --stats, after the hits. */
	void (*stats)(const printer *pr, const render_stats *st);
	/* Did you mean (said on stderr by the caller): NULL, or the
	 * suggestion again on stdout. */
	void (*suggestion)(const printer *pr, const char *query, unsigned long count);
};

/* Where and how the hits of a run are printed. */
struct printer {
	search_index *ix;
	const search_args *args;
	const printer_format *format;
	const render_opts *ro;
	unsigned long printed;   /* hits printed so far in the run */
};

/* printers.c: the format of that name, or NULL; with format_option, only
 * the formats --format names (not -l's or -c's). */
const printer_format *printers_find(const char *name, bool format_option);
/* The names --format takes, "text, json, tsv or trec" (malloc'd; NULL
 * when out of memory). */
char *printers_names(void);

/* print.c: a query's hits in pr's format (with their neighbours and
 * explanations when it shows them); st gets the hits and files printed.
 * 0, or 2 with *err set. */
int print_hits(printer *pr, search_run *s, render_stats *st, char **err);
/* --stats on stderr, for the formats read by programs: stdout keeps
 * their lines (and -l -0 its NULs). */
void print_stats_aside(const printer *pr, const render_stats *st);

#endif
