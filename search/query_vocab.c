/* query_vocab.c: the index's words holding a part of a word, for
 * prefixes (kidnap*), substrings (*part*) and a pattern's literal words:
 * a prefix reads only its own stretch of the sorted vocabulary; any other
 * part reads the whole of it (every word, each a string compare). */
#include "query_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	struct held { char *term; uint32_t freq; } *v;
	size_t n, cap;
	const char *part;
	size_t part_len;
	bool at_start, at_end;
} vocab_scan;

static bool holds(const vocab_scan *vs, const char *term, size_t len)
{
	if (len < vs->part_len)
		return false;
	if (vs->at_start)
		return memcmp(term, vs->part, vs->part_len) == 0;
	if (vs->at_end)
		return memcmp(term + len - vs->part_len, vs->part, vs->part_len) == 0;
	return memmem(term, len, vs->part, vs->part_len) != NULL;
}

static int on_term(const char *term, size_t len, uint32_t freq, void *ctx)
{
	vocab_scan *vs = ctx;
	if (!holds(vs, term, len))
		return 0;
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 64;
		struct held *v = realloc(vs->v, cap * sizeof *v);
		if (!v)
			return 1;
		vs->v = v;
		vs->cap = cap;
	}
	if (!(vs->v[vs->n].term = strndup(term, len)))
		return 1;
	vs->v[vs->n++].freq = freq;
	return 0;
}

/* Most frequent first; ties in term order, so every shard layout agrees. */
static int by_freq(const void *a, const void *b)
{
	const struct held *x = a, *y = b;
	if (x->freq != y->freq)
		return x->freq < y->freq ? 1 : -1;
	return strcmp(x->term, y->term);
}

int query_vocab_words(parser *p, const char *part, bool at_start, bool at_end, size_t cap,
		      word_list *out, size_t *found)
{
	vocab_scan vs = { .part = part, .part_len = strlen(part), .at_start = at_start,
			  .at_end = at_end };
	xc_status xs = at_start ? xc_db_each_term(p->db, part, on_term, &vs, &p->err)
				: xc_db_each_word(p->db, on_term, &vs, &p->err);
	int rc = xs ? -1 : 0;
	if (!xs && vs.n)
		qsort(vs.v, vs.n, sizeof *vs.v, by_freq);
	for (size_t i = 0; !rc && i < vs.n && i < cap; i++)
		if (query_word_append(out, vs.v[i].term, strlen(vs.v[i].term)))
			rc = -1;
	for (size_t i = 0; i < vs.n; i++)
		free(vs.v[i].term);
	free(vs.v);
	*found = vs.n;
	if (rc && !p->err)
		p->oom = true;
	return rc;
}
