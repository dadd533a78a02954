/* langname.c: language names and codes -> libstemmer names (langname.h).
 *
 * libstemmer 2.2 accepts these codes too (sb_stemmer_new("spa")), but its
 * list (sb_stemmer_list) gives only the names, and the index needs one
 * spelling per language; tests/unit/test_langname.c checks that libstemmer
 * knows every code here.
 */
#include "langname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze.h"

/* Name, then its ISO 639-1 code and ISO 639-2/3 codes, as libstemmer's
 * modules.txt lists them. */
static const char *const codes[][5] = {
	{"arabic", "ar", "ara"},           {"armenian", "hy", "hye", "arm"},
	{"basque", "eu", "eus", "baq"},    {"catalan", "ca", "cat"},
	{"danish", "da", "dan"},           {"dutch", "nl", "nld", "dut"},
	{"english", "en", "eng"},          {"finnish", "fi", "fin"},
	{"french", "fr", "fra", "fre"},    {"german", "de", "deu", "ger"},
	{"greek", "el", "ell", "gre"},     {"hindi", "hi", "hin"},
	{"hungarian", "hu", "hun"},        {"indonesian", "id", "ind"},
	{"irish", "ga", "gle"},            {"italian", "it", "ita"},
	{"lithuanian", "lt", "lit"},       {"nepali", "ne", "nep"},
	{"norwegian", "no", "nor"},        {"portuguese", "pt", "por"},
	{"romanian", "ro", "ron", "rum"},  {"russian", "ru", "rus"},
	{"serbian", "sr", "srp"},          {"spanish", "es", "spa", "esl"},
	{"swedish", "sv", "swe"},          {"tamil", "ta", "tam"},
	{"turkish", "tr", "tur"},          {"yiddish", "yi", "yid"},
};
#define N_CODES (sizeof codes / sizeof codes[0])

/* The codes of a libstemmer name (NULL: none listed). */
static const char *const *codes_of(const char *stemmer)
{
	for (size_t i = 0; i < N_CODES; i++)
		if (strcmp(codes[i][0], stemmer) == 0)
			return codes[i] + 1;
	return NULL;
}

const char *rb_lang_canonical(const char *name)
{
	const char **have = rb_analyzer_languages();
	for (size_t j = 0; name && have && have[j]; j++) {
		if (strcasecmp(have[j], name) == 0)
			return have[j];
		const char *const *c = codes_of(have[j]);
		for (size_t k = 0; c && k < 4 && c[k]; k++)
			if (strcasecmp(c[k], name) == 0)
				return have[j];
	}
	return NULL;
}

rb_status rb_lang_resolve(const char *name, const char *const *extra,
			  const char **out, char **err)
{
	*out = NULL;
	for (size_t i = 0; name && extra && extra[i]; i++)
		if (strcasecmp(extra[i], name) == 0) {
			*out = extra[i];
			return RB_OK;
		}
	if ((*out = rb_lang_canonical(name)))
		return RB_OK;
	if (!err)
		return RB_ERR_INVALID;
	char *list = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&list, &len);
	if (!f)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	const char **have = rb_analyzer_languages();
	const char *sep = "";
	for (size_t j = 0; have && have[j]; j++, sep = ", ") {
		fprintf(f, "%s%s", sep, have[j]);
		const char *const *c = codes_of(have[j]);
		for (size_t k = 0; c && k < 4 && c[k]; k++)
			fprintf(f, "%s%s", k ? ", " : " (", c[k]);
		if (c)
			fputc(')', f);
	}
	for (size_t i = 0; extra && extra[i]; i++, sep = ", ")
		fprintf(f, "%s%s", sep, extra[i]);
	if (fclose(f) != 0 || !list) {
		free(list);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	rb_status rc = rb_fail(err, RB_ERR_INVALID, "unknown language '%s'; use one of: %s",
			       name ? name : "", list);
	free(list);
	return rc;
}
