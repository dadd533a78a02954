/* cmdline.c: options before the first query word, their exact names among
 * the query words (cmdline.h). */
#include "cmdline.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "langname.h"
#include "printer.h"

#define MAX_CONTEXT 1000

enum { OPT_JSON = 256, OPT_COLOR, OPT_ANY, OPT_BM25, OPT_FORMAT, OPT_MAX_CHARS,
       OPT_STATS, OPT_QUERIES_FROM, OPT_ALLOW_MISSING, OPT_LANG, OPT_EXPLAIN,
       OPT_NO_PARTIAL, OPT_VERSION, OPT_SORT };
enum { OPT_CONFIG = 512 };

/* '+': getopt stops at the first query word instead of reading options
 * after it (cmdline.h says which ones are); ':': a missing value is told
 * apart from an unknown option. */
static const char SHORT_OPTIONS[] = "+:d:n:lc0C:j:h";

static const struct option LONG_OPTIONS[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "limit", required_argument, NULL, 'n' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "any", no_argument, NULL, OPT_ANY },
	{ "allow-missing-shards", no_argument, NULL, OPT_ALLOW_MISSING },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "no-partial", no_argument, NULL, OPT_NO_PARTIAL },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "bm25", required_argument, NULL, OPT_BM25 },
	{ "files-with-matches", no_argument, NULL, 'l' },
	{ "count", no_argument, NULL, 'c' },
	{ "null", no_argument, NULL, '0' },
	{ "context", required_argument, NULL, 'C' },
	{ "max-chars", required_argument, NULL, OPT_MAX_CHARS },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "queries-from", required_argument, NULL, OPT_QUERIES_FROM },
	{ "jobs", required_argument, NULL, 'j' },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static int failed(char **err, const char *msg)
{
	*err = strdup(msg);
	return 2;
}

/* A whole decimal number from min to max into *out. */
static bool number_in(const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || !*s || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* The long option `name` (len bytes) names, as getopt reads it: its whole
 * name, or the start of only one option's names (--lim is --limit); NULL:
 * none, or several. */
static const struct option *long_option(const char *name, size_t len)
{
	const struct option *found = NULL;
	size_t n_found = 0;
	for (const struct option *o = LONG_OPTIONS; o->name; o++) {
		if (strncmp(o->name, name, len) != 0 || !len)
			continue;
		if (!o->name[len])
			return o;
		/* --colo: --color and --colour are one option. */
		n_found += !found || found->val != o->val;
		found = o;
	}
	return n_found == 1 ? found : NULL;
}

/* Why getopt refused `arg` (c: '?' unknown, ':' a missing value). */
static int option_error(const char *arg, int c, char **err)
{
	const char *eq = strchr(arg, '=');
	int n;
	if (c == ':')
		n = asprintf(err, "%s: needs a value (try --help)", arg);
	else if (arg[1] == '-' && eq && long_option(arg + 2, (size_t)(eq - arg - 2)))
		n = asprintf(err, "%.*s: takes no value (try --help)", (int)(eq - arg), arg);
	else
		n = asprintf(err, "%s: unknown option (try --help; to search for it, put it"
			     " after --)", arg);
	if (n < 0)
		*err = NULL;
	return 2;
}

/* --format NAME: a row of the formats' table (printers.c). */
static int read_format(search_args *a, const char *v, char **err)
{
	if ((a->format = printers_find(v, true)))
		return 0;
	char *names = printers_names();
	if (!names || asprintf(err, "--format wants %s", names) < 0)
		*err = NULL;
	free(names);
	return 2;
}

static int read_sort(search_args *a, const char *v, char **err)
{
	if (strcmp(v, "score") == 0) a->order = RESULTS_BY_SCORE;
	else if (strcmp(v, "newest") == 0) a->order = RESULTS_NEWEST;
	else if (strcmp(v, "oldest") == 0) a->order = RESULTS_OLDEST;
	else return failed(err, "--sort wants score, newest or oldest");
	return 0;
}

static int read_lang(search_args *a, const char *v, char **err)
{
	/* "es", "SPA" and "Spanish" are one language. */
	static const char *const words[] = { "none", NULL };
	char *e = NULL;
	if (!rb_lang_resolve(v, words, &a->only_lang, &e))
		return 0;
	if (!e || asprintf(err, "--lang: %s", e) < 0)
		*err = NULL;
	free(e);
	return 2;
}

static int read_bm25(search_args *a, const char *v, char **err)
{
	double k1, b;
	char extra;
	if (sscanf(v, "%lf,%lf%c", &k1, &b, &extra) != 2 || !isfinite(k1) ||
	    !isfinite(b) || k1 < 0 || b < 0 || b > 1)
		return failed(err, "--bm25 wants K1,B (K1 >= 0, 0 <= B <= 1), e.g. 1.2,0.75");
	a->sopts.bm25_k1 = k1;
	a->sopts.bm25_b = b;
	return 0;
}

static int read_color(cmdline *c, const char *v, char **err)
{
	if (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never"))
		return failed(err, "--color wants auto, always or never");
	c->color = v;
	return 0;
}

/* The options that take a number. */
static int read_count(cmdline *c, int opt, const char *v, char **err)
{
	search_args *a = &c->args;
	long n;
	switch (opt) {
	case 'n':
		/* 0 once meant no limit, silently: now a mistake said. */
		if (!number_in(v, 1, 1000000000, &a->limit))
			return failed(err, "-n wants a number of hits, 1 or more");
		return 0;
	case 'j':
		if (!number_in(v, 1, 64, &c->jobs))
			return failed(err, "-j wants a number of processes, 1 to 64");
		return 0;
	case 'C':
		if (!number_in(v, 0, MAX_CONTEXT, &a->context))
			return failed(err, "-C wants a number of passages, 0 to 1000");
		return 0;
	default:
		if (!number_in(v, 1, 1000000000, &n))
			return failed(err, "--max-chars wants a number of characters, 1 or more");
		a->max_chars = (size_t)n;
		return 0;
	}
}

/* Option `opt` with its value v (or NULL) into c: 0, or 2 with *err. */
static int apply_option(cmdline *c, int opt, const char *v, char **err)
{
	search_args *a = &c->args;
	switch (opt) {
	case 'd':
		if (a->n_dbs == CMDLINE_MAX_DBS)
			return failed(err, "too many -d options");
		c->dbs[a->n_dbs++] = v;
		return 0;
	case 'n': case 'j': case 'C': case OPT_MAX_CHARS:
		return read_count(c, opt, v, err);
	case OPT_JSON: a->format = printers_find("json", false); return 0;
	case OPT_FORMAT: return read_format(a, v, err);
	case OPT_ANY: a->qopts.any = true; return 0;
	case OPT_ALLOW_MISSING: a->allow_missing = 1; return 0;
	case OPT_EXPLAIN: a->explain = 1; return 0;
	case OPT_NO_PARTIAL: a->strict = 1; return 0;
	case OPT_SORT: return read_sort(a, v, err);
	case OPT_LANG: return read_lang(a, v, err);
	case OPT_BM25: return read_bm25(a, v, err);
	case 'l': a->format = printers_find("files", false); return 0;
	case 'c': a->format = printers_find("count", false); return 0;
	case '0': c->null_path = 1; return 0;
	case OPT_STATS: a->stats = 1; return 0;
	case OPT_QUERIES_FROM: c->queries_from = v; return 0;
	case OPT_COLOR: return read_color(c, v, err);
	case OPT_CONFIG: c->config_path = v; return 0;
	case 'h': c->action = CMDLINE_HELP; return 0;
	default: c->action = CMDLINE_VERSION; return 0;
	}
}

/* Reads the options of argv[1, argc) until the first argument that is
 * not one: 0 with *end its index and *dashdash whether "--" ended them,
 * or 2 with *err set.  Stops at --help and --version. */
static int read_options(int argc, char **argv, cmdline *c, int *end, bool *dashdash,
			char **err)
{
	const char *last_value = NULL;
	optind = 0;  /* glibc: start afresh (this is called twice) */
	opterr = 0;
	while (c->action == CMDLINE_RUN) {
		/* No permutation: the argument getopt reads is argv[optind]. */
		int at = optind ? optind : 1;
		int opt = getopt_long(argc, argv, SHORT_OPTIONS, LONG_OPTIONS, NULL);
		if (opt == -1)
			break;
		if (opt == '?' || opt == ':')
			return option_error(argv[at], opt, err);
		if (apply_option(c, opt, optarg, err))
			return 2;
		last_value = optarg;
	}
	*end = optind;
	/* "--" ends the options unless it was an option's value (-d --). */
	*dashdash = optind > 1 && strcmp(argv[optind - 1], "--") == 0 &&
		    argv[optind - 1] != last_value;
	return 0;
}

/* Whether arg names an option among the query words (a long
 * one as getopt reads it: --lim is --limit; a short one alone, or with
 * its number attached: -n5, never -deprecated), and whether its value is
 * the next argument. */
static bool names_option(const char *arg, bool *value_next)
{
	*value_next = false;
	if (arg[0] != '-')
		return false;
	if (arg[1] == '-') {
		size_t len = strcspn(arg + 2, "=");
		const struct option *o = long_option(arg + 2, len);
		*value_next = o && o->has_arg == required_argument && !arg[2 + len];
		return o != NULL;
	}
	const char *at = arg[1] && arg[1] != ':' && arg[1] != '+'
		       ? strchr(SHORT_OPTIONS, arg[1]) : NULL;
	if (at && arg[2])   /* -n5, -C2: a short option's number, attached */
		return at[1] == ':' && arg[2 + strspn(arg + 2, "0123456789")] == '\0';
	*value_next = at && at[1] == ':';
	return at != NULL;
}

/* Splits argv[from, argc), after the first query word, into the query's
 * words (c->words) and the options among them (opts, after argv[0]). */
static void split_rest(int argc, char **argv, int from, cmdline *c, char **opts, int *n_opts)
{
	bool ended = false;
	for (int i = from; i < argc; i++) {
		bool value_next;
		if (!ended && strcmp(argv[i], "--") == 0) {
			ended = true;
		} else if (!ended && (names_option(argv[i], &value_next) ||
				      strncmp(argv[i], "--", 2) == 0)) {
			/* An unknown --word goes to getopt, which names it. */
			opts[(*n_opts)++] = argv[i];
			if (value_next && i + 1 < argc)
				opts[(*n_opts)++] = argv[++i];
		} else {
			c->words[c->n_words++] = argv[i];
		}
	}
}

static void defaults(cmdline *c)
{
	memset(c, 0, sizeof *c);
	c->args.dbs = c->dbs;
	c->args.format = printers_find("text", false);
	c->args.limit = -1;
	c->args.order = RESULTS_BY_SCORE;
	c->color = NULL;   /* auto, unless the config file says */
	xc_search_options_init(&c->args.sopts);
	/* Chosen by make eval-bm25 (held-out known-item MRR), as FTS5's. */
	c->args.sopts.bm25_k1 = 1.2;
	c->args.sopts.bm25_b = 0.75;
}

/* One entry of the config file (its keys checked): a key of [search], or db before any
 * section: the file's indexes (*dbs, the top's *db_top), its colour.  0,
 * or 2 with *err. */
static int apply_entry(cmdline *c, const rb_config_entry *e, const char **dbs, size_t *n_dbs,
		       const char **db_top, char **err)
{
	const rb_config *cfg = &c->config;
	bool top = !*e->section, in_search = strcmp(e->section, "search") == 0;
	bool color = in_search && (strcmp(e->key, "color") == 0 || strcmp(e->key, "colour") == 0);
	if (!top && !in_search)
		return 0;   /* rubric-index's (the file's keys are checked) */
	if (color) {
		if (read_color(c, e->value, err) == 0)
			return 0;
		free(*err);
		*err = NULL;
		rb_config_fail(cfg, e, err, "%s wants auto, always or never", e->key);
		return 2;
	}
	char *path = NULL;
	if (c->n_owned == CMDLINE_MAX_DBS) {
		rb_config_fail(cfg, e, err, "too many indexes");
		return 2;
	}
	if (rb_config_path_value(cfg, e, &path, err))
		return 2;
	c->owned[c->n_owned++] = path;
	if (top)
		*db_top = path;
	else
		dbs[(*n_dbs)++] = path;
	return 0;
}

/* The config file under the command line: its indexes when -d and
 * $RUBRIC_DB say none, its colour when --color says none.  0, or 2. */
static int apply_config(cmdline *c, char **err)
{
	char *path = NULL;
	bool must_exist;
	const char *dbs[CMDLINE_MAX_DBS], *db_top = NULL, *env = getenv("RUBRIC_DB");
	size_t n_dbs = 0;
	const char *color_given = c->color;   /* --color, over the file's */
	c->color = NULL;
	if (rb_config_path(c->config_path, &path, &must_exist, err))
		return 2;
	rb_status st = path ? rb_config_read(path, must_exist, &c->config, err) : RB_OK;
	free(path);
	for (size_t i = 0; !st && i < c->config.n; i++)
		if (apply_entry(c, &c->config.v[i], dbs, &n_dbs, &db_top, err))
			return 2;
	if (st)
		return 2;
	c->color = color_given ? color_given : c->color ? c->color : "auto";
	if (c->args.n_dbs || (env && *env))
		return 0;
	if (!n_dbs && db_top)
		dbs[n_dbs++] = db_top;
	for (size_t i = 0; i < n_dbs; i++)
		c->dbs[c->args.n_dbs++] = dbs[i];
	return 0;
}

int cmdline_read(int argc, char **argv, cmdline *c, char **err)
{
	int first = 0, end = 0, n_opts = 1;
	bool dashdash = false;
	defaults(c);
	*err = NULL;
	int rc = read_options(argc, argv, c, &first, &dashdash, err);
	if (rc || c->action != CMDLINE_RUN)
		return rc;
	char **opts = calloc((size_t)argc + 1, sizeof *opts);
	c->words = calloc((size_t)argc + 1, sizeof *c->words);
	if (!opts || !c->words) {
		free(opts);
		return 2;
	}
	opts[0] = argv[0];
	if (dashdash) {
		for (int i = first; i < argc; i++)
			c->words[c->n_words++] = argv[i];
	} else {
		split_rest(argc, argv, first, c, opts, &n_opts);
	}
	rc = n_opts > 1 ? read_options(n_opts, opts, c, &end, &dashdash, err) : 0;
	free(opts);
	if (rc || c->action != CMDLINE_RUN || (rc = apply_config(c, err)))
		return rc;
	if (c->queries_from && c->n_words)
		return failed(err, "--queries-from and a query on the command line: give one");
	if (!c->queries_from && !c->n_words)
		return failed(err, "no query given (try --help)");
	return 0;
}

void cmdline_free(cmdline *c)
{
	for (size_t i = 0; i < c->n_owned; i++)
		free(c->owned[i]);
	c->n_owned = 0;
	rb_config_free(&c->config);
	free(c->words);
	c->words = NULL;
	c->n_words = 0;
}
