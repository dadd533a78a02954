/* highlight.h: the words of a text as the analyzer sees them, which of
 * them a query matched (byte ranges to light up), and the checks the
 * index cannot make (phrases, proximity) made on the stored text. */
#ifndef RUBRIC_HIGHLIGHT_H
#define RUBRIC_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "analyze.h"
#include "passage.h"
#include "status.h"
#include "wordset.h"

/* One analysed word. */
typedef struct {
	rb_span span;              /* bytes in the text */
	uint32_t pos;
	size_t term_off, term_len; /* into rb_words.strings */
	size_t stem_off, stem_len;
	uint64_t term_hash, stem_hash;  /* rb_word_hash's, for rb_word_set_has */
} rb_word;

typedef struct {
	rb_word *v;
	size_t n, cap;
	char *strings;
	size_t used, strings_cap;
} rb_words;

rb_status rb_words_collect(rb_analyzer *a, const char *text, size_t len,
			   rb_words *out, char **err);
void rb_words_free(rb_words *w);
bool rb_word_is(const rb_words *w, size_t i, const char *term);
bool rb_word_stem_is(const rb_words *w, size_t i, const char *stem);
bool rb_word_has_prefix(const rb_words *w, size_t i, const char *prefix);
/* Whether word i's term (stem) is in the set. */
bool rb_word_in(const rb_words *w, size_t i, const rb_word_set *s);
bool rb_word_stem_in(const rb_words *w, size_t i, const rb_word_set *s);
/* Whether words i.. spell terms[0..n) at consecutive positions. */
bool rb_words_phrase_at(const rb_words *w, size_t i, char *const *terms, size_t n);
/* Whether all terms occur within a window of `window` positions, in any
 * order. */
bool rb_words_near(const rb_words *w, char *const *terms, size_t n, uint32_t window);

/* What a query lights up. */
typedef struct {
	char **terms;    /* folded words, in order */
	size_t n_terms;
} rb_hl_phrase;

typedef struct {
	char **stems;            /* a word lights up when its stem is one */
	size_t n_stems;
	char **prefixes;         /* ... or its term starts with one */
	size_t n_prefixes;
	char **exact;            /* ... or its term is one */
	size_t n_exact;
	rb_hl_phrase *phrases;   /* runs of consecutive folded words */
	size_t n_phrases;
	/* stems and exact as sets (rb_hl_query_index), NULL: looked up one by
	 * one. */
	rb_word_set *stem_set, *exact_set;
} rb_hl_query;

/* Makes q's sets of its stems and exact words; false when out of memory. */
bool rb_hl_query_index(rb_hl_query *q);

/* Byte ranges into text[0, len) of every matched word, sorted, without
 * duplicates; *out is malloc'd (the caller frees), NULL when none. */
rb_status rb_highlight(rb_analyzer *a, const rb_hl_query *q, const char *text,
		       size_t len, rb_span **out, size_t *n_out, char **err);

#endif
