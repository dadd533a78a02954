#include "query_internal.h"
#include "query_pattern.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Deeper nesting is refused rather than risking the stack. */
#define MAX_DEPTH 200

/* The 1-based column (in characters) of p, counting on from the last
 * call so that lexing stays linear. */
static size_t column(parser *ps, const char *p)
{
	for (; ps->col_at < p; ps->col_at++)
		ps->col += ((unsigned char)*ps->col_at & 0xC0) != 0x80;
	return ps->col;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool push_tok(parser *p, token t)
{
	if (p->n_toks == p->cap_toks) {
		size_t cap = p->cap_toks ? p->cap_toks * 2 : 32;
		token *v = realloc(p->toks, cap * sizeof *v);
		if (!v)
			return !(p->oom = true);
		p->toks = v;
		p->cap_toks = cap;
	}
	p->toks[p->n_toks++] = t;
	return true;
}

static const struct {
	const char *name;
	char field;
	const char *needs;    /* the error for a field with no value */
} fields[] = {
	{ "title", FIELD_TITLE, "title: needs a word or a \"phrase\"" },
	{ "subject", FIELD_TITLE, "subject: needs a word or a \"phrase\"" },
	{ "path", FIELD_PATH, "path: needs a word or a \"phrase\"" },
	{ "lang", FIELD_LANG, "lang: needs a language" },
	{ "from", FIELD_FROM, "from: needs a name, an address or a \"phrase\"" },
	{ "to", FIELD_TO, "to: needs a name, an address or a \"phrase\"" },
	{ "id", FIELD_ID, "id: needs a Message-ID" },
	{ "attachment", FIELD_ATTACH, "attachment: needs a file name, a word of it or a \"phrase\"" },
	{ "date", FIELD_DATE, "date: needs a date: YYYY, YYYY-MM, YYYY-MM-DD or a range A..B" },
};

static char field_of(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (strlen(fields[i].name) == len && memcmp(s, fields[i].name, len) == 0)
			return fields[i].field;
	return 0;
}

static const char *field_needs(char field)
{
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (fields[i].field == field)
			return fields[i].needs;
	return "a field needs a value";
}

/* A pattern /RE/ or /RE/c starting at s ('/'): its end (past the flag),
 * or NULL when no '/' closes it before the end of a query word ("\\/" is
 * a slash inside it). */
static const char *pattern_end(const char *s, bool *case_sensitive)
{
	for (const char *e = s + 1; *e; e++) {
		if (*e == '\\' && e[1]) {
			e++;
			continue;
		}
		if (*e != '/')
			continue;
		*case_sensitive = e[1] == 'c';
		const char *after = e + 1 + *case_sensitive;
		if (!*after || is_space(*after) || *after == ')')
			return after;
	}
	return NULL;
}

bool query_lex(parser *p)
{
	const char *s = p->text;
	p->col_at = s;
	p->col = 1;
	while (*s) {
		if (is_space(*s)) {
			s++;
			continue;
		}
		token t = { .s = s, .col = column(p, s) };
		bool cs = false;
		if (*s == '(' || *s == ')') {
			t.kind = *s == '(' ? T_LPAREN : T_RPAREN;
			s++;
		} else if (*s == '"') {
			const char *close = strchr(s + 1, '"');
			t.kind = T_PHRASE;
			t.s = s + 1;
			t.len = close ? (size_t)(close - s - 1) : strlen(s + 1);
			s = close ? close + 1 : s + 1 + t.len;
		} else if (*s == '/' && s[1] != '/' && pattern_end(s, &cs)) {
			const char *e = pattern_end(s, &cs);
			t.kind = T_PATTERN;
			t.s = s + 1;
			t.len = (size_t)(e - s) - 2 - cs;
			t.field = cs ? 'c' : 0;
			s = e;
		} else if ((*s == '-' || *s == '+') && s[1] && !is_space(s[1]) && s[1] != '-' &&
			   s[1] != '+') {
			if (*s == '+') {  /* required is the default */
				s++;
				continue;
			}
			t.kind = T_MINUS;
			s++;
		} else {
			const char *e = s;
			while (*e && !is_space(*e) && *e != '(' && *e != ')' && *e != '"')
				e++;
			t.kind = T_WORD;
			t.len = (size_t)(e - s);
			const char *colon = memchr(s, ':', t.len);
			if (t.len == 2 && memcmp(s, "OR", 2) == 0)
				t.kind = T_OR;
			else if (t.len == 3 && memcmp(s, "AND", 3) == 0)
				t.kind = T_AND;
			else if (t.len == 3 && memcmp(s, "NOT", 3) == 0)
				t.kind = T_NOT;
			else if (t.len >= 4 && memcmp(s, "NEAR", 4) == 0 &&
				 (t.len == 4 || s[4] == '/')) {
				char *end;
				long w = t.len == 4 ? NEAR_DEFAULT : strtol(s + 5, &end, 10);
				if (t.len > 4 && (end != e || w < 1 || w > 1000)) {
					t.kind = T_WORD;  /* "NEAR/x": a plain word */
				} else {
					t.kind = T_NEAR;
					t.window = (uint32_t)w;
				}
			} else if (colon && !field_of(s, (size_t)(colon - s))) {
				/* An unknown field ("ship:harbour") is plain words. */
				t.len = (size_t)(colon - s);
				if (t.len && !push_tok(p, t))
					return false;
				s = colon + 1;
				continue;
			} else if (colon && field_of(s, (size_t)(colon - s))) {
				t.kind = T_FIELD;
				t.field = field_of(s, (size_t)(colon - s));
				if (!push_tok(p, t))
					return false;
				s = colon + 1;
				continue;  /* the value is lexed as the next token */
			}
			s = e;
		}
		if (!push_tok(p, t))
			return false;
	}
	return push_tok(p, (token){ .kind = T_END, .col = column(p, s) });
}

/* ------------------------------------------------------------ nodes */

void query_node_free(query_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n_kids; i++)
		query_node_free(n->kids[i]);
	free(n->kids);
	for (size_t i = 0; i < n->n_terms; i++)
		free(n->terms[i]);
	free(n->terms);
	for (size_t i = 0; i < n->n_words; i++)
		free(n->words[i]);
	free(n->words);
	rb_word_set_free(n->word_set);
	free(n->id);
	query_pattern_free(n->pattern);
	xc_query_free(n->xq);
	xc_query_free(n->alone);
	xc_query_free(n->related_xq);
	for (size_t i = 0; i < n->n_branches; i++)
		xc_query_free(n->branches[i]);
	free(n->branches);
	for (size_t i = 0; i < n->n_related; i++)
		free(n->related[i]);
	free(n->related);
	free(n);
}

static query_node *node_new(parser *p, node_kind kind)
{
	query_node *n = calloc(1, sizeof *n);
	if (!n)
		p->oom = true;
	else
		n->kind = kind;
	return n;
}

static bool add_kid(parser *p, query_node *n, query_node *kid)
{
	query_node **v = realloc(n->kids, (n->n_kids + 1) * sizeof *v);
	if (!v) {
		query_node_free(kid);
		return !(p->oom = true);
	}
	n->kids = v;
	n->kids[n->n_kids++] = kid;
	return true;
}

static bool add_term(parser *p, query_node *n, const char *s, size_t len)
{
	char **v = realloc(n->terms, (n->n_terms + 1) * sizeof *v);
	char *t = strndup(s, len);
	if (!v || !t) {
		free(t);
		if (v)
			n->terms = v;
		return !(p->oom = true);
	}
	n->terms = v;
	n->terms[n->n_terms++] = t;
	return true;
}

typedef struct {
	parser *p;
	query_node *n;
	bool stems;          /* WORD: keep [term, stem] */
} word_sink;

static int on_word(const rb_token *t, void *ctx)
{
	word_sink *w = ctx;
	if (!add_term(w->p, w->n, t->term, t->term_len))
		return 1;
	if (w->stems && !add_term(w->p, w->n, t->stem, t->stem_len))
		return 1;
	return 0;
}

/* A word or a quoted phrase as the analyzer reads it: a word node, a
 * phrase node (several words, or quoted), or NULL when it has no word. */
query_node *query_words_node(parser *p, const token *t, bool quoted)
{
	query_node *n = node_new(p, N_PHRASE);
	if (!n)
		return NULL;
	const char *s = t->s;
	size_t len = t->len;
	bool prefix = !quoted && len > 1 && s[len - 1] == '*';
	bool infix = prefix && len > 2 && s[0] == '*';  /* *part* */
	if (prefix)
		len--;
	if (infix)
		s++, len--;
	word_sink w = { p, n, true };
	uint32_t pos = 1;
	if (rb_analyze(p->a, s, len, &pos, on_word, &w)) {
		query_node_free(n);
		return NULL;
	}
	if (n->n_terms == 0) {  /* punctuation only */
		query_node_free(n);
		return NULL;
	}
	/* terms holds term, stem pairs: keep what each kind needs. */
	if (n->n_terms == 2 && prefix) {
		n->kind = N_PREFIX;
		n->infix = infix;
		free(n->terms[1]);
		n->n_terms = 1;
	} else if (n->n_terms == 2 && !quoted) {
		n->kind = N_WORD;
		n->free_text = true;
	} else {
		for (size_t i = 0; i < n->n_terms / 2; i++) {
			free(n->terms[2 * i + 1]);
			n->terms[i] = n->terms[2 * i];
		}
		n->n_terms /= 2;
	}
	return n;
}

/* ------------------------------------------------------------ parsing */

static query_node *parse_or(parser *p);

static const token *peek(parser *p)
{
	return &p->toks[p->at];
}

static bool fail_at(parser *p, const token *t, const char *what)
{
	if (!p->err && asprintf(&p->err, "query: %s at column %zu", what, t->col) < 0)
		p->oom = true;
	return false;
}

bool query_failed(const parser *p)
{
	return p->err || p->oom;
}

/* id: and date: take their value as typed, not as words. */
static query_node *raw_field_node(parser *p, const token *t)
{
	const token *v = peek(p);
	const char *s = v->s;
	size_t len = v->len;
	p->at++;
	query_node *n = node_new(p, N_FIELD);
	if (!n)
		return NULL;
	n->field = t->field;
	if (t->field == FIELD_DATE) {
		if (!query_date_range(s, len, &n->date)) {
			char *why = NULL;
			if (asprintf(&why, "date: \"%.*s\" is not a date or a range of dates"
				     " (YYYY, YYYY-MM, YYYY-MM-DD, A..B, A.., ..B)",
				     (int)(len > 40 ? 40 : len), s) < 0)
				p->oom = true;
			else
				fail_at(p, v, why);
			free(why);
			query_node_free(n);
			return NULL;
		}
		return n;
	}
	if (len >= 2 && s[0] == '<' && s[len - 1] == '>') {
		s++;
		len -= 2;
	}
	if (!len) {
		query_node_free(n);
		fail_at(p, t, field_needs(FIELD_ID));
		return NULL;
	}
	if (!(n->id = strndup(s, len))) {
		query_node_free(n);
		p->oom = true;
		return NULL;
	}
	return n;
}

/* The characters of s[0, len), for a column. */
static size_t chars(const char *s, size_t len)
{
	size_t c = 0;
	for (size_t i = 0; i < len; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* /RE/: compiled now, so that an error points at its column. */
static query_node *pattern_node(parser *p, const token *t)
{
	query_node *n = node_new(p, N_PATTERN);
	if (!n)
		return NULL;
	char *why = NULL;
	size_t at = 0;
	if (!add_term(p, n, t->s - 1, t->len + 2 + (t->field == 'c')) ||
	    !add_term(p, n, t->s, t->len) ||
	    !(n->pattern = query_pattern_new(t->s, t->len, t->field == 'c', &why, &at))) {
		if (!why)
			p->oom = true;
		else if (!p->err && asprintf(&p->err, "query: pattern %s does not compile: %s"
					     " at column %zu", n->n_terms ? n->terms[0] : "",
					     why, t->col + 1 + chars(t->s, at)) < 0)
			p->oom = true;
		free(why);
		query_node_free(n);
		return NULL;
	}
	return n;
}

static query_node *parse_primary(parser *p)
{
	const token *t = peek(p);
	switch (t->kind) {
	case T_LPAREN: {
		if (++p->depth > MAX_DEPTH) {
			fail_at(p, t, "query nested too deeply");
			return NULL;
		}
		p->at++;
		if (peek(p)->kind == T_RPAREN) {
			fail_at(p, t, "empty parentheses");
			return NULL;
		}
		query_node *n = parse_or(p);
		if (query_failed(p)) {
			query_node_free(n);
			return NULL;
		}
		if (peek(p)->kind != T_RPAREN) {
			query_node_free(n);
			fail_at(p, t, "unmatched '('");
			return NULL;
		}
		p->at++;
		p->depth--;
		return n;
	}
	case T_WORD:
	case T_PHRASE:
		p->at++;
		return query_words_node(p, t, t->kind == T_PHRASE);
	case T_PATTERN:
		p->at++;
		return pattern_node(p, t);
	case T_FIELD: {
		p->at++;
		const token *v = peek(p);
		if (v->kind != T_WORD && v->kind != T_PHRASE &&
		    (v->kind != T_PATTERN || t->field == FIELD_ID || t->field == FIELD_DATE ||
		     t->field == FIELD_LANG)) {
			fail_at(p, t, field_needs(t->field));
			return NULL;
		}
		if (t->field == FIELD_ID || t->field == FIELD_DATE)
			return raw_field_node(p, t);
		query_node *kid = parse_primary(p);
		if (!kid)
			return NULL;
		query_node *n = node_new(p, N_FIELD);
		if (!n || !add_kid(p, n, kid)) {
			query_node_free(n);
			query_node_free(n ? NULL : kid);
			return NULL;
		}
		n->field = t->field;
		return n;
	}
	default:
		return NULL;
	}
}

/* a NEAR b NEAR c: the words of all sides within the window. */
static query_node *parse_near(parser *p)
{
	query_node *n = parse_primary(p);
	while (!query_failed(p) && peek(p)->kind == T_NEAR) {
		const token *op = peek(p);
		p->at++;
		query_node *right = parse_primary(p);
		if (!right || !n)  /* nothing on one side: ignore NEAR */
			{ if (!n) n = right; continue; }
		bool simple = (n->kind == N_WORD || n->kind == N_PHRASE || n->kind == N_NEAR) &&
			      (right->kind == N_WORD || right->kind == N_PHRASE);
		if (!simple) {
			query_node_free(right);
			fail_at(p, op, "NEAR joins words and phrases only");
			break;
		}
		if (n->kind != N_NEAR) {
			query_node *near = node_new(p, N_NEAR);
			if (!near)
				break;
			add_term(p, near, n->terms[0], strlen(n->terms[0]));
			for (size_t i = 1; n->kind == N_PHRASE && i < n->n_terms; i++)
				add_term(p, near, n->terms[i], strlen(n->terms[i]));
			query_node_free(n);
			n = near;
			n->window = op->window;
		}
		if (op->window > n->window)
			n->window = op->window;
		for (size_t i = 0; i < (right->kind == N_WORD ? 1 : right->n_terms); i++)
			add_term(p, n, right->terms[i], strlen(right->terms[i]));
		query_node_free(right);
	}
	return n;
}

static query_node *parse_unary(parser *p)
{
	tok_kind k = peek(p)->kind;
	if (k == T_NOT || k == T_MINUS) {
		if (++p->depth > MAX_DEPTH) {
			fail_at(p, peek(p), "query nested too deeply");
			return NULL;
		}
		p->at++;
		query_node *kid = parse_unary(p);
		p->depth--;
		if (!kid)
			return NULL;  /* nothing after it: ignored */
		query_node *n = node_new(p, N_NOT);
		if (!n || !add_kid(p, n, kid)) {
			query_node_free(n ? NULL : kid);
			query_node_free(n);
			return NULL;
		}
		return n;
	}
	return parse_near(p);
}

static bool starts_operand(tok_kind k)
{
	return k == T_WORD || k == T_PHRASE || k == T_PATTERN || k == T_LPAREN || k == T_NOT ||
	       k == T_MINUS || k == T_FIELD || k == T_NEAR;
}

/* A group of one is its member; a group of none is nothing. */
static query_node *one_or_group(query_node *n)
{
	if (n && n->n_kids == 1 && (n->kind == N_AND || n->kind == N_OR)) {
		query_node *kid = n->kids[0];
		n->n_kids = 0;
		query_node_free(n);
		return kid;
	}
	if (n && n->n_kids == 0 && (n->kind == N_AND || n->kind == N_OR)) {
		query_node_free(n);
		return NULL;
	}
	return n;
}

static query_node *parse_and(parser *p)
{
	query_node *n = node_new(p, N_AND);
	while (n && !query_failed(p)) {
		tok_kind k = peek(p)->kind;
		if (k == T_AND) {
			p->at++;
			continue;
		}
		if (!starts_operand(k))
			break;
		if (k == T_NEAR) {  /* NEAR with nothing before it */
			p->at++;
			continue;
		}
		query_node *kid = parse_unary(p);
		if (kid && !add_kid(p, n, kid))
			break;
	}
	return one_or_group(n);
}

static query_node *parse_or(parser *p)
{
	query_node *n = node_new(p, N_OR);
	while (n && !query_failed(p)) {
		query_node *kid = parse_and(p);
		if (kid && !add_kid(p, n, kid))
			break;
		if (peek(p)->kind != T_OR)
			break;
		p->at++;
	}
	return one_or_group(n);
}

query_node *query_parse_tree(parser *p)
{
	query_node *root = parse_or(p);
	if (!query_failed(p) && peek(p)->kind == T_RPAREN)
		fail_at(p, peek(p), "unmatched ')'");
	else if (!query_failed(p) && peek(p)->kind != T_END)
		fail_at(p, peek(p), "unexpected operator");
	if (query_failed(p)) {
		query_node_free(root);
		return NULL;
	}
	return root;
}
