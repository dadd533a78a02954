/* langdetect.c: CLD2 restricted to libstemmer's languages (see langdetect.h).
 *
 * The text's first RB_LANGDETECT_MAX_BYTES bytes are copied into the
 * handle's buffer as interchange-valid UTF-8 (what CLD2 requires): invalid
 * sequences, control characters and noncharacters become spaces, and a
 * character cut by the limit is dropped.  Words are counted on the way.
 * CLD2 itself is C++: langdetect_cld2.cc holds the one call into it.
 */
#include "langdetect.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "analyze.h"

/* langdetect_cld2.cc: CLD2's ISO 639 code for valid UTF-8 text, or NULL
 * when it has no reliable answer; -1 when CLD2 ran out of memory. */
int rb_cld2_detect(const char *text, int len, const char **code_out);

/* CLD2 code -> libstemmer algorithm. */
static const struct {
	const char *code;
	const char *stemmer;
} lang_map[] = {
	{"ar", "arabic"},     {"hy", "armenian"},   {"eu", "basque"},
	{"ca", "catalan"},    {"da", "danish"},     {"nl", "dutch"},
	{"en", "english"},    {"fi", "finnish"},    {"fr", "french"},
	{"de", "german"},     {"el", "greek"},      {"hi", "hindi"},
	{"hu", "hungarian"},  {"id", "indonesian"}, {"ga", "irish"},
	{"it", "italian"},    {"lt", "lithuanian"}, {"ne", "nepali"},
	{"no", "norwegian"},  {"nn", "norwegian"},  {"pt", "portuguese"},
	{"ro", "romanian"},   {"ru", "russian"},    {"sr", "serbian"},
	{"hr", "serbian"},    {"bs", "serbian"},    {"sr-ME", "serbian"},
	{"es", "spanish"},    {"sv", "swedish"},    {"ta", "tamil"},
	{"tr", "turkish"},    {"yi", "yiddish"},
};
#define N_LANGS (sizeof lang_map / sizeof lang_map[0])

struct rb_langdetect {
	bool available[N_LANGS];   /* libstemmer has lang_map[i].stemmer */
	char buf[RB_LANGDETECT_MAX_BYTES + 1];
};

rb_status rb_langdetect_new(rb_langdetect **out, char **err)
{
	*out = NULL;
	rb_langdetect *d = calloc(1, sizeof *d);
	if (!d)
		return rb_fail(err, RB_ERR_NO_MEMORY, "language detector: out of memory");
	const char **have = rb_analyzer_languages();
	for (size_t i = 0; i < N_LANGS; i++)
		for (size_t j = 0; have && have[j]; j++)
			if (strcmp(lang_map[i].stemmer, have[j]) == 0) {
				d->available[i] = true;
				break;
			}
	*out = d;
	return RB_OK;
}

void rb_langdetect_free(rb_langdetect *d)
{
	free(d);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Characters CLD2's interchange-valid UTF-8 excludes besides bad bytes. */
static bool excluded(utf8proc_int32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\r';
	return (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
	       (cp & 0xFFFE) == 0xFFFE;
}

/* Copies text (at most the buffer's size) into d->buf as interchange-valid
 * UTF-8; returns its length and sets *words. */
static size_t sanitize(rb_langdetect *d, const char *text, size_t len, size_t *words)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t i = 0, o = 0, n = 0;
	bool in_word = false;
	if (len > RB_LANGDETECT_MAX_BYTES)
		len = RB_LANGDETECT_MAX_BYTES;   /* a character cut here is invalid */
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), &cp);
		if (k <= 0 || excluded(cp)) {
			if (k <= 0)
				k = 1;
			d->buf[o++] = ' ';
		} else {
			memcpy(d->buf + o, s + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
		bool sp = is_space(d->buf[o - 1]);
		if (!sp && !in_word)
			n++;
		in_word = !sp;
	}
	d->buf[o] = '\0';
	*words = n;
	return o;
}

rb_status rb_langdetect_detect(rb_langdetect *d, const char *text, size_t len,
				const char *fallback, const char **lang_out, char **err)
{
	size_t words;
	const char *code = NULL;
	*lang_out = fallback;
	if (!d || !text || len == 0)
		return RB_OK;
	size_t n = sanitize(d, text, len, &words);
	if (words < RB_LANGDETECT_MIN_WORDS)
		return RB_OK;
	if (rb_cld2_detect(d->buf, (int)n, &code))
		return rb_fail(err, RB_ERR_NO_MEMORY, "language detection: out of memory");
	for (size_t i = 0; code && i < N_LANGS; i++)
		if (strcmp(code, lang_map[i].code) == 0) {
			if (d->available[i])
				*lang_out = lang_map[i].stemmer;
			break;
		}
	return RB_OK;
}

const char *rb_langdetect_guess(rb_langdetect *d, const char *text, size_t len,
				const char *fallback)
{
	const char *lang;
	rb_langdetect_detect(d, text, len, fallback, &lang, NULL);
	return lang;
}
