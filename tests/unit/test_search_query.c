/* The query pipeline (search/query_*.c): queries parsed into their plan,
 * the tree, its Xapian query, its parts and its highlights, over a small
 * index made here: the family keys list kidnap's stem family, and
 * gang, gangs and gangster are words of 3, 1 and 1 passages.  Each
 * expected plan is worked out from the rules of query.h and
 * query_plan.c. */
#include "search_fixture.h"

#include "../../search/query_internal.h"

static query_options opts = { .langs = english, .n_langs = 1 };

static void add_passage(xc_writer *w, const char *const *terms)
{
	xc_doc *d = NULL;
	char *err = NULL;
	assert_int_equal(xc_doc_new(&d, &err), XC_OK);
	for (; *terms; terms++)
		assert_int_equal(xc_doc_add_term(d, *terms, strlen(*terms), 1, &err), XC_OK);
	assert_int_equal(xc_writer_add_document(w, d, NULL, &err), XC_OK);
	xc_doc_free(d);
}

static int setup(void **state)
{
	(void)state;
	char *err = NULL, key[64];
	size_t len;
	xc_writer *w = fixture_writer();
	add_passage(w, (const char *const[]){ "gang", "gangs", "kidnapped", NULL });
	add_passage(w, (const char *const[]){ "gang", "gangster", NULL });
	add_passage(w, (const char *const[]){ "gang", "kidnapping", NULL });
	for (const char *const *s = (const char *const[]){ "kidnap", "kidnapped", "kidnapping",
							   NULL }; *s; s++) {
		const char *k = key;
		len = rb_family_key(key, sizeof key, "kidnap", 6, "english", *s, strlen(*s));
		assert_int_equal(xc_writer_add_keys(w, &k, &len, 1, 0, &err), XC_OK);
	}
	fixture_open(w);
	return 0;
}

/* ------------------------------------------------------------- the tree */

static void put(char *out, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(out);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out + len, cap - len, fmt, ap);
	va_end(ap);
}

/* A node as text: AND(...), OR(...), NOT(...), a word (~ before a stop
 * word kept as a filter; its stem family in braces when it has one),
 * PREFIX*, *PART*, /REGEX/, "a phrase", (a NEAR/N b), field:(...) or
 * date:FROM..TO. */
static void show(const query_node *n, char *out, size_t cap)
{
	static const char *const kinds[] = { [N_AND] = "AND", [N_OR] = "OR", [N_NOT] = "NOT" };
	switch (n->kind) {
	case N_WORD:
		put(out, cap, "%s%s", n->stop_filter ? "~" : "", n->terms[0]);
		for (size_t i = 0; n->n_words > 1 && i < n->n_words; i++)
			put(out, cap, "%s%s%s", i ? " " : "{", n->words[i],
			    i + 1 == n->n_words ? "}" : "");
		return;
	case N_PREFIX:
		put(out, cap, "%s%s*", n->infix ? "*" : "", n->terms[0]);
		return;
	case N_PATTERN:
		put(out, cap, "%s", n->terms[0]);
		return;
	case N_PHRASE:
	case N_NEAR:
		put(out, cap, n->kind == N_PHRASE ? "\"" : "(");
		for (size_t i = 0; i < n->n_terms; i++)
			put(out, cap, "%s%s", i ? (n->kind == N_PHRASE ? " " : " NEAR ") : "",
			    n->terms[i]);
		if (n->kind == N_PHRASE)
			put(out, cap, "\"");
		else
			put(out, cap, " /%u)", n->window);
		return;
	case N_FIELD:
		if (n->field == FIELD_DATE) {
			put(out, cap, "date:%lld..%lld", (long long)n->date.from,
			    (long long)n->date.to);
			return;
		}
		put(out, cap, "%c:(", n->field);
		show(n->kids[0], out, cap);
		put(out, cap, ")");
		return;
	default:
		put(out, cap, "%s(", kinds[n->kind]);
		for (size_t i = 0; i < n->n_kids; i++) {
			put(out, cap, i ? " " : "");
			show(n->kids[i], out, cap);
		}
		put(out, cap, ")");
	}
}

/* What the plan of a query holds, as text. */
typedef struct {
	char tree[512];
	char xapian[512];     /* Xapian's description of the query it runs */
	char parts[128];      /* each part: p (plain), w (weighted, not plain),
			       * s (a stop word, required, weighing nothing) */
	char lit[256];        /* the highlighter's words, prefixes, phrases */
	bool needs_check;
	size_t n_constraints;
} plan;

static rb_status plan_of(const char *text, bool any, plan *p, char **err)
{
	query q;
	query_options o = opts;
	o.any = any;
	memset(p, 0, sizeof *p);
	rb_status st = query_parse(an, db, text, &o, &q, err);
	if (st)
		return st;
	show(q.root, p->tree, sizeof p->tree);
	char *d = xc_query_describe(q.xq);
	snprintf(p->xapian, sizeof p->xapian, "%s", d);
	free(d);
	for (size_t i = 0; i < q.n_parts; i++)
		put(p->parts, sizeof p->parts, "%c", q.parts[i].plain ? 'p'
						      : q.parts[i].weighted ? 'w' : 's');
	for (size_t i = 0; i < q.hl.n_exact; i++)
		put(p->lit, sizeof p->lit, "%s%s", *p->lit ? " " : "", q.hl.exact[i]);
	for (size_t i = 0; i < q.hl.n_prefixes; i++)
		put(p->lit, sizeof p->lit, "%s%s*", *p->lit ? " " : "", q.hl.prefixes[i]);
	for (size_t i = 0; i < q.hl.n_phrases; i++)
		for (size_t k = 0; k < q.hl.phrases[i].n_terms; k++)
			put(p->lit, sizeof p->lit, "%s%s%s%s", *p->lit && !k ? " " : k ? " " : "",
			    k ? "" : "\"", q.hl.phrases[i].terms[k],
			    k + 1 == q.hl.phrases[i].n_terms ? "\"" : "");
	p->needs_check = q.needs_check;
	p->n_constraints = q.n_constraints;
	query_free(&q);
	return RB_OK;
}

/* A query and its plan; NULL: not checked. */
typedef struct {
	const char *why, *text;
	bool any;
	const char *tree, *xapian, *parts, *lit;
	int needs_check;     /* 0, 1; -1: not checked */
	int n_constraints;   /* -1: not checked */
} plan_case;

static const plan_case cases[] = {
	{ "kidnapping's stem, kidnap, lists three words in its family keys: the"
	  " word typed first, then the family's others, as one term, and the form"
	  " typed beside it, scaled by 1 (a query of at most 4 words); gang has no"
	  " family",
	  "kidnapping gang", false,
	  "AND(kidnapping{kidnapping kidnap kidnapped} gang)",
	  "Query((((kidnapping SYNONYM kidnap SYNONYM kidnapped) OR 1 * kidnapping)"
	  " AND gang))", "pp", "kidnapping kidnap kidnapped gang", 0, 0 },
	{ "--any: the words OR-ed; an OR has no parts",
	  "kidnapping gang", true, NULL,
	  "Query((((kidnapping SYNONYM kidnap SYNONYM kidnapped) OR 1 * kidnapping)"
	  " OR gang))", "", NULL, 0, -1 },
	{ "beside a word, a stop word stays, as a filter weighing nothing",
	  "the gang", false, "AND(~the gang)", "Query((gang FILTER the))", "sp", "gang",
	  0, 0 },
	{ "in an OR a stop word would only widen the match: it goes",
	  "the OR gang", false, "OR(gang)", "Query(gang)", "", "gang", 0, -1 },
	{ "only stop words: all are searched",
	  "the of", false, "AND(the of)", "Query((the AND of))", "pp", "the of", 0, 0 },
	{ "Xapian finds the passages holding a phrase's words; the check reads"
	  " whether they stand together",
	  "\"supreme court\" gang", false, "AND(\"supreme court\" gang)",
	  "Query(((supreme AND court) AND gang))", "wp", "gang \"supreme court\"", 1, 0 },
	{ "NEAR/3: both words, within 3 words, checked",
	  "kidnap NEAR/3 gang", false, "(kidnap NEAR gang /3)", "Query((kidnap AND gang))",
	  "", "kidnap gang", 1, -1 },
	{ "a prefix: the index's words under it, most frequent first (gangs and"
	  " gangster, one passage each, in term order)",
	  "gang*", false, "gang*", "Query((gang SYNONYM gangs SYNONYM gangster))", "",
	  "gang*", 0, -1 },
	{ "a NOT of a word subtracts exactly: no check",
	  "gang -kidnapped", false, "AND(gang NOT(kidnapped{kidnapped kidnap kidnapping}))",
	  NULL, "p", "gang", 0, 1 },
	{ "a title is checked on the record (Xapian offers every passage); a date"
	  " range is a value range, 2002-01-01 to 2003-12-31 23:59:59 UTC",
	  "title:gang date:2002..2003 kidnap", false,
	  "AND(T:(gang) date:1009843200..1072915199 kidnap{kidnap kidnapped kidnapping})",
	  NULL, "p", NULL, 1, 2 },
	{ "a pattern: its literal run \"the gang \" read by the analyzer; gang has"
	  " a space each side, a term; the touches the run's start (it may end a"
	  " longer word) and is not used while a bounded word is; checked",
	  "/the gang /", false, "/the gang /", "Query(gang)", "", "", 1, -1 },
	{ "a pattern with | at its top level has no literal: every passage, checked",
	  "/gang|kidnap/", false, "/gang|kidnap/", "Query(<alldocuments>)", "", "", 1, -1 },
	{ "a pattern's word touching both ends of its run (\\b is not read as a"
	  " boundary; the optional s is dropped): the index's words holding it",
	  "/\\bgangs?/", false, "/\\bgangs?/",
	  "Query((gang SYNONYM gangs SYNONYM gangster))", "", "", 1, -1 },
};

static bool differs(const char *want, const char *got)
{
	return want && strcmp(want, got) != 0;
}

static void test_plans(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const plan_case *c = &cases[i];
		plan p;
		char *err = NULL;
		if (plan_of(c->text, c->any, &p, &err))
			fail_msg("%s: %s", c->text, err);
		if (differs(c->tree, p.tree) || differs(c->xapian, p.xapian) ||
		    differs(c->parts, p.parts) || differs(c->lit, p.lit) ||
		    (c->needs_check >= 0 && c->needs_check != p.needs_check) ||
		    (c->n_constraints >= 0 && (size_t)c->n_constraints != p.n_constraints))
			fail_msg("%s (%s): got tree %s, query %s, parts \"%s\", lit \"%s\","
				 " check %d, constraints %zu", c->text, c->why, p.tree, p.xapian,
				 p.parts, p.lit, p.needs_check, p.n_constraints);
	}
}

static void test_malformed(void **state)
{
	(void)state;
	static const struct {
		const char *text, *says;
	} bad[] = {
		{ "(gang", "column 1" },
		{ "gang)", "column 5" },
		{ "()", "" },
		{ "", "the query has no words to search for" },
		{ "title:", "" },
		{ "gang /a(/", "pattern /a(/ does not compile: missing closing parenthesis at"
		  " column 9" },
		{ "/x{2,1}/", "numbers out of order in {} quantifier at column 7" },
		{ "kidnap NEAR /gang/", "NEAR joins words and phrases only" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		query q;
		char *err = NULL;
		rb_status st = query_parse(an, db, bad[i].text, &opts, &q, &err);
		if (st != RB_ERR_INVALID || !err || !strstr(err, bad[i].says))
			fail_msg("\"%s\": status %d, %s", bad[i].text, st, err ? err : "no message");
		free(err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plans),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
