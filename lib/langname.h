/* langname.h: a stemming language as users write it.
 *
 * A language is accepted as its libstemmer algorithm name ("spanish"), its
 * ISO 639-1 code ("es") or one of the ISO 639-2/3 codes libstemmer knows
 * ("spa", "esl"), in any case; the answer is always the libstemmer name,
 * the one the index's "L" terms and stem keys use.  Only languages the
 * linked libstemmer offers (rb_analyzer_languages()) are accepted.
 */
#ifndef RUBRIC_LANGNAME_H
#define RUBRIC_LANGNAME_H

#include "status.h"

/* The libstemmer name (a static string) for `name`, or NULL when it names
 * no language libstemmer offers. */
const char *rb_lang_canonical(const char *name);

/* As rb_lang_canonical, but also accepts the words in `extra` (a
 * NULL-terminated list such as {"auto", "none", NULL}, compared in any
 * case and returned as listed).  Unknown: RB_ERR_INVALID and a message
 * "unknown language 'x'; use one of: arabic (ar, ara), ..." listing every
 * accepted name with its codes, then the extra words. */
rb_status rb_lang_resolve(const char *name, const char *const *extra,
			  const char **out, char **err);

#endif
