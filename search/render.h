/* render.h: hits as text lines (grep style), JSON Lines, TSV or TREC run
 * lines; neighbouring passages as context; closing statistics. */
#ifndef RUBRIC_RENDER_H
#define RUBRIC_RENDER_H

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

/* A passage as shown: its record (text cut by --max-chars) and
 * highlights. */
typedef struct {
	rb_record r;
	const rb_span *hl;
	size_t n_hl;
} render_passage;

/* What a hit carries beyond its passage: for a file match, the passages
 * holding the words it lacks; for a partial hit, the parts it lacks. */
typedef struct {
	const render_passage *others;
	size_t n_others;
	char *const *missing;
	size_t n_missing;
} render_extra;

/* The path as shown to the user: relative to cwd when under it. */
const char *render_path(const render_opts *o, const rb_record *r,
			size_t *len_out);

/* PATH:LOCATION: TEXT, the passage's newlines folded to spaces; LOCATION
 * is LINE, or PART:LINE in a part of extracted text (a PDF's page, an
 * EPUB's chapter, a slide, a sheet: report.pdf:10:3:).  A partial hit's
 * text starts with "[missing: WORD...] ".  A file match's other passages
 * follow, one a line: PATH+LOCATION+ TEXT (PART+LINE in a part). */
void render_text(FILE *f, const render_opts *o, const rb_record *r,
		 const rb_span *hl, size_t n_hl, const render_extra *x);
/* A context passage: PATH-LOCATION- TEXT (PART-LINE in a part). */
void render_text_context(FILE *f, const render_opts *o, const rb_record *r);
/* -l: the path, then a newline (or a NUL with -0). */
void render_file(FILE *f, const render_opts *o, const char *path, size_t len);

/* One JSON object, {"type":"hit",...}, and a newline; a file match has
 * "others": [{"passage","line","start","end","text","highlights"}...], a
 * partial hit "missing": [WORD...].  -1 on failure. */
int render_json(FILE *f, const render_opts *o, const rb_record *r,
		unsigned rank, double score, const rb_span *hl, size_t n_hl,
		const render_extra *x);
/* {"type":"context","rank":RANK,...}: a neighbour of hit RANK. */
int render_json_context(FILE *f, const render_opts *o, const rb_record *r,
			unsigned rank);
/* {"type":"summary",...}. */
int render_json_summary(FILE *f, const render_opts *o, const render_stats *st);
/* The same as a few lines of text (each prefixed with "QID:" in batch). */
void render_text_summary(FILE *f, const render_opts *o, const render_stats *st);

/* RANK<TAB>SCORE<TAB>PATH<TAB>LOCATION<TAB>TEXT (QID<TAB> first in batch;
 * LOCATION as in text output, PART:LINE in a part),
 * tab, newline, CR and backslash escaped as \t \n \r \\; a partial
 * hit's TEXT starts with "[missing: WORD...] " as in text output. */
void render_tsv(FILE *f, const render_opts *o, const rb_record *r,
		unsigned rank, double score, const render_extra *x);
/* A file match's other passage: RANK<TAB>+<TAB>PATH<TAB>LOCATION<TAB>TEXT. */
void render_tsv_other(FILE *f, const render_opts *o, const rb_record *r,
		      unsigned rank);
/* QID Q0 PATH#PASSAGE RANK SCORE rubric, with space, %, and control
 * bytes of QID and PATH percent-encoded (%20, %25, %0A...). */
void render_trec(FILE *f, const render_opts *o, const rb_record *r,
		 unsigned rank, double score);

/* --max-chars: when text[0, len) holds more than max_chars UTF-8
 * characters, a window of at most max_chars of them, chosen to hold the
 * most distinct matched words (word_id[i] names the word of highlight i;
 * ties: the most highlights, then the earliest), widened evenly around
 * them and trimmed to whole words where that keeps its highlights, with
 * "…" at each cut end.  *out (malloc'd) gets the cut text and out_hl
 * (room for n_hl) the highlights that fall in it, as byte offsets into
 * *out.  Returns 1 when cut, 0 when the text fits (nothing set), -1 when
 * out of memory. */
int render_cut(const char *text, size_t len, const rb_span *hl, size_t n_hl,
	       const unsigned *word_id, size_t max_chars, char **out,
	       size_t *out_len, rb_span *out_hl, size_t *out_n_hl);

#endif
