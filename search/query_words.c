/* query_words.c: lists of words (a stem family, related words), below
 * every stage of the query code: they call nothing of it. */
#include "query_internal.h"

#include <stdlib.h>
#include <string.h>

static bool push_ptr_list(char ***v, size_t *n, size_t *cap, char *p)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		char **a = realloc(*v, c * sizeof *a);
		if (!a)
			return false;
		*v = a;
		*cap = c;
	}
	(*v)[(*n)++] = p;
	return true;
}

int query_word_append(word_list *l, const char *w, size_t len)
{
	char *copy = strndup(w, len);
	if (!copy || !push_ptr_list(&l->v, &l->n, &l->cap, copy)) {
		free(copy);
		return l->oom = true;
	}
	return 0;
}

bool query_words_hold(const word_list *l, const char *w, size_t len)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == len && memcmp(l->v[i], w, len) == 0)
			return true;
	return false;
}

int query_word_add(const char *w, size_t len, void *ctx)
{
	word_list *l = ctx;
	return query_words_hold(l, w, len) ? 0 : query_word_append(l, w, len);
}

void query_words_free(word_list *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	memset(w, 0, sizeof *w);
}
