#include "query.h"

#include <stdlib.h>
#include <string.h>

#include "record.h"

typedef struct {
	rb_analyzer *a;
	xc_db *db;
	query *q;
	xc_query **subs;       /* the AND-ed parts */
	size_t n_subs, cap_subs;
	/* The words of the part being analysed. */
	char **terms, **stems;
	size_t n_words, cap_words;
	int oom;
	char *msg;
} parser;

static int push_ptr(void ***arr, size_t *n, size_t *cap, void *p)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		void **a = realloc(*arr, c * sizeof *a);
		if (!a)
			return -1;
		*arr = a;
		*cap = c;
	}
	(*arr)[(*n)++] = p;
	return 0;
}

static int on_word(const rb_token *t, void *ctx)
{
	parser *p = ctx;
	size_t cap = p->cap_words, n = p->n_words;
	char *term = strndup(t->term, t->term_len), *stem = strndup(t->stem, t->stem_len);
	if (!term || !stem || push_ptr((void ***)&p->terms, &n, &cap, term)) {
		free(term);
		free(stem);
		return p->oom = 1;
	}
	n = p->n_words;
	cap = p->cap_words;
	if (push_ptr((void ***)&p->stems, &n, &cap, stem)) {
		free(stem);
		return p->oom = 1;
	}
	p->n_words = n;
	p->cap_words = cap;
	return 0;
}

static void drop_words(parser *p)
{
	for (size_t i = 0; i < p->n_words; i++) {
		free(p->terms[i]);
		free(p->stems[i]);
	}
	p->n_words = 0;
}

static int add_sub(parser *p, xc_query *xq)
{
	if (push_ptr((void ***)&p->subs, &p->n_subs, &p->cap_subs, xq)) {
		xc_query_free(xq);
		return p->oom = 1;
	}
	return 0;
}

typedef struct {
	xc_query **terms;
	size_t n, cap;
	char **msg;
	int failed;
} word_set;

static int add_synonym(const char *word, size_t len, void *ctx)
{
	word_set *ws = ctx;
	xc_query *t = NULL;
	if (xc_query_term(word, len, 1, &t, ws->msg) ||
	    push_ptr((void ***)&ws->terms, &ws->n, &ws->cap, t)) {
		xc_query_free(t);
		return ws->failed = 1;
	}
	return 0;
}

/* The query for a word: its stem's words (or the word itself, when the
 * index does not stem or has no word of that stem), weighted as one. */
static int word_query(parser *p, xc_query **out)
{
	word_set ws = { .msg = &p->msg };
	char *stem = p->stems[0], z[RB_MAX_TERM_BYTES + 2];
	int rc = 0;
	if (rb_analyzer_stems(p->a)) {
		z[0] = 'Z';
		memcpy(z + 1, stem, strlen(stem) + 1);
		if (xc_db_synonyms(p->db, z, add_synonym, &ws, &p->msg) || ws.failed)
			rc = -1;
	}
	if (!rc && ws.n == 0)
		rc = xc_query_term(p->terms[0], strlen(p->terms[0]), 1, out, &p->msg) ? -1 : 0;
	else if (!rc && ws.n == 1)
		*out = ws.terms[0], ws.terms[0] = NULL;
	else if (!rc)
		rc = xc_query_combine(XC_OP_SYNONYM, ws.terms, ws.n, 0, out, &p->msg) ? -1 : 0;
	for (size_t i = 0; i < ws.n; i++)
		xc_query_free(ws.terms[i]);
	free(ws.terms);
	return rc;
}

/* A word matches by stem. */
static int add_stemmed_word(parser *p)
{
	rb_hl_query *hl = &p->q->hl;
	char *stem = p->stems[0];
	xc_query *xq;
	if (word_query(p, &xq))
		return -1;
	size_t cap = hl->n_stems;  /* grows one by one: queries are short */
	if (push_ptr((void ***)&hl->stems, &hl->n_stems, &cap, stem)) {
		xc_query_free(xq);
		return p->oom = 1;
	}
	p->stems[0] = NULL;
	return add_sub(p, xq);
}

/* A phrase of the part's folded words: the index finds the passages holding
 * them all; query_accept keeps those where they stand in order. */
static int add_phrase(parser *p)
{
	rb_hl_query *hl = &p->q->hl;
	xc_query **terms = calloc(p->n_words, sizeof *terms), *xq = NULL;
	rb_hl_phrase *ph = realloc(hl->phrases, (hl->n_phrases + 1) * sizeof *ph);
	int rc = 0;
	if (!terms || !ph) {
		free(terms);
		if (ph)
			hl->phrases = ph;
		return p->oom = 1;
	}
	hl->phrases = ph;
	for (size_t i = 0; i < p->n_words && !rc; i++)
		rc = xc_query_term(p->terms[i], strlen(p->terms[i]), 1, &terms[i], &p->msg);
	if (!rc && p->n_words == 1) {
		xq = terms[0];
		terms[0] = NULL;
	} else if (!rc) {
		rc = xc_query_combine(XC_OP_AND, terms, p->n_words, 0, &xq, &p->msg);
	}
	for (size_t i = 0; i < p->n_words; i++)
		xc_query_free(terms[i]);
	free(terms);
	if (rc)
		return -1;
	ph = &hl->phrases[hl->n_phrases++];
	ph->n_terms = p->n_words;
	ph->terms = malloc(p->n_words * sizeof *ph->terms);
	if (!ph->terms) {
		hl->n_phrases--;
		xc_query_free(xq);
		return p->oom = 1;
	}
	for (size_t i = 0; i < p->n_words; i++) {
		ph->terms[i] = p->terms[i];
		p->terms[i] = NULL;
	}
	return add_sub(p, xq);
}

static int add_part(parser *p, const char *s, size_t len, int quoted)
{
	uint32_t pos = 1;
	p->n_words = 0;
	rb_analyze(p->a, s, len, &pos, on_word, p);
	int rc = p->oom ? -1 : 0;
	if (!rc && p->n_words == 1 && !quoted)
		rc = add_stemmed_word(p);
	else if (!rc && p->n_words > 0)
		rc = add_phrase(p);
	drop_words(p);
	return rc;
}

rb_status query_parse(rb_analyzer *a, xc_db *db, const char *text, query *out,
		      char **err)
{
	parser p = { .a = a, .db = db, .q = out };
	memset(out, 0, sizeof *out);
	size_t len = strlen(text), i = 0;
	int rc = 0;
	while (i < len && !rc) {
		char c = text[i];
		if (c == ' ' || c == '\t' || c == '\n') {
			i++;
		} else if (c == '"') {
			const char *close = memchr(text + i + 1, '"', len - i - 1);
			size_t end = close ? (size_t)(close - text) : len;
			rc = add_part(&p, text + i + 1, end - i - 1, 1);
			i = close ? end + 1 : len;
		} else {
			size_t j = i;
			while (j < len && text[j] != ' ' && text[j] != '\t' &&
			       text[j] != '\n' && text[j] != '"')
				j++;
			rc = add_part(&p, text + i, j - i, 0);
			i = j;
		}
	}
	rb_status status = RB_OK;
	if (!rc && p.n_subs == 0)
		status = rb_fail(err, RB_ERR_INVALID, "the query has no words to search for");
	else if (!rc && p.n_subs == 1)
		out->xq = p.subs[0], p.subs[0] = NULL;
	else if (!rc)
		rc = xc_query_combine(XC_OP_AND, p.subs, p.n_subs, 0, &out->xq, &p.msg);
	if (rc)
		status = p.oom ? rb_fail(err, RB_ERR_NO_MEMORY, "out of memory")
			       : rb_fail(err, RB_ERR_INVALID, "%s", p.msg ? p.msg : "bad query");
	for (size_t k = 0; k < p.n_subs; k++)
		xc_query_free(p.subs[k]);
	free(p.subs);
	free(p.terms);
	free(p.stems);
	free(p.msg);
	if (status)
		query_free(out);
	return status;
}

void query_free(query *q)
{
	xc_query_free(q->xq);
	for (size_t i = 0; i < q->hl.n_stems; i++)
		free(q->hl.stems[i]);
	free(q->hl.stems);
	for (size_t i = 0; i < q->hl.n_phrases; i++) {
		for (size_t k = 0; k < q->hl.phrases[i].n_terms; k++)
			free(q->hl.phrases[i].terms[k]);
		free(q->hl.phrases[i].terms);
	}
	free(q->hl.phrases);
	memset(q, 0, sizeof *q);
}

int query_accept(const char *data, size_t len, void *ctx)
{
	const query_check *c = ctx;
	rb_record r;
	if (rb_record_decode(data, len, &r, NULL))
		return 0;
	/* Out of memory (-1) keeps the passage: better shown than lost. */
	return rb_highlight_has_phrases(c->a, &c->q->hl, r.text, r.text_len) != 0;
}
