#include "query_internal.h"

#include <stdlib.h>
#include <string.h>

#include "record.h"

/* ------------------------------------------------------------ checking */

typedef struct {
	rb_analyzer *a;
	const rb_record *r;
	rb_words text, title, path, lang;
	bool have_text, have_title, have_path, have_lang, oom;
	bool any;
} check_state;

/* The words of the text, title or path, analysed on first use. */
static const rb_words *words_of(check_state *s, char which)
{
	rb_words *w = which == 'T' ? &s->title : which == 'P' ? &s->path
		    : which == 'L' ? &s->lang : &s->text;
	bool *have = which == 'T' ? &s->have_title : which == 'P' ? &s->have_path
		   : which == 'L' ? &s->have_lang : &s->have_text;
	const char *t = which == 'T' ? s->r->title : which == 'P' ? s->r->path
		      : which == 'L' ? s->r->lang : s->r->text;
	size_t len = which == 'T' ? s->r->title_len : which == 'P' ? s->r->path_len
		   : which == 'L' ? s->r->lang_len : s->r->text_len;
	if (!*have) {
		if (rb_words_collect(s->a, t, len, w, NULL))
			s->oom = true;
		*have = true;
	}
	return w;
}

/* A word matches by stem in the text; in a field (boolean terms of the
 * unstemmed words) by the word itself. */
bool query_word_matches(const rb_words *w, size_t i, const query_node *n)
{
	for (size_t k = 0; k < n->n_words; k++)
		if (rb_word_is(w, i, n->words[k]))
			return true;
	return false;
}

static bool any_word(const rb_words *w, const query_node *n, bool in_field)
{
	for (size_t i = 0; i < w->n; i++)
		if (n->kind == N_PREFIX ? rb_word_has_prefix(w, i, n->terms[0])
		    : in_field ? rb_word_is(w, i, n->terms[0])
			       : query_word_matches(w, i, n))
			return true;
	return false;
}

/* `field` is 0 for the text, 'T' or 'P' inside title: or path:. */
static bool eval(check_state *s, const query_node *n, char field)
{
	const rb_words *w;
	switch (n->kind) {
	case N_WORD:
	case N_PREFIX:
		return any_word(words_of(s, field), n, field != 0);
	case N_PHRASE:
		w = words_of(s, field);
		for (size_t i = 0; i < w->n; i++)
			if (rb_words_phrase_at(w, i, n->terms, n->n_terms))
				return true;
		return false;
	case N_NEAR:
		return rb_words_near(words_of(s, field), n->terms, n->n_terms, n->window);
	case N_FIELD:
		return eval(s, n->kids[0], n->field);
	case N_NOT:
		return !eval(s, n->kids[0], field);
	case N_AND:
		if (s->any) {  /* --any: positive parts OR-ed, NOTs still exclude */
			bool some = false;
			for (size_t i = 0; i < n->n_kids; i++) {
				bool v = eval(s, n->kids[i], field);
				if (n->kids[i]->kind == N_NOT && !v)
					return false;
				some = some || (n->kids[i]->kind != N_NOT && v);
			}
			return some;
		}
		for (size_t i = 0; i < n->n_kids; i++)
			if (!eval(s, n->kids[i], field))
				return false;
		return true;
	case N_OR:
		for (size_t i = 0; i < n->n_kids; i++)
			if (eval(s, n->kids[i], field))
				return true;
		return false;
	}
	return false;
}

static void state_free(check_state *s)
{
	rb_words_free(&s->text);
	rb_words_free(&s->title);
	rb_words_free(&s->path);
	rb_words_free(&s->lang);
}

int query_accept(const char *data, size_t len, void *ctx)
{
	const query *q = ctx;
	rb_record r;
	if (rb_record_decode(data, len, &r, NULL))
		return 0;
	check_state s = { .a = q->words_a, .r = &r, .any = q->any };
	bool ok = eval(&s, q->root, 0);
	state_free(&s);
	/* Out of memory keeps the passage: better shown than lost. */
	return ok || s.oom;
}

static bool constraints_hold(check_state *s, const query *q)
{
	for (size_t i = 0; i < q->n_constraints; i++)
		if (!eval(s, q->constraints[i], 0))
			return false;
	return true;
}

int query_accept_part(const char *data, size_t len, void *ctx)
{
	const query_part_check *c = ctx;
	const query *q = c->q;
	rb_record r;
	if (rb_record_decode(data, len, &r, NULL))
		return 0;
	check_state s = { .a = q->words_a, .r = &r };
	bool ok = false;
	if (c->part != QUERY_ANY_PART)
		ok = eval(&s, q->parts[c->part].node, 0);
	for (size_t i = 0; c->part == QUERY_ANY_PART && i < q->n_parts && !ok; i++)
		ok = eval(&s, q->parts[i].node, 0);
	ok = ok && constraints_hold(&s, q);
	state_free(&s);
	return ok || s.oom;
}

int query_accept_relaxed(const char *data, size_t len, void *ctx)
{
	const query *q = ctx;
	rb_record r;
	if (rb_record_decode(data, len, &r, NULL))
		return 0;
	check_state s = { .a = q->words_a, .r = &r };
	bool ok = true;
	for (size_t i = 0; i < q->n_parts && ok; i++)
		if (!q->parts[i].plain && q->parts[i].weighted)
			ok = eval(&s, q->parts[i].node, 0);
	ok = ok && constraints_hold(&s, q);
	state_free(&s);
	return ok || s.oom;
}

rb_status query_parts_held(const query *q, const char *data, size_t len,
			   bool *held, char **err)
{
	rb_record r;
	rb_status rc = rb_record_decode(data, len, &r, err);
	if (rc)
		return rc;
	check_state s = { .a = q->words_a, .r = &r };
	for (size_t i = 0; i < q->n_parts; i++)
		held[i] = eval(&s, q->parts[i].node, 0);
	state_free(&s);
	return s.oom ? rb_fail(err, RB_ERR_NO_MEMORY, "out of memory") : RB_OK;
}
