/* analyze.h: the one analyzer for indexing, querying and highlighting.
 *
 * UTF-8 bytes in, terms out.  Words are runs of Unicode letters, marks and
 * numbers; an apostrophe (U+0027 or U+2019) between letters stays inside the
 * word as U+0027; anything else (hyphens, punctuation, spaces, invalid bytes)
 * separates words.  Han, Hiragana and Katakana characters are words of one
 * character each, so phrases of them match runs of characters.  Each term is
 * NFKC-normalised, case-folded and stripped of accents, then stemmed with
 * libstemmer in the analyzer's language.
 */
#ifndef RUBRIC_ANALYZE_H
#define RUBRIC_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Xapian refuses terms over 245 bytes; the stem also needs its "Z" prefix. */
#define RB_MAX_TERM_BYTES 244

typedef struct rb_analyzer rb_analyzer;

typedef struct {
	const char *term;     /* folded word, NUL-terminated */
	size_t term_len;
	const char *stem;     /* its stem (the term itself without a stemmer) */
	size_t stem_len;
	size_t start, end;    /* byte range of the word in the input */
	uint32_t pos;         /* word position, consecutive across the input */
} rb_token;

/* Called for each term; the strings are valid only during the call.
 * A nonzero return stops the analysis and is returned by rb_analyze. */
typedef int (*rb_token_fn)(const rb_token *tok, void *ctx);

/* `lang` is a libstemmer algorithm name or code ("english", "fr", ...),
 * "none" for no stemming, NULL for English.  Unknown: RB_ERR_INVALID. */
rb_status rb_analyzer_new(const char *lang, rb_analyzer **out, char **err);
void rb_analyzer_free(rb_analyzer *a);
/* The canonical language name ("english", "none"). */
const char *rb_analyzer_lang(const rb_analyzer *a);
int rb_analyzer_stems(const rb_analyzer *a);

/* Analyses text[0, len).  Positions start at *pos, which is left one past
 * the last position used.  Returns 0, or the callback's nonzero value. */
int rb_analyze(rb_analyzer *a, const char *text, size_t len, uint32_t *pos,
	       rb_token_fn fn, void *ctx);

/* Analyzers by language, made on first use: for indexes holding several
 * languages.  Not thread-safe: one set per thread. */
typedef struct rb_analyzers rb_analyzers;
rb_analyzers *rb_analyzers_new(void);
void rb_analyzers_free(rb_analyzers *set);
/* The set's analyzer for `lang` (owned by the set). */
rb_status rb_analyzers_get(rb_analyzers *set, const char *lang, rb_analyzer **out,
			   char **err);

/* The NULL-terminated list of languages libstemmer offers. */
const char **rb_analyzer_languages(void);

#endif
