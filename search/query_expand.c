/* query_expand.c: a query word's stem family, the index's words that
 * share its stem in each language, from the synonym table or, on remote
 * shards, which have none, by scanning and stemming the word list. */
#include "query_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The stem of a single word in an analyzer's language. */
typedef struct {
	char stem[RB_MAX_TERM_BYTES + 1];
} stem_buf;

static int take_stem(const rb_token *t, void *ctx)
{
	stem_buf *b = ctx;
	snprintf(b->stem, sizeof b->stem, "%.*s", (int)t->stem_len, t->stem);
	return 1;
}

static void stem_of(rb_analyzer *a, const char *word, size_t len, stem_buf *b)
{
	uint32_t pos = 1;
	b->stem[0] = '\0';
	rb_analyze(a, word, len, &pos, take_stem, b);
}

/* Remote shards: the words under a prefix, read once per query (a scan
 * reads the prefix's whole word list from every shard). */
static int on_scanned_term(const char *term, size_t len, uint32_t freq, void *ctx)
{
	(void)freq;
	if (term[0] >= 'A' && term[0] <= 'Z')
		return 0;  /* boolean terms */
	return query_word_append(ctx, term, len);  /* the scan has no repeats */
}

static const word_list *scanned_words(parser *p, const char *start)
{
	scan_cache *c = &p->scans;
	for (size_t i = 0; i < c->n; i++)
		if (strncmp(start, c->v[i].prefix, strlen(c->v[i].prefix)) == 0)
			return &c->v[i].words;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 4;
		void *v = realloc(c->v, cap * sizeof *c->v);
		if (!v)
			return p->oom = true, NULL;
		c->v = v;
		c->cap = cap;
	}
	struct scanned *e = &c->v[c->n];
	memset(e, 0, sizeof *e);
	if (!(e->prefix = strdup(start)))
		return p->oom = true, NULL;
	c->n++;
	if (xc_db_each_term(p->db, start, on_scanned_term, &e->words, &p->err))
		return NULL;
	if (e->words.oom)
		return p->oom = true, NULL;
	return &e->words;
}

void query_scans_free(parser *p)
{
	for (size_t i = 0; i < p->scans.n; i++) {
		free(p->scans.v[i].prefix);
		query_words_free(&p->scans.v[i].words);
	}
	free(p->scans.v);
	memset(&p->scans, 0, sizeof p->scans);
}

/* Where a stem's words start: Snowball keeps a stem's start but for its
 * last letters (happy -> happi). */
static void stem_start(const char *stem, char start[RB_MAX_TERM_BYTES + 1])
{
	size_t keep = strlen(stem) > 3 ? strlen(stem) - 2 : 1;
	while (keep > 1 && ((unsigned char)stem[keep] & 0xC0) == 0x80)
		keep--;  /* not inside a character */
	snprintf(start, RB_MAX_TERM_BYTES + 1, "%.*s", (int)keep, stem);
}

/* Whether some passage of language `lang` holds `word`: the synonym table
 * lists under a language's stem only the words its passages hold. */
static int occurs_in_language(parser *p, const char *word, const char *lang, bool *yes)
{
	xc_query *w = query_term(p, "", word), *l = query_term(p, RB_LANG_PREFIX, lang);
	xc_query *pair[2] = { w, l }, *q = NULL;
	xc_mset *m = NULL;
	xc_search_options so;
	xc_search_options_init(&so);
	int rc = -1;
	if (w && l && !xc_query_combine(XC_OP_FILTER, pair, 2, 0, &q, &p->err) &&
	    !xc_db_search(p->db, q, 0, 1, &so, &m, &p->err)) {
		*yes = xc_mset_size(m) > 0;
		rc = 0;
	}
	xc_mset_free(m);
	xc_query_free(q);
	xc_query_free(w);
	xc_query_free(l);
	if (rc && !p->err)
		p->oom = true;
	return rc;
}

/* The words sharing the stem's start whose stem in `la` is the stem, and
 * that passages of that language hold: what the synonym table would list. */
static int scan_stem_family(parser *p, rb_analyzer *la, const char *lang,
			    const char *stem, word_list *out)
{
	char start[RB_MAX_TERM_BYTES + 1];
	stem_start(stem, start);
	const word_list *words = scanned_words(p, start);
	if (!words)
		return -1;
	size_t len = strlen(start);
	for (size_t i = 0; i < words->n; i++) {
		stem_buf b;
		bool yes = p->opts->n_langs <= 1;
		if (strncmp(words->v[i], start, len) != 0)
			continue;
		stem_of(la, words->v[i], strlen(words->v[i]), &b);
		if (strcmp(b.stem, stem) != 0)
			continue;
		/* Already in (the word typed is in every family): no search,
		 * a round trip to every shard. */
		if (query_words_hold(out, words->v[i], strlen(words->v[i])))
			continue;
		if (!yes && occurs_in_language(p, words->v[i], lang, &yes))
			return -1;
		if (yes)
			query_word_add(words->v[i], strlen(words->v[i]), out);
	}
	return 0;
}

/* Remote shards: the prefixes of every language's stem, shortest first,
 * so that one scan serves the languages whose stems start alike. */
static int scan_shortest_first(parser *p, const char *word)
{
	size_t nl = p->opts->n_langs, best = SIZE_MAX;
	char start[RB_MAX_TERM_BYTES + 1], shortest[RB_MAX_TERM_BYTES + 1] = "";
	for (size_t i = 0; i < nl; i++) {
		rb_analyzer *la;
		stem_buf b;
		if (rb_analyzers_get(p->analyzers, p->opts->langs[i], &la, &p->err))
			return -1;
		stem_of(la, word, strlen(word), &b);
		stem_start(b.stem, start);
		if (strlen(start) < best) {
			best = strlen(start);
			memcpy(shortest, start, best + 1);
		}
	}
	return best == SIZE_MAX || scanned_words(p, shortest) ? 0 : -1;
}

/* The index's words that share the word's stem in any of its languages
 * (and the word itself), from the synonym table.  Remote shards have
 * none: there the words are found by scanning and stemming. */
int query_expand_word(parser *p, const char *word, size_t only, word_list *out)
{
	query_word_add(word, strlen(word), out);
	if (xc_db_has_remote(p->db) && scan_shortest_first(p, word))
		return -1;
	for (size_t i = 0; i < p->opts->n_langs && !out->oom; i++) {
		if (only != SIZE_MAX && i != only)
			continue;
		rb_analyzer *la;
		stem_buf b;
		char z[RB_MAX_TERM_BYTES + 64];
		if (rb_analyzers_get(p->analyzers, p->opts->langs[i], &la, &p->err))
			return -1;
		stem_of(la, word, strlen(word), &b);
		if (!xc_db_has_remote(p->db)) {
			rb_stem_key(z, sizeof z, p->opts->langs[i], b.stem, strlen(b.stem));
			if (xc_db_synonyms(p->db, z, query_word_add, out, &p->err))
				return -1;
			continue;
		}
		if (scan_stem_family(p, la, p->opts->langs[i], b.stem, out))
			return -1;
	}
	if (out->oom)
		p->oom = true;
	return out->oom ? -1 : 0;
}

