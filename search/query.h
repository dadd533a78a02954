/* query.h: the query language, parsed with the index's own analyzer.
 *
 *   words          all must match, by stem (the synonym table lists the
 *                  words of each stem); stop words are dropped from a run
 *                  of plain words unless only stop words are left
 *   "a phrase"     unstemmed words, adjacent and in order
 *   a OR b         either; binds looser than AND
 *   a AND b        both (the default between words)
 *   NOT a, -a      without a
 *   ( ... )        grouping
 *   word*          any word starting with "word" (the 10,000 most frequent)
 *   *part*         any word holding "part" (the whole vocabulary read; the
 *                  10,000 most frequent)
 *   a NEAR/N b     both within N words of each other, in either order
 *                  (NEAR/1: adjacent; NEAR alone: 10; each further word
 *                  of a NEAR chain or phrase widens it by one, as Xapian's)
 *   title:w path:w fields (a word, word* or a "phrase" after the colon)
 *   lang:L         passages in language L (a libstemmer name)
 *   subject:w      a mail's Subject (title:)
 *   from:w to:w    a mail's From; its To and Cc (terms of their words)
 *   attachment:w   the names of a mail's attachments (terms of their words)
 *   id:ID          a mail's Message-ID, as written
 *   date:A..B      dated in that range (query_date.c)
 *   /REGEX/        a passage with a line the pattern matches (PCRE2,
 *                  caseless; /REGEX/c case-sensitive): narrowed by its
 *                  literal words (query_narrow.c), then checked on the
 *                  text line by line (query_pattern.h); also in fields
 *
 * Lenient readings: an unclosed quote runs to the end of the query; an
 * operator with nothing on one side is ignored; an unknown field name
 * ("foo:bar") is read as plain words.  Errors, reported with the column
 * they are at: an unmatched parenthesis, a field with no value, "()",
 * nesting deeper than 200 parentheses or NOTs.
 *
 * Xapian finds the passages holding the words; phrases, NEAR and fields
 * are then checked on the stored passage record (text, title, path) with
 * this same analyzer (query_accept), only when the query has any.  Fields
 * are not indexed: per passage, their words cost more indexing time than
 * all the text's words (measured: 8 s to 21 s for the related corpus).
 */
#ifndef RUBRIC_QUERY_H
#define RUBRIC_QUERY_H

#include <stdbool.h>
#include <stdio.h>

#include "analyze.h"
#include "highlight.h"
#include "record.h"
#include "schema.h"
#include "source.h"
#include "xapian_c.h"


typedef struct query_node query_node;

/* The options a query is parsed with; their arrays stay the caller's and
 * must outlive the query. */
typedef struct {
	bool any;            /* plain words OR-ed, ranked by how many match */
	/* The languages whose stems a word is searched by (the index's). */
	const char *const *langs;
	const uint32_t *lang_passages;  /* each one's passages; NULL: unknown */
	size_t n_langs;
	const char *only_lang;  /* --lang: passages of this language only */
	/* Reads back the text of passages whose file holds it (lib/source.h),
	 * for phrases and NEAR; NULL: such text has no words. */
	struct rb_source *source;
	/* Completes a later passage's record from its file's passage 1
	 * (lib/filerecord.h). */
	struct rb_file_records *files;
} query_options;

/* A part of a query of several joined by AND: a word, a prefix, a phrase,
 * a NEAR or a group in parentheses.  A file matches when each part is held
 * by one of its passages, not necessarily the same one. */
typedef struct {
	xc_query *xq;        /* the passages holding the part that meet the
			      * query's constraints (NOT, fields, languages) */
	bool needs_check;    /* query_accept_part must confirm each match */
	bool plain;          /* a plain word or prefix (not a stop word kept
			      * as a filter): relaxed when nothing holds all */
	bool weighted;       /* not a stop word kept as a filter */
	const query_node *node;
} query_part;

typedef struct {
	query_node *root;
	xc_query *xq;        /* what Xapian runs */
	rb_hl_query hl;      /* what the highlighter lights up: folded words,
			      * prefixes and phrases, never stems */
	bool needs_check;    /* query_accept must confirm each match */
	bool any;            /* --any */
	rb_analyzer *a;
	/* a's tokens without stems, for the checks and the highlighter, which
	 * compare folded words only (stemming was most of a phrase check's
	 * time). */
	rb_analyzer *words_a;
	/* The parts of a query of several (none for one part, an OR at the
	 * top, or --any), and the NOTs and fields every passage must meet. */
	query_part *parts;
	size_t n_parts;
	/* The forms of the parts that are words, as one set (each passage's
	 * words looked up once for all of them): form k is part
	 * part_of[k]'s; same_form[k] the next form equal to it (SIZE_MAX:
	 * none), a form of two parts. */
	rb_word_set *part_forms;
	size_t *part_of, *same_form;
	const query_node **constraints;
	size_t n_constraints;
	/* The passages holding the required parts (phrases, NEAR, groups)
	 * and any of the plain words and, in `relaxed` only, their related
	 * words (for when nothing holds every part); built by query_relax,
	 * NULL until then and when the query has nothing to relax. */
	xc_query *relaxed;
	xc_query *relaxed_words;  /* the same without the related words */
	bool relaxed_needs_check;
	bool relaxable;      /* some plain word may be left out (set by
			      * query_parse only for an AND of parts) */
	/* What a partial hit lights up: hl's words and the related words
	 * (its arrays hl's but for `exact`, whose strings are hl's and the
	 * query nodes'). */
	rb_hl_query hl_partial;
	query_options opts;  /* as parsed with, for query_relax */
} query;


/* RB_ERR_INVALID with a message (and column) for a malformed query or one
 * with no word to search for.  The database gives each stem's words. */
rb_status query_parse(rb_analyzer *a, xc_db *db, const char *text,
		      const query_options *opts, query *out, char **err);
void query_free(query *q);

/* Whether the passage record in data[0, len) matches q: for
 * xc_search_options.accept with ctx = the query. */
int query_accept(const char *data, size_t len, void *ctx);

/* For xc_search_options.accept with ctx a query_part_check: whether the
 * record holds part `part` of q (any part for QUERY_ANY_PART) and meets
 * its constraints. */
#define QUERY_ANY_PART ((size_t)-1)
typedef struct {
	const query *q;
	size_t part;
} query_part_check;
int query_accept_part(const char *data, size_t len, void *ctx);
/* For the relaxed query (ctx = the query): its required parts and the
 * constraints hold. */
int query_accept_relaxed(const char *data, size_t len, void *ctx);
/* held[i]: whether the passage record data[0, len) holds part i of q:
 * by its text, or when that cannot be read back from its file, by the
 * index for a part that needs no check (db).  RB_ERR_NO_MEMORY,
 * RB_ERR_INDEX, or RB_ERR_INVALID for a record that does not decode. */
rb_status query_parts_held(const query *q, xc_db *db, const char *data, size_t len,
			   bool *held, char **err);
/* A bound of the part's weight in any passage under so (0 for a stop word
 * kept as a filter), from Xapian's bounds of its posting lists, without
 * matching: for deciding that no file can rank before searching. */
xc_status query_part_bound(xc_db *db, const query_part *part, const xc_search_options *so,
			   double *bound, char **err);
/* How many passages the part may hold, for ordering the parts: a plain
 * word's words' frequencies added up (each word a cheap lookup), else
 * Xapian's estimate of the part's query (every posting list opened).
 * 0 with *upper 0 when it holds none. */
xc_status query_part_size(xc_db *db, const query_part *part, uint32_t *estimate,
			  uint32_t *upper, char **err);
/* The index's words a plain word part stands for (its stem family in
 * every language), for weighing it over several passages at once; 0 for
 * any other part and for a stop word kept as a filter.  The words stay
 * the query's. */
size_t query_part_words(const query_part *part, const char *const **words);
/* The part as the user typed it, folded: "word", "prefix*", "a phrase",
 * "a NEAR b" (malloc'd; NULL when out of memory). */
char *query_part_label(const query_part *part);

/* Builds q->relaxed (related: with the related words, and q->hl_partial)
 * or q->relaxed_words (without) when q has something to relax and has not
 * built it yet: db must be the one q was parsed against.
 * RB_ERR_NO_MEMORY, or RB_ERR_INDEX on a Xapian error. */
rb_status query_relax(query *q, xc_db *db, bool related, char **err);

/* A spelling correction of the query from the index's own words, or NULL
 * when none is close: the query text with each word that matches nothing
 * replaced by the most frequent word at most two edits away. */
char *query_suggest(xc_db *db, rb_analyzer *a, const query_options *opts,
		    const char *text);

/* --explain: what each weighted part of the query gave a hit. */
typedef struct {
	char *label;          /* the word, prefix*, "phrase" or a NEAR b */
	double weight;        /* its BM25 share of the hit's score */
	uint32_t occurrences; /* in the passage (its wdf) */
	uint32_t passages;    /* passages holding it, in the whole index */
} query_explain_term;

typedef struct {
	query_explain_term *terms;
	size_t n_terms;
	uint32_t length;      /* the passage's words (Xapian's document length) */
	double avg_length;    /* the index's average */
	double k1, b;         /* BM25: each part weighs idf * (k1 + 1) * wdf /
			       * (k1 * ((1 - b) + b * length / avg_length) + wdf) */
} query_explanation;

/* Each part run alone on the hit's passage (data: its record), under the
 * same BM25 parameters: BM25 adds the parts' weights; for a partial hit,
 * each word's related words too ("words related to WORD"). */
rb_status query_explain(const query *q, xc_db *db, const xc_search_options *so,
			const char *data, size_t len, bool partial,
			query_explanation *out, char **err);
void query_explanation_free(query_explanation *x);

/* Whether the query has /REGEX/ terms that light up the text. */
bool query_shows_patterns(const query *q);
/* The ranges of text[0, len) the query's /REGEX/ terms match (outside
 * NOTs and fields), joined with the n_hl sorted ranges of *hl (realloc'd):
 * sorted, overlapping ones joined (query_patterns.c).  around: the rest
 * of the text's first and last lines in its file (rb_source_line_around),
 * so that a pattern matches whole lines; NULL for none. */
rb_status query_pattern_highlights(const query *q, const char *text, size_t len,
				   const rb_line_around *around, rb_span **hl, size_t *n_hl,
				   char **err);
/* The lines of text[0, len) (its first line first_line) the query's
 * /REGEX/ terms match, outside NOTs and fields: sorted, each once, in
 * *lines (malloc'd; NULL when none). */
rb_status query_pattern_lines(const query *q, const char *text, size_t len,
			      const rb_line_around *around, uint32_t first_line,
			      uint32_t **lines, size_t *n, char **err);
/* After a search, before its results print: clears the progress line of
 * a pattern read on every passage (shown on a terminal past 1 s). */
void query_patterns_progress_end(const query *q);
/* After a search, a line on f for each pattern read on every passage (its
 * cost) or stopped by its limits. */
void query_patterns_report(const query *q, FILE *f);

#endif
