/* fuzz_common.h: helpers shared by the libFuzzer targets in tests/fuzz/.
 * A violated invariant aborts (libFuzzer then saves the input as a crash). */
#ifndef RUBRIC_FUZZ_COMMON_H
#define RUBRIC_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "analyze.h"
#include "passage.h"

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: invariant failed: %s\n",    \
				__FILE__, __LINE__, #cond);                 \
			abort();                                            \
		}                                                           \
	} while (0)

/* Whether s[0, len) is valid UTF-8 (utf8proc's definition). */
static inline int fz_valid_utf8(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p + i,
						      (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0)
			return 0;
		i += (size_t)n;
	}
	return 1;
}

/* One analyzer per language, made on first use and kept (an analyzer costs
 * a stemmer and a stem cache: too dear to make per input).  `sel` picks
 * "none" or one of libstemmer's languages. */
static inline rb_analyzer *fz_analyzer(unsigned sel)
{
	static rb_analyzer *cache[128];
	static size_t n_langs;
	const char **langs = rb_analyzer_languages();
	if (!n_langs)
		while (langs[n_langs] && n_langs < 126)
			n_langs++;
	size_t i = sel % (n_langs + 1);
	if (!cache[i]) {
		char *err = NULL;
		const char *lang = i == n_langs ? "none" : langs[i];
		if (rb_analyzer_new(lang, &cache[i], &err) != RB_OK) {
			fprintf(stderr, "rb_analyzer_new(%s): %s\n", lang,
				err ? err : "?");
			abort();
		}
	}
	return cache[i];
}

/* Words of text as spans (what the indexer gives the passage splitter). */
typedef struct {
	rb_span *spans;
	size_t n, cap;
} fz_words;

static inline int fz_collect_word(const rb_token *t, void *ctx)
{
	fz_words *w = ctx;
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 64;
		rb_span *s = realloc(w->spans, cap * sizeof *s);
		CHECK(s != NULL);
		w->spans = s;
		w->cap = cap;
	}
	w->spans[w->n++] = (rb_span){ t->start, t->end };
	return 0;
}

#endif
