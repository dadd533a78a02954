/* query_highlights.c: what a query tree lights up in the passages shown:
 * its positive words (each one's stem family), prefixes and phrases. */
#include "query_internal.h"

#include <stdlib.h>
#include <string.h>

static bool push_str(char ***v, size_t *n, const char *s)
{
	char **a = realloc(*v, (*n + 1) * sizeof *a);
	if (!a)
		return false;
	*v = a;
	if (!(a[*n] = strdup(s)))
		return false;
	(*n)++;
	return true;
}

bool query_highlights(rb_hl_query *hl, const query_node *n)
{
	if (n->stop_filter)
		return true;
	switch (n->kind) {
	case N_WORD:
		for (size_t i = 0; i < n->n_words; i++)
			if (!push_str(&hl->exact, &hl->n_exact, n->words[i]))
				return false;
		return true;
	case N_PREFIX:
		for (size_t i = 0; n->infix && i < n->n_words; i++)
			if (!push_str(&hl->exact, &hl->n_exact, n->words[i]))
				return false;
		return n->infix || push_str(&hl->prefixes, &hl->n_prefixes, n->terms[0]);
	case N_NEAR:
		for (size_t i = 0; i < n->n_terms; i++)
			if (!push_str(&hl->exact, &hl->n_exact, n->terms[i]))
				return false;
		return true;
	case N_PHRASE: {
		rb_hl_phrase *ph = realloc(hl->phrases, (hl->n_phrases + 1) * sizeof *ph);
		if (!ph)
			return false;
		hl->phrases = ph;
		ph = &hl->phrases[hl->n_phrases];
		memset(ph, 0, sizeof *ph);
		hl->n_phrases++;
		for (size_t i = 0; i < n->n_terms; i++)
			if (!push_str(&ph->terms, &ph->n_terms, n->terms[i]))
				return false;
		return true;
	}
	case N_AND:
	case N_OR:
		for (size_t i = 0; i < n->n_kids; i++)
			if (!query_highlights(hl, n->kids[i]))
				return false;
		return true;
	default:
		return true;
	}
}
