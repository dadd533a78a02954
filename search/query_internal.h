/* query_internal.h: what the stages of the query code share; not for the
 * programs.
 *
 *   query_pipeline.c    query_parse(), the driver: the stages in order
 *   query_parse.c       text -> tokens -> tree of query_nodes
 *   query_plan.c        tree -> Xapian query (stop words, stems, languages)
 *   query_parts.c       the query's parts and its relaxed forms
 *   query_highlights.c  the highlighter's words
 * what those stages use:
 *   query_related.c     a word's related words (WordNet): parts
 *   query_expand.c      a word's stem family: plan, related, suggest
 *   query_date.c        the value of date: parse
 *   query_narrow.c      a /REGEX/'s words (query_literals.c): plan
 *   query_vocab.c       the index's words holding a part: plan, narrow
 *   query_pattern.c     a /REGEX/ compiled and matched (PCRE2): parse, check
 * after the search:
 *   query_check.c       phrases, NEAR and fields checked on a passage record
 *   query_suggest.c     "did you mean"
 *   query_explain.c     --explain
 * the leaves, which call nothing of the query code:
 *   query_terms.c       term queries, lists of them, constraints
 *   query_words.c       lists of words
 *
 * No file calls one that calls it back: the driver calls the stages;
 * parse calls date; plan calls expand; parts calls related and expand;
 * related calls expand; suggest calls parse and expand; explain calls
 * check; any may call the leaves and free a node (query_node_free, in
 * query_parse.c).
 */
#ifndef RUBRIC_QUERY_INTERNAL_H
#define RUBRIC_QUERY_INTERNAL_H

#include "query.h"

#define NEAR_DEFAULT 10
#define WILDCARD_MAX 10000

typedef enum { N_WORD, N_PREFIX, N_PHRASE, N_NEAR, N_FIELD, N_AND, N_OR, N_NOT,
	       N_PATTERN } node_kind;

/* The fields, as query_node.field and token.field. */
#define FIELD_TITLE 'T'   /* title:, subject: */
#define FIELD_PATH 'P'    /* path: */
#define FIELD_LANG 'L'    /* lang: */
#define FIELD_FROM 'F'    /* from: a mail's From */
#define FIELD_TO 'R'      /* to: a mail's To and Cc */
#define FIELD_ID 'I'      /* id: a mail's Message-ID, as written */
#define FIELD_ATTACH 'A'  /* attachment: a mail's attachments' names */
#define FIELD_DATE 'D'    /* date: a range of dates */

/* A range of seconds since 1970, both ends included. */
typedef struct {
	bool has_from, has_to;
	int64_t from, to;
} query_date;

struct query_node {
	node_kind kind;
	query_node **kids;
	size_t n_kids;
	char **terms;         /* WORD: [term, stem]; PREFIX: [prefix]; PHRASE, NEAR: terms;
			       * PATTERN: [as typed, /re/ or /re/c; the re] */
	size_t n_terms;
	char **words;         /* WORD: the index's words of its stem, in every language */
	size_t n_words;
	rb_word_set *word_set;  /* words as a set (query_index_words), or NULL */
	xc_query *xq;         /* a weighted part's own query, for --explain */
	xc_query *alone;      /* a kid of the root AND: its own query, for
			       * the query's parts (query_parts.c) */
	/* WORD in several languages: each family's branch, restricted to its
	 * languages (every passage is in one, so it matches one branch at
	 * most), for a bound of the word's weight (query_part_bound). */
	xc_query **branches;
	size_t n_branches;
	xc_query *related_xq; /* WORD: its related words' query as the relaxed
			       * query weighs it (query_related.c), for --explain */
	char **related;       /* ... and those words */
	size_t n_related;
	uint32_t window;      /* NEAR: the N of NEAR/N (a chain's largest) */
	char field;           /* FIELD: FIELD_TITLE ... */
	query_date date;      /* FIELD_DATE */
	char *id;             /* FIELD_ID: the Message-ID, without <> */
	struct query_pattern *pattern;  /* PATTERN: compiled (query_pattern.h) */
	bool infix;           /* PREFIX: *part*, the words holding it (in words) */
	bool free_text;       /* a plain word (may be dropped as a stop word) */
	bool stop_filter;     /* a stop word kept as a filter: required, unweighted */
	bool exact;           /* Xapian's match is the node's meaning */
};

typedef enum { T_END, T_WORD, T_PHRASE, T_LPAREN, T_RPAREN, T_OR, T_AND, T_NOT,
	       T_MINUS, T_NEAR, T_FIELD, T_PATTERN } tok_kind;

typedef struct {
	tok_kind kind;
	const char *s;        /* WORD, PHRASE, PATTERN: the text; FIELD: the name */
	size_t len;
	size_t col;           /* 1-based, in characters */
	uint32_t window;      /* NEAR: the N of NEAR/N (a chain's largest) */
	char field;           /* PATTERN: 'c' when case-sensitive */
} token;

/* A list of malloc'd words. */
typedef struct {
	char **v;
	size_t n, cap;
	bool oom;
} word_list;

/* The stem families listed, by stem: each's entries as "LANG:WORD",
 * sorted (a stem's keys listed once a query, one round trip a shard). */
typedef struct {
	struct family { char *stem; word_list entries; } *v;
	size_t n, cap;
} family_cache;

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
	const query_node *root;
	family_cache families;
	char *err;
	bool oom;
} parser;

/* query_parse.c */
bool query_lex(parser *p);
/* The query tree, or NULL with p->err or p->oom set (or with neither when
 * the query has no word). */
query_node *query_parse_tree(parser *p);
/* A word or a quoted phrase as the analyzer reads it: a word node, a
 * phrase node (several words, or quoted), or NULL when it has no word. */
query_node *query_words_node(parser *p, const token *t, bool quoted);
void query_node_free(query_node *n);
bool query_failed(const parser *p);

/* query_plan.c: q->root to q->xq (NULL with p->err or p->oom set on
 * error), its options and whether matches need the check. */
void query_plan(parser *p, query *q);

/* query_parts.c: the parts and the relaxed query of q (parsed and built
 * by p); false when out of memory or on a Xapian error (p->err). */
bool query_plan_parts(parser *p, query *q);

/* query_highlights.c: adds what the positive words of the tree n light
 * up (not fields, not NOTs) to hl; false when out of memory. */
bool query_highlights(rb_hl_query *hl, const query_node *n);

/* query_related.c */
/* Adds to out WordNet's synonyms of an English word, from its base forms
 * ("freed" -> "free"), in every sense: single words, not the word itself.
 * Nothing without WordNet's files; -1 when out of memory. */
int query_related_words(const char *word, word_list *out);
/* For a word node n: its query `word` (consumed) OR-ed with its related
 * words' stem families in English passages, weighing less (the word
 * alone when the index has no English or WordNet has nothing); those
 * words and their query kept in n->related, n->related_xq.  NULL with
 * p->err or p->oom on error. */
xc_query *query_with_related(parser *p, query_node *n, xc_query *word);

/* query_expand.c */
/* The index's words that share the word's stem in any of the options'
 * languages (only the `only`-th unless SIZE_MAX), and the word itself. */
int query_expand_word(parser *p, const char *word, size_t only, word_list *out);
void query_families_free(parser *p);

/* query_narrow.c: the passages a pattern node may match (its literal
 * words AND-ed, or every passage); NULL with p->err or p->oom on error. */
xc_query *query_pattern_narrow(parser *p, query_node *n);

/* query_vocab.c: appends to out the index's words holding part (starting
 * with it, ending with it, or anywhere), the `cap` most frequent; *found:
 * how many hold it.  -1 with p->err or p->oom on error. */
int query_vocab_words(parser *p, const char *part, bool at_start, bool at_end, size_t cap,
		      word_list *out, size_t *found);

/* query_date.c: reads s[0, len) ("2002-08", "2002..2003-06-30", ...) into
 * *out; false when it is not a date or a range of dates. */
bool query_date_range(const char *s, size_t len, query_date *out);

/* query_check.c */
/* Whether word i of w is one of a word node's words. */
bool query_word_matches(const rb_words *w, size_t i, const query_node *n);

/* query_terms.c: leaves */
/* A list of queries, combined as one. */
typedef struct {
	xc_query **v;
	size_t n, cap;
	bool oom;
} query_list;

/* Appends q (consumed); false when q is NULL or out of memory (l->oom). */
bool query_list_push(query_list *l, xc_query *q);
void query_list_free(query_list *l);
/* Appends the query of the term word[0, len) to the query_list ctx (a
 * callback); nonzero when it fails. */
int query_list_add_term(const char *word, size_t len, void *ctx);
/* l's queries under op (one alone as it is), l emptied; NULL on error. */
xc_query *query_combine(parser *p, xc_op op, query_list *l);
/* The query of one term, prefix + term; NULL with p->err on error. */
xc_query *query_term(parser *p, const char *prefix, const char *term);
/* The words as one term (Xapian's synonym); NULL with p->err on error. */
xc_query *query_synonym_of(parser *p, const word_list *w);
/* q (consumed) restricted by `filters` (unweighted) and without the
 * passages of `negs` (either may be NULL; both stay the caller's); NULL
 * on error (p->err). */
xc_query *query_constrain(parser *p, xc_query *q, xc_query *negs, xc_query *filters);
/* words restricted to the passages of the languages marked in `mine`
 * (some, not all): FILTER by their language terms, or, when they hold most
 * passages (English, often), AND_NOT the others' terms, which are shorter
 * to read.  words stays the caller's. */
xc_query *query_restrict_to_languages(parser *p, const bool *mine, xc_query *words);
/* Whether a part is a word, held by a passage holding one of its forms
 * (q->part_forms). */
bool query_part_by_forms(const query_part *part);

/* query_words.c: leaves */
/* Appends a copy of w[0, len); nonzero (and l->oom) when out of memory. */
int query_word_append(word_list *l, const char *w, size_t len);
/* Adds a copy of w to the word_list ctx unless it holds it (a callback). */
int query_word_add(const char *w, size_t len, void *ctx);
/* Whether l holds w[0, len). */
bool query_words_hold(const word_list *l, const char *w, size_t len);
void query_words_free(word_list *w);

#endif
