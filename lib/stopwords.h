/* stopwords.h: words too common to help a free-text query ("the", "of").
 * Lists follow Snowball's stop word lists; a language without one has no
 * stop words. */
#ifndef RUBRIC_STOPWORDS_H
#define RUBRIC_STOPWORDS_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the folded word is a stop word in `lang` (an analyzer's name). */
bool rb_is_stopword(const char *lang, const char *term, size_t len);

#endif
