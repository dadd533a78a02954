/* highlight.h: which words of a passage a query matched, as byte ranges,
 * found by the same analyzer that indexed them. */
#ifndef RUBRIC_HIGHLIGHT_H
#define RUBRIC_HIGHLIGHT_H

#include <stddef.h>

#include "analyze.h"
#include "passage.h"
#include "status.h"

/* What a query looks for, as the highlighter needs it. */
typedef struct {
	char **terms;    /* folded words, in order */
	size_t n_terms;
} rb_hl_phrase;

typedef struct {
	char **stems;            /* a word matches when its stem is one of these */
	size_t n_stems;
	rb_hl_phrase *phrases;   /* runs of consecutive folded words */
	size_t n_phrases;
} rb_hl_query;

/* Byte ranges into text[0, len) of every matched word, sorted, without
 * duplicates; *out is malloc'd (the caller frees), NULL when none. */
rb_status rb_highlight(rb_analyzer *a, const rb_hl_query *q, const char *text,
		       size_t len, rb_span **out, size_t *n_out, char **err);

/* Whether every phrase of q occurs in text[0, len) (words adjacent and in
 * order): the index finds passages holding a phrase's words, this decides
 * which hold the phrase.  1 yes, 0 no, -1 out of memory. */
int rb_highlight_has_phrases(rb_analyzer *a, const rb_hl_query *q,
			     const char *text, size_t len);

#endif
