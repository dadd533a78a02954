/* query_expand.c: a query word's stem family, the index's words that
 * share its stem in each language, from the families' metadata keys
 * (lib/schema.h, rb_family_key), which remote shards serve too. */
#include "query_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"

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

/* A stem's family keys, read back into "LANG:WORD" entries. */
static int on_family_key(const char *key, size_t len, const char *value, size_t value_len,
			 void *ctx)
{
	(void)value;
	(void)value_len;
	const char *lang;
	char word[RB_MAX_KEY_BYTES + 1], entry[2 * RB_MAX_KEY_BYTES + 2];
	size_t word_len;
	if (rb_family_parse(key, len, &lang, word, sizeof word, &word_len))
		return 0;  /* not one: no word */
	int n = snprintf(entry, sizeof entry, "%s:%s", lang, word);
	return query_word_append(ctx, entry, (size_t)n);
}

static int by_entry(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of a stem's family in every language, listed once a query:
 * one request to each shard. */
static const word_list *family_of(parser *p, const char *stem)
{
	family_cache *c = &p->families;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(stem, c->v[i].stem) == 0)
			return &c->v[i].entries;
	struct family *v = rb_grow(c->v, &c->cap, c->n + 1, sizeof *v, 4);
	if (!v)
		return p->oom = true, NULL;
	c->v = v;
	struct family *e = &c->v[c->n];
	memset(e, 0, sizeof *e);
	if (!(e->stem = strdup(stem)))
		return p->oom = true, NULL;
	c->n++;
	char prefix[RB_MAX_KEY_BYTES + 1];
	size_t len = rb_family_prefix(prefix, sizeof prefix, stem, strlen(stem));
	if (len && xc_db_each_key(p->db, prefix, len, on_family_key, &e->entries, &p->err))
		return NULL;
	if (e->entries.oom)
		return p->oom = true, NULL;
	if (e->entries.n > 1)
		qsort(e->entries.v, e->entries.n, sizeof *e->entries.v, by_entry);
	return &e->entries;
}

void query_families_free(parser *p)
{
	for (size_t i = 0; i < p->families.n; i++) {
		free(p->families.v[i].stem);
		query_words_free(&p->families.v[i].entries);
	}
	free(p->families.v);
	memset(&p->families, 0, sizeof p->families);
}

/* The words of the stem's family in `lang`, in byte order (a word two
 * shards hold once). */
static int add_family(parser *p, const char *stem, const char *lang, word_list *out)
{
	const word_list *f = family_of(p, stem);
	if (!f)
		return -1;
	size_t n = strlen(lang);
	for (size_t i = 0; i < f->n && !out->oom; i++)
		if (strncmp(f->v[i], lang, n) == 0 && f->v[i][n] == ':')
			query_word_add(f->v[i] + n + 1, strlen(f->v[i] + n + 1), out);
	return 0;
}

/* The index's words that share the word's stem in any of its languages
 * (and the word itself), from the stem families' keys. */
int query_expand_word(parser *p, const char *word, size_t only, word_list *out)
{
	query_word_add(word, strlen(word), out);
	for (size_t i = 0; i < p->opts->n_langs && !out->oom; i++) {
		if (only != SIZE_MAX && i != only)
			continue;
		rb_analyzer *la;
		stem_buf b;
		if (rb_analyzers_get(p->analyzers, p->opts->langs[i], &la, &p->err))
			return -1;
		stem_of(la, word, strlen(word), &b);
		if (add_family(p, b.stem, p->opts->langs[i], out))
			return -1;
	}
	if (out->oom)
		p->oom = true;
	return out->oom ? -1 : 0;
}
