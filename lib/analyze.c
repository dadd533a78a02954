#include "analyze.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#define FOLD_OPTIONS (UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | \
		      UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK)

/* Stemming dominates analysis on real text, and a corpus reuses few words
 * many times, so stems are cached per analyzer (one per thread); the cache
 * is made only once an analyzer has stemmed enough words to pay for it (a
 * query stems a handful).  A build has one analyzer per language per
 * writer (18 on the related corpus); 16,384 slots, emptied at half full,
 * hold its common words in 0.5 MB, and built no slower than 65,536 (a
 * 1x build 0.90x the wall time, farm-bench -n 4, 2026-11-30). */
#define STEM_CACHE_SLOTS 16384
#define STEM_CACHE_ARENA (1u << 20)
#define STEM_CACHE_AFTER 256

typedef struct {
	uint64_t hash;
	uint32_t term_off, stem_off;   /* into the arena; 0 = empty slot */
	uint16_t term_len, stem_len;
} stem_slot;

struct rb_analyzer {
	struct sb_stemmer *stemmer;
	const char *lang;
	char *lang_owned;
	char term[RB_MAX_TERM_BYTES * 4 + 8];  /* room before the length check */
	utf8proc_int32_t *cps;                 /* fold buffer, in code points */
	size_t cps_cap;
	stem_slot *slots;
	char *arena;
	uint32_t arena_used, slots_used;
	uint32_t uncached;   /* stems made before the cache exists */
};

const char **rb_analyzer_languages(void)
{
	return sb_stemmer_list();
}

rb_status rb_analyzer_new(const char *lang, rb_analyzer **out, char **err)
{
	rb_analyzer *a = calloc(1, sizeof *a);
	if (!a)
		return rb_fail(err, RB_ERR_NO_MEMORY, "analyzer: out of memory");
	if (!lang)
		lang = "english";
	if (strcmp(lang, "none") == 0) {
		a->lang = "none";
	} else {
		a->stemmer = sb_stemmer_new(lang, "UTF_8");
		if (!a->stemmer) {
			free(a);
			return rb_fail(err, RB_ERR_INVALID,
				       "unknown language '%s' (see --lang list)", lang);
		}
		/* Keep a name that outlives the caller's string. */
		a->lang = "english";
		for (const char **l = sb_stemmer_list(); *l; l++)
			if (strcmp(*l, lang) == 0)
				a->lang = *l;
		if (strcmp(a->lang, lang) != 0 && !(a->lang_owned = strdup(lang))) {
			rb_analyzer_free(a);
			return rb_fail(err, RB_ERR_NO_MEMORY, "analyzer: out of memory");
		}
		if (a->lang_owned)
			a->lang = a->lang_owned;
		a->arena_used = 1;
	}
	*out = a;
	return RB_OK;
}

void rb_analyzer_free(rb_analyzer *a)
{
	if (!a)
		return;
	if (a->stemmer)
		sb_stemmer_delete(a->stemmer);
	free(a->lang_owned);
	free(a->cps);
	free(a->slots);
	free(a->arena);
	free(a);
}

const char *rb_analyzer_lang(const rb_analyzer *a)
{
	return a->lang;
}

int rb_analyzer_stems(const rb_analyzer *a)
{
	return a->stemmer != NULL;
}

static bool is_ideograph(utf8proc_int32_t c)
{
	return (c >= 0x3040 && c <= 0x30FF) ||  /* Hiragana, Katakana */
	       (c >= 0x3400 && c <= 0x4DBF) ||  /* CJK extension A */
	       (c >= 0x4E00 && c <= 0x9FFF) ||  /* CJK unified ideographs */
	       (c >= 0xF900 && c <= 0xFAFF) ||  /* compatibility ideographs */
	       (c >= 0x20000 && c <= 0x3FFFF);  /* extensions B onwards */
}

enum cls { SEP, WORD, LETTER_WORD, IDEO, APOS };

/* Classifies the character at s[0..len) and sets *n to its length in bytes;
 * an invalid byte is a separator of length 1. */
static enum cls classify(const uint8_t *s, size_t len, size_t *n)
{
	uint8_t b = s[0];
	if (b < 0x80) {
		*n = 1;
		if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z')
			return LETTER_WORD;
		if (b >= '0' && b <= '9')
			return WORD;
		return b == '\'' ? APOS : SEP;
	}
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)len, &c);
	if (k < 1) {
		*n = 1;
		return SEP;
	}
	*n = (size_t)k;
	if (c == 0x2019)
		return APOS;
	if (is_ideograph(c))
		return IDEO;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return LETTER_WORD;
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return WORD;
	default:
		return SEP;
	}
}

/* Folds the word s[0..len) into a->term; returns its length, 0 when it
 * folds to nothing, or SIZE_MAX when it is too long to be a term. */
static size_t fold_word(rb_analyzer *a, const uint8_t *s, size_t len, bool ascii)
{
	if (ascii) {
		if (len > RB_MAX_TERM_BYTES)
			return SIZE_MAX;
		for (size_t i = 0; i < len; i++) {
			uint8_t b = s[i];
			a->term[i] = (char)(b >= 'A' && b <= 'Z' ? b | 0x20 : b);
		}
		a->term[len] = '\0';
		return len;
	}
	if (len > RB_MAX_TERM_BYTES * 4)
		return SIZE_MAX;
	/* Decomposition can grow a code point to several (at most 18 in
	 * Unicode's data); retry with the size utf8proc asks for. */
	utf8proc_ssize_t n;
	for (;;) {
		n = utf8proc_decompose(s, (utf8proc_ssize_t)len, a->cps,
				       (utf8proc_ssize_t)a->cps_cap, FOLD_OPTIONS);
		if (n <= 0)  /* nothing left (a lone combining mark), or invalid */
			return 0;
		if ((size_t)n <= a->cps_cap)
			break;
		utf8proc_int32_t *p = realloc(a->cps, (size_t)n * 4 + 4);
		if (!p)
			return 0;
		a->cps = p;
		a->cps_cap = (size_t)n;
	}
	for (utf8proc_ssize_t i = 0; i < n; i++)
		if (a->cps[i] == 0x2019)
			a->cps[i] = '\'';
	n = utf8proc_reencode(a->cps, n, FOLD_OPTIONS);
	if (n < 0)
		return 0;
	if ((size_t)n > RB_MAX_TERM_BYTES)
		return SIZE_MAX;
	memcpy(a->term, a->cps, (size_t)n);
	a->term[n] = '\0';
	return (size_t)n;
}

static const char *stem_plain(rb_analyzer *a, const char *term, size_t len,
			      size_t *stem_len)
{
	const sb_symbol *st = sb_stemmer_stem(a->stemmer, (const sb_symbol *)term, (int)len);
	if (!st) {  /* out of memory inside libstemmer: do without a stem */
		*stem_len = len;
		return term;
	}
	*stem_len = (size_t)sb_stemmer_length(a->stemmer);
	return (const char *)st;
}

static const char *stem_word(rb_analyzer *a, const char *term, size_t len,
			     size_t *stem_len)
{
	if (!a->slots) {
		if (a->uncached++ < STEM_CACHE_AFTER)
			return stem_plain(a, term, len, stem_len);
		a->slots = calloc(STEM_CACHE_SLOTS, sizeof *a->slots);
		a->arena = malloc(STEM_CACHE_ARENA);
		if (!a->slots || !a->arena) {  /* no cache: slower, still right */
			free(a->slots);
			free(a->arena);
			a->slots = NULL;
			a->arena = NULL;
			a->uncached = 0;
			return stem_plain(a, term, len, stem_len);
		}
	}
	uint64_t h = XXH3_64bits(term, len);
	size_t mask = STEM_CACHE_SLOTS - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		stem_slot *s = &a->slots[i];
		if (!s->term_off)
			break;
		if (s->hash == h && s->term_len == len &&
		    memcmp(a->arena + s->term_off, term, len) == 0) {
			*stem_len = s->stem_len;
			return a->arena + s->stem_off;
		}
	}
	const sb_symbol *st = sb_stemmer_stem(a->stemmer, (const sb_symbol *)term,
					      (int)len);
	if (!st) {  /* out of memory inside libstemmer: do without a stem */
		*stem_len = len;
		return term;
	}
	size_t sl = (size_t)sb_stemmer_length(a->stemmer);
	if (a->slots_used >= STEM_CACHE_SLOTS / 2 ||
	    a->arena_used + len + sl + 2 > STEM_CACHE_ARENA) {
		memset(a->slots, 0, STEM_CACHE_SLOTS * sizeof *a->slots);
		a->slots_used = 0;
		a->arena_used = 1;
	}
	size_t i = h & mask;
	while (a->slots[i].term_off)
		i = (i + 1) & mask;
	stem_slot *s = &a->slots[i];
	s->hash = h;
	s->term_off = a->arena_used;
	memcpy(a->arena + a->arena_used, term, len);
	a->arena[a->arena_used + len] = '\0';
	a->arena_used += (uint32_t)len + 1;
	s->stem_off = a->arena_used;
	memcpy(a->arena + a->arena_used, st, sl);
	a->arena[a->arena_used + sl] = '\0';
	a->arena_used += (uint32_t)sl + 1;
	s->term_len = (uint16_t)len;
	s->stem_len = (uint16_t)sl;
	a->slots_used++;
	*stem_len = sl;
	return a->arena + s->stem_off;
}

static int emit(rb_analyzer *a, const char *text, size_t start, size_t end,
		bool ascii, uint32_t *pos, rb_token_fn fn, void *ctx)
{
	size_t len = fold_word(a, (const uint8_t *)text + start, end - start, ascii);
	if (len == 0)
		return 0;
	uint32_t p = (*pos)++;
	if (len == SIZE_MAX)  /* too long for Xapian: dropped, position kept */
		return 0;
	rb_token t = { .term = a->term, .term_len = len, .start = start,
		       .end = end, .pos = p };
	if (a->stemmer)
		t.stem = stem_word(a, a->term, len, &t.stem_len);
	/* A stemmer may strip a short word to nothing, or grow a long one
	 * past what Xapian takes (make fuzz): keep the word. */
	if (!a->stemmer || t.stem_len == 0 || t.stem_len > RB_MAX_TERM_BYTES)
		t.stem = a->term, t.stem_len = len;
	return fn(&t, ctx);
}

int rb_analyze(rb_analyzer *a, const char *text, size_t len, uint32_t *pos,
	       rb_token_fn fn, void *ctx)
{
	const uint8_t *s = (const uint8_t *)text;
	size_t i = 0, start = 0;
	bool in_word = false, ascii = true, last_letter = false;
	int rc;

	while (i < len) {
		size_t n;
		enum cls c = classify(s + i, len - i, &n);
		if (c == APOS && in_word && last_letter && i + n < len) {
			size_t m;
			if (classify(s + i + n, len - i - n, &m) == LETTER_WORD) {
				ascii = ascii && n == 1;
				i += n;
				last_letter = false;
				continue;
			}
		}
		if (c == WORD || c == LETTER_WORD) {
			if (!in_word) {
				in_word = true;
				ascii = true;
				start = i;
			}
			ascii = ascii && s[i] < 0x80;
			last_letter = c == LETTER_WORD;
			i += n;
			continue;
		}
		if (in_word) {
			in_word = false;
			if ((rc = emit(a, text, start, i, ascii, pos, fn, ctx)))
				return rc;
		}
		if (c == IDEO && (rc = emit(a, text, i, i + n, false, pos, fn, ctx)))
			return rc;
		i += n;
	}
	if (in_word)
		return emit(a, text, start, len, ascii, pos, fn, ctx);
	return 0;
}

#define MAX_LANGUAGES 64

struct rb_analyzers {
	rb_analyzer *v[MAX_LANGUAGES];
	size_t n;
};

rb_analyzers *rb_analyzers_new(void)
{
	return calloc(1, sizeof(rb_analyzers));
}

void rb_analyzers_free(rb_analyzers *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		rb_analyzer_free(set->v[i]);
	free(set);
}

rb_status rb_analyzers_get(rb_analyzers *set, const char *lang, rb_analyzer **out,
			   char **err)
{
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(rb_analyzer_lang(set->v[i]), lang) == 0) {
			*out = set->v[i];
			return RB_OK;
		}
	if (set->n == MAX_LANGUAGES)
		return rb_fail(err, RB_ERR_INVALID, "too many languages");
	rb_status rc = rb_analyzer_new(lang, &set->v[set->n], err);
	if (!rc)
		*out = set->v[set->n++];
	return rc;
}
