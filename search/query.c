#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "stopwords.h"

#define NEAR_DEFAULT 10
#define WILDCARD_MAX 10000

typedef enum { N_WORD, N_PREFIX, N_PHRASE, N_NEAR, N_FIELD, N_AND, N_OR, N_NOT } node_kind;

struct query_node {
	node_kind kind;
	query_node **kids;
	size_t n_kids;
	char **terms;         /* WORD: [term, stem]; PREFIX: [prefix]; PHRASE, NEAR: terms */
	size_t n_terms;
	char **words;         /* WORD: the index's words of its stem, in every language */
	size_t n_words;
	xc_query *xq;         /* a weighted part's own query, for --explain */
	uint32_t window;      /* NEAR */
	char field;           /* FIELD: 'T' title, 'P' path */
	bool free_text;       /* a plain word (may be dropped as a stop word) */
	bool stop_filter;     /* a stop word kept as a filter: required, unweighted */
	bool exact;           /* Xapian's match is the node's meaning */
};

/* ------------------------------------------------------------ lexing */

typedef enum { T_END, T_WORD, T_PHRASE, T_LPAREN, T_RPAREN, T_OR, T_AND, T_NOT,
	       T_MINUS, T_NEAR, T_FIELD } tok_kind;

typedef struct {
	tok_kind kind;
	const char *s;        /* WORD, PHRASE: the text; FIELD: the name */
	size_t len;
	size_t col;           /* 1-based, in characters */
	uint32_t window;      /* NEAR */
	char field;
} token;

typedef struct {
	rb_analyzer *a;
	xc_db *db;
	const query_options *opts;
	rb_analyzers *analyzers;
	const char *text;
	token *toks;
	size_t n_toks, cap_toks, at;
	const char *col_at;   /* column(): counted up to here */
	size_t col;
	unsigned depth;       /* of parentheses and NOTs, bounded */
	bool exact_bonus;     /* words weigh their typed form too */
	char *err;
	bool oom;
} parser;

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

static char field_of(const char *s, size_t len)
{
	if (len == 5 && memcmp(s, "title", 5) == 0)
		return 'T';
	if (len == 4 && memcmp(s, "path", 4) == 0)
		return 'P';
	if (len == 4 && memcmp(s, "lang", 4) == 0)
		return 'L';
	return 0;
}

static bool lex(parser *p)
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
		if (*s == '(' || *s == ')') {
			t.kind = *s == '(' ? T_LPAREN : T_RPAREN;
			s++;
		} else if (*s == '"') {
			const char *close = strchr(s + 1, '"');
			t.kind = T_PHRASE;
			t.s = s + 1;
			t.len = close ? (size_t)(close - s - 1) : strlen(s + 1);
			s = close ? close + 1 : s + 1 + t.len;
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

static void node_free(query_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n_kids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	for (size_t i = 0; i < n->n_terms; i++)
		free(n->terms[i]);
	free(n->terms);
	for (size_t i = 0; i < n->n_words; i++)
		free(n->words[i]);
	free(n->words);
	xc_query_free(n->xq);
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
		node_free(kid);
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
static query_node *words_node(parser *p, const token *t, bool quoted)
{
	query_node *n = node_new(p, N_PHRASE);
	if (!n)
		return NULL;
	const char *s = t->s;
	size_t len = t->len;
	bool prefix = !quoted && len > 1 && s[len - 1] == '*';
	if (prefix)
		len--;
	word_sink w = { p, n, true };
	uint32_t pos = 1;
	if (rb_analyze(p->a, s, len, &pos, on_word, &w)) {
		node_free(n);
		return NULL;
	}
	if (n->n_terms == 0) {  /* punctuation only */
		node_free(n);
		return NULL;
	}
	/* terms holds term, stem pairs: keep what each kind needs. */
	if (n->n_terms == 2 && prefix) {
		n->kind = N_PREFIX;
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

static bool failed(const parser *p)
{
	return p->err || p->oom;
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
		if (failed(p)) {
			node_free(n);
			return NULL;
		}
		if (peek(p)->kind != T_RPAREN) {
			node_free(n);
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
		return words_node(p, t, t->kind == T_PHRASE);
	case T_FIELD: {
		p->at++;
		const token *v = peek(p);
		if (v->kind != T_WORD && v->kind != T_PHRASE) {
			fail_at(p, t, t->field == 'T' ? "title: needs a word or a \"phrase\""
				      : t->field == 'L' ? "lang: needs a language"
						       : "path: needs a word or a \"phrase\"");
			return NULL;
		}
		query_node *kid = parse_primary(p);
		if (!kid)
			return NULL;
		query_node *n = node_new(p, N_FIELD);
		if (!n || !add_kid(p, n, kid)) {
			node_free(n);
			node_free(n ? NULL : kid);
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
	while (!failed(p) && peek(p)->kind == T_NEAR) {
		const token *op = peek(p);
		p->at++;
		query_node *right = parse_primary(p);
		if (!right || !n)  /* nothing on one side: ignore NEAR */
			{ if (!n) n = right; continue; }
		bool simple = (n->kind == N_WORD || n->kind == N_PHRASE || n->kind == N_NEAR) &&
			      (right->kind == N_WORD || right->kind == N_PHRASE);
		if (!simple) {
			node_free(right);
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
			node_free(n);
			n = near;
			n->window = op->window;
		}
		if (op->window > n->window)
			n->window = op->window;
		for (size_t i = 0; i < (right->kind == N_WORD ? 1 : right->n_terms); i++)
			add_term(p, n, right->terms[i], strlen(right->terms[i]));
		node_free(right);
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
			node_free(n ? NULL : kid);
			node_free(n);
			return NULL;
		}
		return n;
	}
	return parse_near(p);
}

static bool starts_operand(tok_kind k)
{
	return k == T_WORD || k == T_PHRASE || k == T_LPAREN || k == T_NOT ||
	       k == T_MINUS || k == T_FIELD || k == T_NEAR;
}

/* A group of one is its member; a group of none is nothing. */
static query_node *one_or_group(query_node *n)
{
	if (n && n->n_kids == 1 && (n->kind == N_AND || n->kind == N_OR)) {
		query_node *kid = n->kids[0];
		n->n_kids = 0;
		node_free(n);
		return kid;
	}
	if (n && n->n_kids == 0 && (n->kind == N_AND || n->kind == N_OR)) {
		node_free(n);
		return NULL;
	}
	return n;
}

static query_node *parse_and(parser *p)
{
	query_node *n = node_new(p, N_AND);
	while (n && !failed(p)) {
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
	while (n && !failed(p)) {
		query_node *kid = parse_and(p);
		if (kid && !add_kid(p, n, kid))
			break;
		if (peek(p)->kind != T_OR)
			break;
		p->at++;
	}
	return one_or_group(n);
}

/* ------------------------------------------------------------ stop words */

static bool is_stop(const query_node *n, const char *lang)
{
	return n->kind == N_WORD && n->free_text &&
	       rb_is_stopword(lang, n->terms[0], strlen(n->terms[0]));
}

/* Drops the stop words of each run of plain words, unless that would leave
 * the run without a positive word. */
static void drop_stopwords(query_node *n, const char *lang)
{
	for (size_t i = 0; i < n->n_kids; i++)
		drop_stopwords(n->kids[i], lang);
	if (n->kind != N_AND && n->kind != N_OR)
		return;
	size_t keep = 0;
	for (size_t i = 0; i < n->n_kids; i++)
		keep += !is_stop(n->kids[i], lang) && n->kids[i]->kind != N_NOT;
	if (keep == 0)
		return;
	/* In a run of words (AND) a stop word still narrows the match, so it
	 * stays as an unweighted filter; in an OR it would only widen it. */
	size_t m = 0;
	for (size_t i = 0; i < n->n_kids; i++) {
		if (is_stop(n->kids[i], lang) && n->kind == N_OR)
			node_free(n->kids[i]);
		else {
			n->kids[i]->stop_filter = is_stop(n->kids[i], lang);
			n->kids[m++] = n->kids[i];
		}
	}
	n->n_kids = m;
}

/* ------------------------------------------------------------ Xapian */

typedef struct {
	xc_query **v;
	size_t n, cap;
	bool oom;
} query_list;

static bool list_push(query_list *l, xc_query *q)
{
	if (!q)
		return false;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		xc_query **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			xc_query_free(q);
			return !(l->oom = true);
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = q;
	return true;
}

static void list_free(query_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		xc_query_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int on_synonym(const char *word, size_t len, void *ctx)
{
	xc_query *t = NULL;
	xc_query_term(word, len, 1, &t, NULL);
	return !list_push(ctx, t);
}

typedef struct {
	char **v;
	size_t n, cap;
	bool oom;
} word_list;

static int add_word(const char *w, size_t len, void *ctx)
{
	word_list *l = ctx;
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->v[i]) == len && memcmp(l->v[i], w, len) == 0)
			return 0;
	char *copy = strndup(w, len);
	if (!copy || !push_ptr_list(&l->v, &l->n, &l->cap, copy)) {
		free(copy);
		return l->oom = true;
	}
	return 0;
}

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

typedef struct {
	rb_analyzer *a;
	const char *stem;
	word_list *l;
} stem_scan;

static int on_scanned_term(const char *term, size_t len, uint32_t freq, void *ctx)
{
	stem_scan *sc = ctx;
	stem_buf b;
	(void)freq;
	if (term[0] >= 'A' && term[0] <= 'Z')
		return 0;  /* boolean terms */
	stem_of(sc->a, term, len, &b);
	return strcmp(b.stem, sc->stem) == 0 ? add_word(term, len, sc->l) : 0;
}

/* The index's words that share the word's stem in any of its languages
 * (and the word itself).  The synonym table lists a stem's words; remote
 * shards have none, so there the words sharing the stem's start are
 * stemmed again (Snowball keeps a stem's start but for its last letters,
 * as in happy -> happi). */
static int expand_word(parser *p, const char *word, size_t only, word_list *out)
{
	add_word(word, strlen(word), out);
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
			if (xc_db_synonyms(p->db, z, add_word, out, &p->err))
				return -1;
			continue;
		}
		size_t keep = strlen(b.stem) > 3 ? strlen(b.stem) - 2 : 1;
		while (keep > 1 && ((unsigned char)b.stem[keep] & 0xC0) == 0x80)
			keep--;  /* not inside a character */
		snprintf(z, sizeof z, "%.*s", (int)keep, b.stem);
		stem_scan sc = { la, b.stem, out };
		if (xc_db_each_term(p->db, z, on_scanned_term, &sc, &p->err))
			return -1;
	}
	if (out->oom)
		p->oom = true;
	return out->oom ? -1 : 0;
}

typedef struct {
	struct prefixed { char *term; uint32_t freq; } *v;
	size_t n, cap;
} prefix_scan;

static int on_prefixed(const char *term, size_t len, uint32_t freq, void *ctx)
{
	prefix_scan *ps = ctx;
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		struct prefixed *v = realloc(ps->v, cap * sizeof *v);
		if (!v)
			return 1;
		ps->v = v;
		ps->cap = cap;
	}
	if (!(ps->v[ps->n].term = strndup(term, len)))
		return 1;
	ps->v[ps->n++].freq = freq;
	return 0;
}

/* Most frequent first; ties in term order, so every shard layout agrees. */
static int by_freq(const void *a, const void *b)
{
	const struct prefixed *x = a, *y = b;
	if (x->freq != y->freq)
		return x->freq < y->freq ? 1 : -1;
	return strcmp(x->term, y->term);
}

static xc_query *combine(parser *p, xc_op op, query_list *l)
{
	xc_query *q = NULL;
	if (l->oom)
		p->oom = true;
	else if (l->n == 1)
		q = l->v[0], l->n = 0;
	else if (l->n > 1 && xc_query_combine(op, l->v, l->n, 0, &q, &p->err))
		q = NULL;
	list_free(l);
	return q;
}

static xc_query *term_query(parser *p, const char *prefix, const char *term)
{
	char buf[RB_MAX_TERM_BYTES + 8];
	snprintf(buf, sizeof buf, "%s%s", prefix, term);
	xc_query *q = NULL;
	if (xc_query_term(buf, strlen(buf), 1, &q, &p->err))
		return NULL;
	return q;
}

/* Every term of a node, AND-ed: what a phrase or NEAR needs at least. */
static xc_query *all_terms(parser *p, const query_node *n, const char *prefix)
{
	query_list l = { 0 };
	for (size_t i = 0; i < n->n_terms; i++)
		if (!list_push(&l, term_query(p, prefix, n->terms[i]))) {
			list_free(&l);
			return NULL;
		}
	return combine(p, XC_OP_AND, &l);
}

static xc_query *build(parser *p, query_node *n, bool any);

static void words_free(word_list *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	memset(w, 0, sizeof *w);
}

static bool same_words(const word_list *a, const word_list *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

static xc_query *synonym_of(parser *p, const word_list *w)
{
	query_list l = { 0 };
	for (size_t i = 0; i < w->n; i++)
		on_synonym(w->v[i], strlen(w->v[i]), &l);
	return combine(p, XC_OP_SYNONYM, &l);
}

/* The word as typed (folded), beside its stem family, also weighs alone,
 * as much as a term: of two passages equal but for the form of the word,
 * the one with the form asked for ranks first (make eval: MRR@10 0.865 ->
 * 0.892; the gain flattens beyond this weight). */
#define EXACT_FORM_WEIGHT 1.0
/* Beyond this many words a query is not typed by hand; doubling its
 * postings would only slow it down. */
#define EXACT_FORM_MAX_WORDS 64

/* A query of more words is refused, as Elasticsearch refuses more than
 * 1,024 clauses: each word costs a stem and a lookup per index language,
 * and nobody types a thousand. */
#define QUERY_MAX_WORDS 1024

static size_t count_words(const query_node *n)
{
	size_t c = n->kind == N_WORD || n->kind == N_PREFIX ? 1
		 : n->kind == N_PHRASE || n->kind == N_NEAR ? n->n_terms : 0;
	for (size_t i = 0; i < n->n_kids; i++)
		c += count_words(n->kids[i]);
	return c;
}

static xc_query *with_exact_bonus(parser *p, xc_query *family, const char *word,
				  const word_list *all)
{
	if (!family || all->n < 2 || !p->exact_bonus)
		return family;
	xc_query *exact = term_query(p, "", word), *scaled = NULL, *q = NULL;
	if (exact && !xc_query_scale(exact, EXACT_FORM_WEIGHT, &scaled, &p->err)) {
		xc_query *pair[2] = { family, scaled };
		if (xc_query_combine(XC_OP_OR, pair, 2, 0, &q, &p->err))
			q = NULL;
	}
	xc_query_free(exact);
	xc_query_free(scaled);
	xc_query_free(family);
	return q;
}

/* words restricted to the passages of the languages marked in `mine`
 * (some, not all): FILTER by their language terms, or, when they hold most
 * passages (English, often), AND_NOT the others' terms, which are shorter
 * to read.  words stays the caller's. */
static xc_query *restrict_to_languages(parser *p, const bool *mine, xc_query *words)
{
	size_t nl = p->opts->n_langs;
	uint64_t in = 0, out_of = 0;
	for (size_t j = 0; j < nl; j++)
		*(mine[j] ? &in : &out_of) += p->opts->lang_passages ? p->opts->lang_passages[j] : 0;
	bool exclude = p->opts->lang_passages && out_of < in;
	query_list langs = { 0 };
	for (size_t j = 0; j < nl; j++)
		if (mine[j] != exclude)
			list_push(&langs, term_query(p, RB_LANG_PREFIX, p->opts->langs[j]));
	xc_query *which = combine(p, XC_OP_OR, &langs), *pair[2] = { words, which }, *q = NULL;
	if (words && which && xc_query_combine(exclude ? XC_OP_AND_NOT : XC_OP_FILTER,
						pair, 2, 0, &q, &p->err))
		q = NULL;
	xc_query_free(which);
	return q;
}

/* A word: the index's words of its stem, as one term.  With several
 * languages, each language's words count only in passages of that
 * language (English "thee" must not match through another language's
 * stemmer joining it to "the"); languages whose words are the same share
 * one branch. */
static xc_query *build_word(parser *p, query_node *n)
{
	size_t nl = p->opts->n_langs;
	word_list all = { 0 }, *per = nl > 1 ? calloc(nl, sizeof *per) : NULL;
	xc_query *q = NULL;
	if (nl <= 1 || !per) {
		if (nl > 1)
			p->oom = true;
		else if (!expand_word(p, n->terms[0], SIZE_MAX, &all))
			q = synonym_of(p, &all);
		goto out;
	}
	/* Each language's words, then all of them in the same order as
	 * expand_word gives them (each synonym entry read once). */
	for (size_t i = 0; i < nl; i++)
		if (expand_word(p, n->terms[0], i, &per[i]))
			goto out;
	for (size_t i = 0; i < nl && !all.oom; i++)
		for (size_t k = 0; k < per[i].n; k++)
			add_word(per[i].v[k], strlen(per[i].v[k]), &all);
	if (all.oom) {
		p->oom = true;
		goto out;
	}
	bool shared = true;  /* every language has the same words: no branches */
	for (size_t i = 1; i < nl; i++)
		shared = shared && same_words(&per[0], &per[i]);
	if (shared) {
		q = synonym_of(p, &all);
		goto out;
	}
	query_list branches = { 0 };
	bool *done = calloc(nl, sizeof *done), *mine = calloc(nl, sizeof *mine);
	for (size_t i = 0; done && mine && i < nl && !p->err; i++) {
		if (done[i])
			continue;
		for (size_t j = 0; j < nl; j++) {
			mine[j] = !done[j] && same_words(&per[i], &per[j]);
			done[j] = done[j] || mine[j];
		}
		xc_query *words = synonym_of(p, &per[i]);
		list_push(&branches, restrict_to_languages(p, mine, words));
		xc_query_free(words);
	}
	if (!done || !mine)
		p->oom = true;
	free(done);
	free(mine);
	q = combine(p, XC_OP_OR, &branches);
out:
	q = with_exact_bonus(p, q, n->terms[0], &all);
	for (size_t i = 0; per && i < nl; i++)
		words_free(&per[i]);
	free(per);
	n->words = all.v;
	n->n_words = all.n;
	return q;
}

/* A field is checked on the record: Xapian offers every passage.  But a
 * passage's language is a term. */
static xc_query *build_field(parser *p, query_node *n)
{
	xc_query *q = NULL;
	if (n->field == 'L') {
		n->exact = true;
		return term_query(p, RB_LANG_PREFIX, n->kids[0]->terms[0]);
	}
	n->exact = false;
	return xc_query_match_all(&q, &p->err) ? NULL : q;
}

static xc_query *build_node(parser *p, query_node *n, bool any);

/* Builds a node; a weighted part (word, prefix, phrase, NEAR) also keeps
 * its own query, so --explain can weigh it alone. */
static xc_query *build(parser *p, query_node *n, bool any)
{
	xc_query *q = build_node(p, n, any);
	bool part = n->kind == N_WORD || n->kind == N_PREFIX || n->kind == N_PHRASE ||
		    n->kind == N_NEAR;
	if (q && part && !n->stop_filter &&
	    xc_query_combine(XC_OP_OR, &q, 1, 0, &n->xq, NULL))
		n->xq = NULL;
	return q;
}

static xc_query *build_node(parser *p, query_node *n, bool any)
{
	switch (n->kind) {
	case N_WORD:
		n->exact = true;
		return build_word(p, n);
	case N_PREFIX: {
		/* Expanded here rather than by Xapian's OP_WILDCARD, which
		 * expands in each shard against its own words: then scores
		 * would differ between one index and its shards. */
		n->exact = true;
		prefix_scan ps = { 0 };
		if (xc_db_each_term(p->db, n->terms[0], on_prefixed, &ps, &p->err)) {
			free(ps.v);
			return NULL;
		}
		query_list l = { 0 };
		if (ps.n)
			qsort(ps.v, ps.n, sizeof *ps.v, by_freq);
		for (size_t i = 0; i < ps.n && i < WILDCARD_MAX && !l.oom; i++)
			on_synonym(ps.v[i].term, strlen(ps.v[i].term), &l);
		for (size_t i = 0; i < ps.n; i++)
			free(ps.v[i].term);
		free(ps.v);
		if (l.n == 0 && !l.oom && !list_push(&l, term_query(p, "", n->terms[0])))
			return NULL;
		return combine(p, XC_OP_SYNONYM, &l);
	}
	case N_PHRASE:
		n->exact = n->n_terms == 1;
		return all_terms(p, n, "");
	case N_NEAR:
		n->exact = false;
		return all_terms(p, n, "");
	case N_FIELD:
		return build_field(p, n);
	case N_NOT: {
		/* Alone, a NOT is every passage but those. */
		query_node *kid = n->kids[0];
		xc_query *all = NULL, *sub = build(p, kid, any), *q = NULL;
		n->exact = kid->exact;
		if (sub && !xc_query_match_all(&all, &p->err)) {
			xc_query *pair[2] = { all, sub };
			if (!kid->exact)
				q = all, all = NULL;  /* the check decides */
			else if (xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &q, &p->err))
				q = NULL;
		}
		xc_query_free(all);
		xc_query_free(sub);
		return q;
	}
	case N_AND:
	case N_OR: {
		/* Positive parts weigh; fields filter; exact NOTs subtract. */
		query_list pos = { 0 }, filters = { 0 }, negs = { 0 };
		n->exact = true;
		for (size_t i = 0; i < n->n_kids; i++) {
			query_node *k = n->kids[i];
			bool is_not = k->kind == N_NOT && n->kind == N_AND;
			query_node *target = is_not ? k->kids[0] : k;
			xc_query *q = build(p, target, any);
			if (!q) {
				list_free(&pos);
				list_free(&filters);
				list_free(&negs);
				return NULL;
			}
			if (is_not)
				k->exact = target->exact;
			n->exact = n->exact && target->exact;
			if (is_not && !target->exact)
				xc_query_free(q);  /* the check decides */
			else
				list_push(is_not ? &negs : ((k->kind == N_FIELD || k->stop_filter) &&
							    n->kind == N_AND && !any)
						? &filters : &pos, q);
		}
		xc_op op = n->kind == N_OR || any ? XC_OP_OR : XC_OP_AND;
		xc_query *q = NULL, *all = NULL;
		if (pos.n)
			q = combine(p, op, &pos);
		else if (!xc_query_match_all(&all, &p->err))
			q = all;
		list_free(&pos);
		if (q && filters.n) {
			xc_query *f = combine(p, XC_OP_AND, &filters), *pair[2] = { q, f };
			xc_query *r = NULL;
			if (f && xc_query_combine(XC_OP_FILTER, pair, 2, 0, &r, &p->err))
				r = NULL;
			xc_query_free(q);
			xc_query_free(f);
			q = r;
		}
		list_free(&filters);
		if (q && negs.n) {
			xc_query *ng = combine(p, XC_OP_OR, &negs), *pair[2] = { q, ng };
			xc_query *r = NULL;
			if (ng && xc_query_combine(XC_OP_AND_NOT, pair, 2, 0, &r, &p->err))
				r = NULL;
			xc_query_free(q);
			xc_query_free(ng);
			q = r;
		}
		list_free(&negs);
		return q;
	}
	}
	return NULL;
}

/* ------------------------------------------------------------ highlights */

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

/* What the positive words of the query light up (not fields, not NOTs). */
static bool collect_highlights(rb_hl_query *hl, const query_node *n)
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
		return push_str(&hl->prefixes, &hl->n_prefixes, n->terms[0]);
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
			if (!collect_highlights(hl, n->kids[i]))
				return false;
		return true;
	default:
		return true;
	}
}

/* Only the passages of one language. */
static xc_query *filter_language(parser *p, xc_query *q, const char *lang)
{
	char term[64];
	snprintf(term, sizeof term, RB_LANG_PREFIX "%s", lang);
	xc_query *l = NULL, *r = NULL;
	if (!xc_query_term(term, strlen(term), 1, &l, &p->err)) {
		xc_query *pair[2] = { q, l };
		if (xc_query_combine(XC_OP_FILTER, pair, 2, 0, &r, &p->err))
			r = NULL;
	}
	xc_query_free(q);
	xc_query_free(l);
	return r;
}

/* ------------------------------------------------------------ entry */

static const query_options no_options;

rb_status query_parse(rb_analyzer *a, xc_db *db, const char *text,
		      const query_options *opts, query *out, char **err)
{
	parser p = { .a = a, .db = db, .text = text, .opts = opts ? opts : &no_options };
	memset(out, 0, sizeof *out);
	out->a = a;
	if (!(p.analyzers = rb_analyzers_new()) || rb_analyzer_new("none", &out->words_a, NULL))
		p.oom = true;
	else if (lex(&p)) {
		out->root = parse_or(&p);
		if (!failed(&p) && peek(&p)->kind == T_RPAREN)
			fail_at(&p, peek(&p), "unmatched ')'");
		else if (!failed(&p) && peek(&p)->kind != T_END)
			fail_at(&p, peek(&p), "unexpected operator");
	}
	if (!failed(&p) && !out->root && asprintf(&p.err, "the query has no words to search for") < 0)
		p.oom = true;
	if (!failed(&p)) {
		drop_stopwords(out->root, rb_analyzer_lang(a));
		out->any = p.opts->any;
		size_t words = count_words(out->root);
		p.exact_bonus = words <= EXACT_FORM_MAX_WORDS;
		if (words > QUERY_MAX_WORDS) {
			if (asprintf(&p.err, "the query has %zu words; at most %d are searched",
				     words, QUERY_MAX_WORDS) < 0)
				p.oom = true;
		} else {
			out->xq = build(&p, out->root, p.opts->any);
		}
		if (out->xq && p.opts->only_lang)
			out->xq = filter_language(&p, out->xq, p.opts->only_lang);
		out->needs_check = out->xq && !out->root->exact;
		if (out->xq && !collect_highlights(&out->hl, out->root))
			p.oom = true;
	}
	free(p.toks);
	rb_analyzers_free(p.analyzers);
	rb_status rc = RB_OK;
	if (p.oom)
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	else if (p.err || !out->xq)
		rc = rb_fail(err, RB_ERR_INVALID, "%s", p.err ? p.err : "bad query");
	free(p.err);
	if (rc)
		query_free(out);
	return rc;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void query_free(query *q)
{
	node_free(q->root);
	xc_query_free(q->xq);
	free_strs(q->hl.prefixes, q->hl.n_prefixes);
	free_strs(q->hl.exact, q->hl.n_exact);
	for (size_t i = 0; i < q->hl.n_phrases; i++)
		free_strs(q->hl.phrases[i].terms, q->hl.phrases[i].n_terms);
	free(q->hl.phrases);
	rb_analyzer_free(q->words_a);
	memset(q, 0, sizeof *q);
}

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
static bool one_of_words(const rb_words *w, size_t i, const query_node *n)
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
			       : one_of_words(w, i, n))
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

int query_accept(const char *data, size_t len, void *ctx)
{
	const query *q = ctx;
	rb_record r;
	if (rb_record_decode(data, len, &r, NULL))
		return 0;
	check_state s = { .a = q->words_a, .r = &r, .any = q->any };
	bool ok = eval(&s, q->root, 0);
	rb_words_free(&s.text);
	rb_words_free(&s.title);
	rb_words_free(&s.path);
	rb_words_free(&s.lang);
	/* Out of memory keeps the passage: better shown than lost. */
	return ok || s.oom;
}

/* ------------------------------------------------------------ did you mean */

/* Optimal string alignment distance, or max + 1 once it must exceed max. */
static size_t edit_distance(const char *a, size_t la, const char *b, size_t lb, size_t max)
{
	if ((la > lb ? la - lb : lb - la) > max || la > 64 || lb > 64)
		return max + 1;
	size_t d[66][66];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t row_min = SIZE_MAX;
		for (size_t j = 1; j <= lb; j++) {
			size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > max)
			return max + 1;
	}
	return d[la][lb];
}

typedef struct {
	const char *word;
	size_t len, max;
	size_t best_dist;
	uint32_t best_freq;
	char *best;
} suggest_state;

static int consider(const char *term, size_t len, uint32_t freq, void *ctx)
{
	suggest_state *s = ctx;
	if (len == 0 || (term[0] >= 'A' && term[0] <= 'Z'))
		return 0;  /* boolean terms, not words */
	size_t d = edit_distance(s->word, s->len, term, len, s->max);
	if (d == 0 || d > s->max)
		return 0;
	if (d < s->best_dist || (d == s->best_dist && freq > s->best_freq)) {
		char *copy = strndup(term, len);
		if (!copy)
			return 1;
		free(s->best);
		s->best = copy;
		s->best_dist = d;
		s->best_freq = freq;
	}
	return 0;
}

/* Whether some passage has a word of this word's stem (the synonym table
 * keeps words whose passages are gone). */
static bool known_word(parser *p, const query_node *n)
{
	word_list w = { 0 };
	bool found = false;
	if (expand_word(p, n->terms[0], SIZE_MAX, &w) == 0)
		for (size_t i = 0; i < w.n && !found; i++) {
			uint32_t freq = 0;
			xc_db_termfreq(p->db, w.v[i], &freq, NULL);
			found = freq > 0;
		}
	for (size_t i = 0; i < w.n; i++)
		free(w.v[i]);
	free(w.v);
	free(p->err);
	p->err = NULL;
	return found;
}

/* Each unknown word costs a pass over the index's words: a long query gets
 * corrections for its first few only. */
#define SUGGEST_MAX_WORDS 8

char *query_suggest(xc_db *db, rb_analyzer *a, const query_options *opts,
		    const char *text)
{
	parser p = { .a = a, .db = db, .text = text, .opts = opts ? opts : &no_options,
		     .analyzers = rb_analyzers_new() };
	size_t len = strlen(text), cap = len + 1, out_len = 0;
	char *out = malloc(cap);
	const char *copied = text;
	bool changed = false;
	if (!out || !lex(&p)) {
		free(out);
		free(p.toks);
		return NULL;
	}
	size_t scans = 0;
	for (size_t i = 0; i < p.n_toks && out; i++) {
		const token *t = &p.toks[i];
		if (t->kind != T_WORD)
			continue;
		query_node *n = words_node(&p, t, false);
		if (n && n->kind == N_WORD && p.analyzers && scans < SUGGEST_MAX_WORDS &&
		    !known_word(&p, n)) {
			scans++;
			suggest_state s = { .word = n->terms[0], .len = strlen(n->terms[0]),
					    .best_dist = SIZE_MAX };
			s.max = s.len <= 4 ? 1 : 2;
			xc_db_each_term(db, "", consider, &s, NULL);
			size_t before = (size_t)(t->s - copied), bl = s.best ? strlen(s.best) : 0;
			char *grown = s.best ? realloc(out, cap += before + bl) : out;
			if (s.best && grown) {
				out = grown;
				memcpy(out + out_len, copied, before);
				memcpy(out + out_len + before, s.best, bl);
				out_len += before + bl;
				copied = t->s + t->len;
				changed = true;
			} else if (!grown) {
				free(out);
				out = NULL;
			}
			free(s.best);
		}
		node_free(n);
	}
	free(p.toks);
	rb_analyzers_free(p.analyzers);
	if (!changed || !out) {
		free(out);
		return NULL;
	}
	char *grown = realloc(out, out_len + strlen(copied) + 1);
	if (!grown) {
		free(out);
		return NULL;
	}
	strcpy(grown + out_len, copied);
	return grown;
}

/* ------------------------------------------------------------ explain */

typedef struct {
	query_explain_term *v;
	size_t n, cap;
	const rb_words *w;
	xc_db *db;
	const xc_search_options *so;
	xc_query *only;      /* the hit's unique id term */
	char *err;
	bool failed;
} explain_state;

static char *label_of(const query_node *n)
{
	size_t len = 8;
	for (size_t i = 0; i < n->n_terms; i++)
		len += strlen(n->terms[i]) + 12;
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	if (n->kind == N_WORD)
		p += sprintf(p, "%s", n->terms[0]);
	else if (n->kind == N_PREFIX)
		p += sprintf(p, "%s*", n->terms[0]);
	else
		for (size_t i = 0; i < n->n_terms; i++)
			p += sprintf(p, "%s%s%s%s", i == 0 && n->kind == N_PHRASE ? "\"" : "",
				     i ? (n->kind == N_NEAR ? " NEAR " : " ") : "", n->terms[i],
				     i + 1 == n->n_terms && n->kind == N_PHRASE ? "\"" : "");
	return s;
}

/* How often the part occurs in the passage's words. */
static uint32_t occurrences(const query_node *n, const rb_words *w)
{
	uint32_t c = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (n->kind == N_WORD)
			c += one_of_words(w, i, n);
		else if (n->kind == N_PREFIX)
			c += rb_word_has_prefix(w, i, n->terms[0]);
		else if (n->kind == N_PHRASE)
			c += rb_words_phrase_at(w, i, n->terms, n->n_terms);
		else
			for (size_t k = 0; k < n->n_terms; k++)
				c += rb_word_is(w, i, n->terms[k]);
	}
	return c;
}

static void explain_node(explain_state *e, const query_node *n)
{
	for (size_t i = 0; i < n->n_kids && n->kind != N_NOT; i++)
		explain_node(e, n->kids[i]);
	if (!n->xq || e->failed)
		return;
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		query_explain_term *v = realloc(e->v, cap * sizeof *v);
		if (!v) {
			e->failed = true;
			return;
		}
		e->v = v;
		e->cap = cap;
	}
	query_explain_term *t = &e->v[e->n];
	memset(t, 0, sizeof *t);
	/* The part alone, on this passage only: its share of the score
	 * (BM25 adds the weights of a query's parts). */
	xc_query *pair[2] = { n->xq, e->only }, *q = NULL;
	xc_mset *m = NULL;
	xc_search_options so = *e->so;
	so.accept = NULL;
	if (xc_query_combine(XC_OP_FILTER, pair, 2, 0, &q, &e->err) ||
	    xc_db_search(e->db, q, 0, 1, &so, &m, &e->err) ||
	    xc_db_count(e->db, n->xq, NULL, &t->passages, &e->err) ||
	    !(t->label = label_of(n))) {
		e->failed = true;
	} else {
		t->weight = xc_mset_size(m) ? xc_mset_weight(m, 0) : 0;
		t->occurrences = occurrences(n, e->w);
		e->n++;
	}
	xc_query_free(q);
	xc_mset_free(m);
}

rb_status query_explain(const query *q, xc_db *db, const xc_search_options *so,
			const char *data, size_t len, query_explanation *out,
			char **err)
{
	rb_record r;
	rb_words w;
	memset(out, 0, sizeof *out);
	rb_status rc = rb_record_decode(data, len, &r, err);
	if (rc || (rc = rb_words_collect(q->a, r.text, r.text_len, &w, err)))
		return rc;
	char id[40], p_term[18], *path = strndup(r.path, r.path_len);
	explain_state e = { .w = &w, .db = db, .so = so };
	if (path) {
		rb_path_term(path, p_term);
		snprintf(id, sizeof id, "Q%s:%u", p_term + 1, r.passage);
		if (xc_query_term(id, strlen(id), 1, &e.only, &e.err))
			e.failed = true;
		else
			explain_node(&e, q->root);
	}
	free(path);
	out->terms = e.v;
	out->n_terms = e.n;
	out->length = (uint32_t)w.n;
	out->k1 = so->bm25_k1;
	out->b = so->bm25_b;
	if (!e.failed && xc_db_avlength(db, &out->avg_length, &e.err))
		e.failed = true;
	rb_words_free(&w);
	xc_query_free(e.only);
	if (e.failed || !path) {
		rc = rb_fail(err, RB_ERR_INDEX, "explain: %s", e.err ? e.err : "out of memory");
		query_explanation_free(out);
	}
	free(e.err);
	return rc;
}

void query_explanation_free(query_explanation *x)
{
	for (size_t i = 0; i < x->n_terms; i++)
		free(x->terms[i].label);
	free(x->terms);
	memset(x, 0, sizeof *x);
}
