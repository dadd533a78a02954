/* query_pattern.h: /REGEX/ terms of a query (PCRE2), matched on a
 * passage's text line by line, as ripgrep matches a file's lines.
 *
 * PCRE2 rather than RE2: its JIT, Unicode properties (\w and \b are
 * Unicode's, as rg's), and the match, depth and heap limits that stop a
 * pattern which backtracks without end.  Caseless unless the pattern ends
 * in `/c` or says (?-i); `^` and `$` are a line's ends. */
#ifndef RUBRIC_QUERY_PATTERN_H
#define RUBRIC_QUERY_PATTERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "passage.h"

typedef struct query_pattern query_pattern;
struct query_node;

/* Compiles re[0, len) (caseless unless case_sensitive): NULL with a
 * malloc'd message in *why and the byte offset of the error in *at
 * (NULL and no message when out of memory). */
query_pattern *query_pattern_new(const char *re, size_t len, bool case_sensitive,
				 char **why, size_t *at);
void query_pattern_free(query_pattern *qp);

/* edges: where a text cut from its file does not start or end a line (a
 * paragraph of over 100 words split into passages at a sentence end):
 * `^` does not match at its start, nor `$` at its end. */
#define PATTERN_MID_START 1u
#define PATTERN_MID_END 2u

/* A passage's text with the rest of its first and last lines in its file
 * around it (lib/source.h: rb_line_around): the pattern is matched on
 * whole lines, as rg matches them, and a match counts for the text where
 * it overlaps it.  edges: where even the whole lines stay cut. */
typedef struct {
	const char *before, *text, *after;
	size_t before_len, len, after_len;
	unsigned edges;
} pattern_text;

/* Whether a line of the text matches (a match overlapping it); false also
 * once the pattern has been stopped by its limits (query_pattern_report
 * says so).  again: the same passage tried once more, with its lines
 * around it (not counted as a passage read again).  query_pattern_matches:
 * a text with nothing around it. */
bool query_pattern_matches_text(query_pattern *qp, const pattern_text *t, bool again);
bool query_pattern_matches(query_pattern *qp, const char *text, size_t len, unsigned edges);
/* Appends the byte ranges of the text the pattern matches (their parts
 * within it, in its offsets) to *spans (n of them, cap allocated); false
 * when out of memory. */
bool query_pattern_spans_text(query_pattern *qp, const pattern_text *t, rb_span **spans,
			      size_t *n, size_t *cap);
/* Notes that the pattern narrows by no word: every passage is read, and
 * on a terminal a scan past 1 s says how far it is (label: the pattern
 * as typed, kept by the caller). */
void query_pattern_set_scan(query_pattern *qp, const char *label);
/* Clears the progress line, if there is one (before the results print). */
void query_pattern_progress_end(query_pattern *qp);
/* A line on f for a pattern that scanned every passage (its cost) or was
 * stopped by a limit; `label` is the pattern as typed. */
void query_pattern_report(query_pattern *qp, const char *label, FILE *f);

#endif
