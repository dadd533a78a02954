/* passage.h: a document's text becomes passages, the unit rubric indexes
 * and ranks.
 *
 * A passage is a paragraph (lines separated by blank lines); a paragraph
 * longer than max_words splits at sentence ends into windows of at most
 * max_words words (a single longer sentence is cut between words).  Words
 * are those of the analyzer, given as byte ranges, so that passages and
 * terms never disagree on what a word is.  Paragraphs without words are
 * not passages.
 */
#ifndef RUBRIC_PASSAGE_H
#define RUBRIC_PASSAGE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

#define RB_PASSAGE_MAX_WORDS 100
#define RB_TITLE_MAX_BYTES 200

typedef struct {
	size_t start, end;
} rb_span;

typedef struct {
	size_t start, end;          /* byte range in the source, trimmed */
	uint32_t line;              /* 1-based line where `start` is */
	size_t first_word, n_words; /* its words, as indexes into `words` */
} rb_passage;

/* Splits text[0, len) given its words' byte ranges in order.  *out is a
 * malloc'd array of *n_out passages in source order; the caller frees it. */
rb_status rb_passage_split(const char *text, size_t len, const rb_span *words,
			   size_t n_words, size_t max_words, rb_passage **out,
			   size_t *n_out, char **err);

/* The title of a text: its first non-empty line, trimmed, as a byte range
 * cut to at most RB_TITLE_MAX_BYTES (empty when the text has none). */
rb_span rb_passage_title(const char *text, size_t len);

#endif
