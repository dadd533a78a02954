/* langdetect.h: which stemming language a text is written in.
 *
 * The detector is CLD2 (Compact Language Detector 2, Debian libcld2-dev),
 * restricted to the languages libstemmer offers at run time
 * (rb_analyzer_languages()).  The answer is a libstemmer algorithm name
 * ("english", "spanish", ...) or the caller's fallback when the text is
 * too short, unclear (CLD2 finds no reliable answer), or in a language
 * libstemmer has no algorithm for.  Croatian, Bosnian and Montenegrin give
 * "serbian" (one Serbo-Croatian stemmer), Norwegian Nynorsk "norwegian".
 *
 * Only the first RB_LANGDETECT_MAX_BYTES bytes of the text are read: the
 * cost grows with the bytes read (on the related corpus, 52k files: 6 us
 * per file at 512 bytes, 9 at 1 KB, 12 at 2 KB, 19 at 4 KB) while the
 * fortunes' accuracy stays the same (99.3%).  Invalid UTF-8 and control
 * characters there count as spaces.
 *
 * A handle holds a work buffer: one handle per thread.  Handles on several
 * threads at once are safe (CLD2's tables are read-only).
 */
#ifndef RUBRIC_LANGDETECT_H
#define RUBRIC_LANGDETECT_H

#include <stddef.h>

#include "status.h"

/* Bytes of a text the detector looks at (at most; cut at a character). */
#define RB_LANGDETECT_MAX_BYTES 1024
/* Fewer whitespace-separated words than this (within those bytes) give
 * the fallback: on fortunes CLD2 labels 96-99% of 10-19-word texts right
 * and ~1% wrong, but 3-6% of 5-8-word texts wrong. */
#define RB_LANGDETECT_MIN_WORDS 10

typedef struct rb_langdetect rb_langdetect;

rb_status rb_langdetect_new(rb_langdetect **out, char **err);
void rb_langdetect_free(rb_langdetect *d);

/* The libstemmer algorithm name for text[0,len) (a static string), or
 * `fallback` (returned as given, may be NULL) when the text is short,
 * unclear or in a language outside libstemmer's list.  text may be NULL
 * when len is 0. */
const char *rb_langdetect_guess(rb_langdetect *d, const char *text, size_t len,
				const char *fallback);
/* The same answer in *lang_out, or RB_ERR_NO_MEMORY when CLD2 ran out of
 * memory (rb_langdetect_guess answers `fallback` then: for indexing, where
 * a wrong language is a wrong index, use this). */
rb_status rb_langdetect_detect(rb_langdetect *d, const char *text, size_t len,
			       const char *fallback, const char **lang_out, char **err);

#endif
