#include "query_internal.h"

#include <stdlib.h>
#include <string.h>

#include "query_pattern.h"
#include "filerecord.h"
#include "source.h"

/* ------------------------------------------------------------ checking */

typedef struct {
	rb_analyzer *a;
	const rb_record *r;
	rb_source *source;   /* reads the text back from its file */
	rb_words text, title, path, lang, from, to, attach;
	bool have_text, have_title, have_path, have_lang, have_from, have_to, have_attach, oom;
	bool any;
	rb_record with_text;  /* the record with its text read back */
	bool read_text, have_edges, have_around;
	unsigned edges;         /* PATTERN_MID_START, PATTERN_MID_END */
	rb_line_around around;  /* the rest of the text's first and last lines */
} check_state;

static const rb_record_field *record_field(const rb_record *r, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < r->n_fields; i++)
		if (r->fields[i].name_len == len && memcmp(r->fields[i].name, name, len) == 0)
			return &r->fields[i];
	return NULL;
}

/* The words of a mail header (to: is To and Cc) into w. */
static rb_status collect_header(check_state *s, char which, rb_words *w)
{
	const rb_record_field *f = record_field(s->r, which == FIELD_FROM ? "from"
					       : which == FIELD_ATTACH ? "attachment" : "to");
	const rb_record_field *cc = which == FIELD_TO ? record_field(s->r, "cc") : NULL;
	if (!cc)
		return rb_words_collect(s->a, f ? f->value : "", f ? f->value_len : 0, w, NULL);
	/* To, a line break, Cc: one list of names and addresses. */
	size_t to_len = f ? f->value_len : 0, len = to_len + 1 + cc->value_len;
	char *both = malloc(len);
	if (!both)
		return RB_ERR_NO_MEMORY;
	if (to_len)
		memcpy(both, f->value, to_len);
	both[to_len] = '\n';
	memcpy(both + to_len + 1, cc->value, cc->value_len);
	rb_status rc = rb_words_collect(s->a, both, len, w, NULL);
	free(both);
	return rc;
}

/* The text, title, path or language as written; the text read back from
 * its file on first use (text that cannot be read, or with no source to
 * read it, is empty: a phrase in it cannot be confirmed, and the source
 * reports the file). */
static const char *text_of(check_state *s, char which, size_t *len)
{
	if (!which && !s->read_text) {
		s->read_text = true;
		s->with_text = *s->r;
		if (s->source)
			(void)rb_source_text(s->source, &s->with_text);
	}
	*len = which == FIELD_TITLE ? s->r->title_len : which == FIELD_PATH ? s->r->path_len
	     : which == FIELD_LANG ? s->r->lang_len : s->with_text.text_len;
	return which == FIELD_TITLE ? s->r->title : which == FIELD_PATH ? s->r->path
	     : which == FIELD_LANG ? s->r->lang : s->with_text.text;
}

/* Where the text, read from its file, starts or ends inside a line. */
static unsigned text_edges(check_state *s)
{
	if (!s->have_edges) {
		bool starts = true, ends = true;
		s->have_edges = true;
		if (s->source && s->with_text.text_len)
			rb_source_edges(s->source, &s->with_text, &starts, &ends);
		s->edges = (starts ? 0 : PATTERN_MID_START) | (ends ? 0 : PATTERN_MID_END);
	}
	return s->edges;
}

/* The text with the rest of its first and last lines in its file: a
 * pattern matches whole lines, as rg does, and counts where it overlaps
 * the text. */
static pattern_text text_in_lines(check_state *s, const char *t, size_t len)
{
	if (!s->have_around) {
		s->have_around = true;
		s->around = (rb_line_around){ .starts_line = true, .ends_line = true };
		if (s->source && s->with_text.text_len)
			rb_source_line_around(s->source, &s->with_text, &s->around);
	}
	return (pattern_text){ .before = s->around.before, .before_len = s->around.before_len,
			       .text = t, .len = len, .after = s->around.after,
			       .after_len = s->around.after_len,
			       .edges = (s->around.starts_line ? 0 : PATTERN_MID_START) |
					(s->around.ends_line ? 0 : PATTERN_MID_END) };
}

/* The words of the text, title, path, language or a mail header,
 * analysed on first use. */
static const rb_words *words_of(check_state *s, char which)
{
	rb_words *w = which == FIELD_TITLE ? &s->title : which == FIELD_PATH ? &s->path
		    : which == FIELD_LANG ? &s->lang : which == FIELD_FROM ? &s->from
		    : which == FIELD_TO ? &s->to : which == FIELD_ATTACH ? &s->attach : &s->text;
	bool *have = which == FIELD_TITLE ? &s->have_title : which == FIELD_PATH ? &s->have_path
		   : which == FIELD_LANG ? &s->have_lang : which == FIELD_FROM ? &s->have_from
		   : which == FIELD_TO ? &s->have_to : which == FIELD_ATTACH ? &s->have_attach
		   : &s->have_text;
	if (*have)
		return w;
	*have = true;
	if (which == FIELD_FROM || which == FIELD_TO || which == FIELD_ATTACH) {
		if (collect_header(s, which, w))
			s->oom = true;
		return w;
	}
	size_t len;
	const char *t = text_of(s, which, &len);
	if (rb_words_collect(s->a, t, len, w, NULL))
		s->oom = true;
	return w;
}

/* A pattern inside from: or to: reads the header as written (to: is To,
 * a line break, Cc). */
static bool header_matches(check_state *s, const query_node *n, char which)
{
	const rb_record_field *f = record_field(s->r, which == FIELD_FROM ? "from" : "to");
	const rb_record_field *cc = which == FIELD_TO ? record_field(s->r, "cc") : NULL;
	return (f && query_pattern_matches(n->pattern, f->value, f->value_len, 0)) ||
	       (cc && query_pattern_matches(n->pattern, cc->value, cc->value_len, 0));
}

/* Whether the record meets a field that is not words: a date range, a
 * Message-ID. */
static bool field_holds(const check_state *s, const query_node *n)
{
	if (n->field == FIELD_DATE)
		return (!n->date.has_from || s->r->date >= n->date.from) &&
		       (!n->date.has_to || s->r->date <= n->date.to);
	const rb_record_field *id = record_field(s->r, "id");
	return id && id->value_len == strlen(n->id) &&
	       memcmp(id->value, n->id, id->value_len) == 0;
}

/* A word matches by stem in the text; in a field (boolean terms of the
 * unstemmed words) by the word itself. */
bool query_word_matches(const rb_words *w, size_t i, const query_node *n)
{
	if (n->word_set)
		return rb_word_in(w, i, n->word_set);
	for (size_t k = 0; k < n->n_words; k++)
		if (rb_word_is(w, i, n->words[k]))
			return true;
	return false;
}

/* Whether word i holds *part* (a substring node's part). */
static bool word_holds(const rb_words *w, size_t i, const char *part)
{
	return memmem(w->strings + w->v[i].term_off, w->v[i].term_len, part,
		      strlen(part)) != NULL;
}

static bool any_word(const rb_words *w, const query_node *n, bool in_field)
{
	for (size_t i = 0; i < w->n; i++)
		if (n->kind == N_PREFIX && n->infix ? word_holds(w, i, n->terms[0])
		    : n->kind == N_PREFIX ? rb_word_has_prefix(w, i, n->terms[0])
		    : in_field ? rb_word_is(w, i, n->terms[0])
			       : query_word_matches(w, i, n))
			return true;
	return false;
}

/* The positions a NEAR's words must fit in: "a NEAR/N b" is a within N
 * words of b (N = 1: adjacent, either order), and each further word
 * widens it by one, as Xapian's query parser turns NEAR/N into OP_NEAR
 * (its window N - 1 + the number of words). */
static uint32_t near_span(const query_node *n)
{
	return n->window + (uint32_t)n->n_terms - 1;
}

/* `field` is 0 for the text, else the field the node is inside. */
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
		return rb_words_near(words_of(s, field), n->terms, n->n_terms, near_span(n));
	case N_PATTERN: {
		if (field == FIELD_FROM || field == FIELD_TO)
			return header_matches(s, n, field);
		if (field && field != FIELD_TITLE && field != FIELD_PATH)
			return false;  /* lang: and the like are not text */
		size_t len;
		const char *t = text_of(s, field, &len);
		if (field)
			return query_pattern_matches(n->pattern, t ? t : "", len, 0);
		/* The passage alone first; the rest of its lines (read from
		 * the file, up to 4 KiB each way) only for a passage that
		 * starts or ends inside a line and did not match alone: a
		 * match across the cut. */
		unsigned edges = text_edges(s);
		if (query_pattern_matches(n->pattern, t ? t : "", len, edges))
			return true;
		if (!edges)
			return false;
		pattern_text pt = text_in_lines(s, t ? t : "", len);
		return query_pattern_matches_text(n->pattern, &pt, true);
	}
	case N_FIELD:
		if (n->field == FIELD_DATE || n->field == FIELD_ID)
			return field_holds(s, n);
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
	rb_line_around_free(&s->around);
	rb_words_free(&s->text);
	rb_words_free(&s->title);
	rb_words_free(&s->path);
	rb_words_free(&s->lang);
	rb_words_free(&s->from);
	rb_words_free(&s->to);
	rb_words_free(&s->attach);
}

int query_accept(const char *data, size_t len, void *ctx)
{
	const query *q = ctx;
	rb_record r;
	if (rb_record_read(q->opts.files, data, len, &r, NULL, NULL))
		return 0;
	check_state s = { .a = q->words_a, .r = &r, .source = q->opts.source, .any = q->any };
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
	if (rb_record_read(q->opts.files, data, len, &r, NULL, NULL))
		return 0;
	check_state s = { .a = q->words_a, .r = &r, .source = q->opts.source };
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
	if (rb_record_read(q->opts.files, data, len, &r, NULL, NULL))
		return 0;
	check_state s = { .a = q->words_a, .r = &r, .source = q->opts.source };
	bool ok = true;
	for (size_t i = 0; i < q->n_parts && ok; i++)
		if (!q->parts[i].plain && q->parts[i].weighted)
			ok = eval(&s, q->parts[i].node, 0);
	ok = ok && constraints_hold(&s, q);
	state_free(&s);
	return ok || s.oom;
}

/* Whether the index holds part xq in passage r: for a passage whose text
 * could not be read back, a part that needs no check on the text. */
static rb_status index_holds(xc_db *db, xc_query *xq, const rb_record *r, bool *held,
			     char **err)
{
	char id[RB_PASSAGE_TERM_SIZE];
	int n = rb_passage_term(r->path, r->path_len, r->passage, id);
	xc_query *only = NULL, *both = NULL;
	uint32_t count = 0;
	xc_status xs = xc_query_term(id, (size_t)n, 1, &only, err);
	xc_query *pair[2] = { xq, only };
	if (!xs)
		xs = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &both, err);
	if (!xs)
		xs = xc_db_count(db, both, NULL, &count, err);
	xc_query_free(only);
	xc_query_free(both);
	*held = count > 0;
	return xs ? RB_ERR_INDEX : RB_OK;
}

rb_status query_parts_held(const query *q, xc_db *db, const char *data, size_t len,
			   bool *held, char **err)
{
	rb_record r;
	char *file_data = NULL;
	rb_status rc = rb_record_read(q->opts.files, data, len, &r, &file_data, err);
	if (rc)
		return rc;
	/* Read here, once (the state below has no source to read it again). */
	bool no_text = q->opts.source && rb_source_text(q->opts.source, &r) != RB_OK;
	check_state s = { .a = q->words_a, .r = &r };
	/* The parts that are words: each word of the text looked up once in
	 * all their forms (a question of 30 words against a thousand
	 * passages looked each word up in each part). */
	const rb_words *w = q->part_forms && !no_text ? words_of(&s, 0) : NULL;
	for (size_t i = 0; i < q->n_parts; i++)
		held[i] = false;
	for (size_t t = 0; w && t < w->n; t++) {
		const rb_word *x = &w->v[t];
		size_t k = rb_word_set_find(q->part_forms, x->term_hash, w->strings + x->term_off,
					    x->term_len);
		for (; k != SIZE_MAX; k = q->same_form[k])
			held[q->part_of[k]] = true;
	}
	for (size_t i = 0; i < q->n_parts && !rc; i++)
		if (w && query_part_by_forms(&q->parts[i]))
			continue;  /* found above */
		else if (no_text && !q->parts[i].needs_check)
			rc = index_holds(db, q->parts[i].xq, &r, &held[i], err);
		else
			held[i] = eval(&s, q->parts[i].node, 0);
	state_free(&s);
	free(file_data);
	return rc ? rc : s.oom ? rb_fail(err, RB_ERR_NO_MEMORY, "out of memory") : RB_OK;
}
