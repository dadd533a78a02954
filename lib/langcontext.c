/* langcontext.c: languages detected per folder (see langcontext.h).
 *
 * A hash table from folder (a prefix of the noted paths) to a count per
 * libstemmer language; a note counts in every folder above the document,
 * so a folder's counts include its subfolders'.  One mutex: a note costs
 * a few hash lookups, against CLD2's microseconds per document.
 */
#include "langcontext.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "analyze.h"

typedef struct {
	char *folder;        /* NULL: a free slot */
	size_t len;
	uint32_t total;
	uint32_t *count;     /* per language of `langs` */
} folder_tally;

struct rb_langctx {
	pthread_mutex_t lock;
	struct { char *glob; const char *lang; } *rules;   /* the user's */
	size_t n_rules;
	const char **langs;  /* libstemmer's names */
	size_t n_langs;
	folder_tally *slots; /* open addressing, a power of two */
	size_t n_slots, used;
};

rb_status rb_langctx_new(rb_langctx **out, char **err)
{
	*out = NULL;
	rb_langctx *c = calloc(1, sizeof *c);
	if (!c)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	c->langs = rb_analyzer_languages();
	while (c->langs && c->langs[c->n_langs])
		c->n_langs++;
	c->n_slots = 256;
	if (!(c->slots = calloc(c->n_slots, sizeof *c->slots))) {
		free(c);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	pthread_mutex_init(&c->lock, NULL);
	*out = c;
	return RB_OK;
}

void rb_langctx_free(rb_langctx *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_slots; i++) {
		free(c->slots[i].folder);
		free(c->slots[i].count);
	}
	free(c->slots);
	for (size_t i = 0; i < c->n_rules; i++)
		free(c->rules[i].glob);
	free(c->rules);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static size_t slot_of(const rb_langctx *c, const char *folder, size_t len)
{
	size_t j = XXH3_64bits(folder, len) & (c->n_slots - 1);
	while (c->slots[j].folder && (c->slots[j].len != len ||
	       memcmp(c->slots[j].folder, folder, len) != 0))
		j = (j + 1) & (c->n_slots - 1);
	return j;
}

/* Twice the slots; 0, or -1 when out of memory. */
static int grow(rb_langctx *c)
{
	folder_tally *old = c->slots;
	size_t n_old = c->n_slots;
	folder_tally *slots = calloc(2 * n_old, sizeof *slots);
	if (!slots)
		return -1;
	c->slots = slots;
	c->n_slots = 2 * n_old;
	for (size_t i = 0; i < n_old; i++)
		if (old[i].folder)
			c->slots[slot_of(c, old[i].folder, old[i].len)] = old[i];
	free(old);
	return 0;
}

static folder_tally *tally_for(rb_langctx *c, const char *folder, size_t len)
{
	if (2 * (c->used + 1) > c->n_slots && grow(c))
		return NULL;
	folder_tally *t = &c->slots[slot_of(c, folder, len)];
	if (t->folder)
		return t;
	if (!(t->folder = malloc(len + 1)) ||
	    !(t->count = calloc(c->n_langs ? c->n_langs : 1, sizeof *t->count))) {
		free(t->folder);
		t->folder = NULL;
		return NULL;
	}
	memcpy(t->folder, folder, len);
	t->folder[len] = '\0';
	t->len = len;
	c->used++;
	return t;
}

rb_status rb_langctx_note(rb_langctx *c, const char *path, const char *lang,
			  char **err)
{
	size_t k = 0;
	while (k < c->n_langs && strcmp(c->langs[k], lang) != 0)
		k++;
	if (k == c->n_langs)
		return RB_OK;   /* not a stemming language: no context */
	rb_status rc = RB_OK;
	pthread_mutex_lock(&c->lock);
	/* Every folder above the document: the prefixes ending before a '/'
	 * ("/" itself as the prefix of length 1). */
	for (size_t len = strlen(path); len > 0; len--) {
		if (path[len - 1] != '/')
			continue;
		folder_tally *t = tally_for(c, path, len > 1 ? len - 1 : 1);
		if (!t) {
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
			break;
		}
		t->total++;
		t->count[k]++;
	}
	pthread_mutex_unlock(&c->lock);
	return rc;
}

rb_status rb_langctx_state(rb_langctx *c, const char *glob, const char *lang,
			   char **err)
{
	void *v = realloc(c->rules, (c->n_rules + 1) * sizeof *c->rules);
	if (!v)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	c->rules = v;
	if (!(c->rules[c->n_rules].glob = strdup(glob)))
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	c->rules[c->n_rules++].lang = lang;
	return RB_OK;
}

static const char *stated(const rb_langctx *c, const char *path)
{
	for (size_t i = 0; i < c->n_rules; i++)
		for (const char *p = path; p; p = strchr(p, '/'), p = p ? p + 1 : p)
			if (fnmatch(c->rules[i].glob, p, 0) == 0)
				return c->rules[i].lang;
	return NULL;
}

const char *rb_langctx_choose(rb_langctx *c, const char *path)
{
	const char *lang = stated(c, path);
	if (lang)
		return lang;
	pthread_mutex_lock(&c->lock);
	for (size_t len = strlen(path); len > 0 && !lang; len--) {
		if (path[len - 1] != '/')
			continue;
		size_t flen = len > 1 ? len - 1 : 1;
		const folder_tally *t = &c->slots[slot_of(c, path, flen)];
		if (!t->folder || t->total < RB_LANGCTX_MIN_DOCS)
			continue;
		size_t best = 0;
		for (size_t k = 1; k < c->n_langs; k++)
			if (t->count[k] > t->count[best])
				best = k;
		if ((uint64_t)t->count[best] * 100 >= (uint64_t)t->total * RB_LANGCTX_SHARE)
			lang = c->langs[best];
	}
	pthread_mutex_unlock(&c->lock);
	return lang;
}

rb_status rb_langctx_save(rb_langctx *c, char **out, size_t *len, char **err)
{
	*out = NULL;
	*len = 0;
	FILE *f = open_memstream(out, len);
	if (!f)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->n_slots; i++)
		for (size_t k = 0; c->slots[i].folder && k < c->n_langs; k++)
			if (c->slots[i].count[k])
				fprintf(f, "%s%c%s%c%u%c", c->slots[i].folder, 0, c->langs[k], 0,
					(unsigned)c->slots[i].count[k], 0);
	pthread_mutex_unlock(&c->lock);
	if (fclose(f) != 0 || !*out) {
		free(*out);
		*out = NULL;
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	return RB_OK;
}

rb_status rb_langctx_load(rb_langctx *c, const char *data, size_t len, char **err)
{
	rb_status rc = RB_OK;
	const char *end = data + len;
	pthread_mutex_lock(&c->lock);
	while (data && data < end && !rc) {
		const char *f[3];
		size_t flen = 0;
		for (int i = 0; i < 3; i++) {
			const char *z = data < end ? memchr(data, '\0', (size_t)(end - data)) : NULL;
			f[i] = z ? data : NULL;
			if (i == 0)
				flen = z ? (size_t)(z - data) : 0;
			data = z ? z + 1 : NULL;
			if (!data)
				break;
		}
		if (!data || !f[2] || flen == 0)
			break;   /* cut: the rest is lost */
		char *num_end;
		unsigned long n = strtoul(f[2], &num_end, 10);
		size_t k = 0;
		while (k < c->n_langs && strcmp(c->langs[k], f[1]) != 0)
			k++;
		if (k == c->n_langs || *num_end || n == 0 || n > UINT32_MAX)
			continue;
		folder_tally *t = tally_for(c, f[0], flen);
		if (!t) {
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
			break;
		}
		t->total += (uint32_t)n;
		t->count[k] += (uint32_t)n;
	}
	pthread_mutex_unlock(&c->lock);
	return rc;
}
