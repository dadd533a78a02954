/* rubric-search: ranked, highlighted passages from a rubric index. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "batch.h"
#include "langname.h"
#include "schema.h"
#include "query.h"
#include "record.h"
#include "render.h"
#include "results.h"
#include "search.h"
#include "source.h"
#include "store.h"
#include "version.h"

#include <jansson.h>

#define DEFAULT_LIMIT 20
#define MAX_CONTEXT 1000

static void usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [-d DB]... [-n N] [--format FMT | --json | -l | -c] [OPTION]... QUERY...\n"
"       " PROG " [OPTION]... --queries-from FILE\n"
"Search a rubric index; print the best passages first, one per line, as\n"
"PATH:LINE: TEXT.  Every word must match (by stem), in one passage or\n"
"spread over a file's passages (then PATH+LINE+ lines show the passages\n"
"holding the rest); \"quoted words\" must appear together as a phrase.\n"
"Passages holding some of the words join the list, ranked with their\n"
"files' evidence and marked [missing: WORD...]; the exit status is 1 when\n"
"nothing holds every word.\n"
"\n"
"  -d, --db DB               the index (default: $RUBRIC_DB, else\n"
"                            $XDG_DATA_HOME/rubric/index); repeat to search\n"
"                            several together\n"
"  -n, --limit N             at most N hits (default %d)\n"
"      --format FMT          text (default), json, tsv or trec\n"
"      --json                --format json: JSON Lines, {\"type\":\"hit\",...}\n"
"  -l, --files-with-matches  matching files, once each, best first\n"
"  -c, --count               the exact number of hits: passages holding\n"
"                            every word, and files holding them apart\n"
"  -0, --null                a NUL after each path (for xargs -0)\n"
"  -C, --context N           N neighbouring passages before and after a hit\n"
"      --max-chars N         cut passages to about N characters around\n"
"                            their matched words\n"
"      --stats               a closing summary: matches, hits, files, time\n"
"      --queries-from FILE   one query a line ([QID<TAB>]QUERY; - for stdin)\n"
"  -j, --jobs N              --queries-from: N processes answer the queries,\n"
"                            printed in order (default: the cores, at most\n"
"                            one per 8 queries; 1: in this process)\n"
"      --any                 plain words OR-ed, best matching most first\n"
"      --no-partial          only hits holding every word\n"
"      --sort ORDER          score (default: best first), newest or oldest\n"
"                            (by a mail's Date, else the file's mtime)\n"
"      --lang LANG           passages in LANG only, words stemmed in LANG\n"
"                            (a name or code: spanish, es, spa)\n"
"      --allow-missing-shards  answer from the shards that respond (with a\n"
"                            warning) when some cannot be reached\n"
"      --bm25 K1,B           BM25 parameters (default 1.2,0.75)\n"
"      --explain             each hit's score: every part's BM25 share and\n"
"                            the length normalisation (text and JSON)\n"
"      --color=WHEN          auto (default: on a terminal), always, never\n"
"  -h, --help                this help\n"
"      --version             rubric's version and its libraries'\n"
"\n"
"Exit status: 0 when something matched, 1 when nothing did, 2 on error.\n",
		DEFAULT_LIMIT);
}

static int bad_option(const char *arg, int c)
{
	if (c == ':')
		fprintf(stderr, PROG ": %s: needs a value (try --help)\n", arg);
	else
		fprintf(stderr, PROG ": %s: unknown option (try --help)\n", arg);
	return 2;
}

/* The query: the arguments joined by spaces, so that quoting the whole
 * query and quoting nothing mean the same. */
static char *join_args(int argc, char **argv)
{
	size_t n = 1;
	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	char *s = malloc(n), *p = s;
	if (!s)
		return NULL;
	for (int i = 0; i < argc; i++)
		p += sprintf(p, "%s%s", i ? " " : "", argv[i]);
	*p = '\0';
	return s;
}

static int fail(const char *msg)
{
	fprintf(stderr, PROG ": %s\n", msg);
	return 2;
}

static int fail_free(char *msg)
{
	fail(msg ? msg : "out of memory");
	free(msg);
	return 2;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void index_close(search_index *ix)
{
	rb_analyzer_free(ix->a);
	rb_source_free(ix->source);
	free(ix->lang);
	for (size_t i = 0; i < ix->n_langs; i++)
		free(ix->langs[i]);
	free(ix->langs);
	free(ix->lang_passages);
	xc_db_close(ix->db);
	memset(ix, 0, sizeof *ix);
}

static void run_free(search_run *s)
{
	results_free(&s->r);
	query_free(&s->q);
	memset(s, 0, sizeof *s);
}

static int add_lang(search_index *ix, const char *name, size_t len, uint32_t passages)
{
	char **v = realloc(ix->langs, (ix->n_langs + 1) * sizeof *v);
	if (!v)
		return 1;
	ix->langs = v;
	uint32_t *f = realloc(ix->lang_passages, (ix->n_langs + 1) * sizeof *f);
	if (!f)
		return 1;
	ix->lang_passages = f;
	f[ix->n_langs] = passages;
	return !(v[ix->n_langs] = strndup(name, len)) || !++ix->n_langs;
}

static int on_lang_term(const char *term, size_t len, uint32_t freq, void *ctx)
{
	return add_lang(ctx, term + strlen(RB_LANG_PREFIX), len - strlen(RB_LANG_PREFIX), freq);
}

/* A file whose passages' text could not be read back: once a run, its
 * path as the hits show it (ctx: the render options). */
static void warn_unreadable(const char *path, const char *reason, void *ctx)
{
	rb_record r = { .path = path, .path_len = strlen(path) };
	size_t len;
	const char *shown = render_path(ctx, &r, &len);
	fprintf(stderr, PROG ": warning: %.*s: %s; its passages are shown without text and"
		" cannot match phrases or NEAR until rubric-index updates the index\n",
		(int)len, shown, reason);
}

/* Once per shard, however often the index is opened (retries, queries). */
static void warn_shard(const char *message, void *ctx)
{
	static char *said[64];
	static size_t n_said;
	(void)ctx;
	for (size_t i = 0; i < n_said; i++)
		if (strcmp(said[i], message) == 0)
			return;
	if (n_said < 64)
		said[n_said++] = strdup(message);
	fprintf(stderr, PROG ": warning: %s\n", message);
}

/* 0, or 2 with *err set; *retry says whether the index itself failed. */
static int index_open(search_index *ix, const search_args *args, int *retry, char **err)
{
	size_t lang_len = 0;
	char stub[4096];
	snprintf(stub, sizeof stub, "%s/XAPIANDB", args->dbs[0]);
	/* An index that exists but fails to open may be mid-swap. */
	*retry = access(stub, F_OK) == 0;
	if (rb_store_open_shards(args->dbs[0], args->allow_missing, warn_shard, NULL,
				 &ix->db, err))
		return 2;
	for (size_t i = 1; i < args->n_dbs; i++)
		if (rb_store_add(ix->db, args->dbs[i], err))
			return 2;
	*retry = 1;
	/* Damage that opening does not see may show in the first reads. */
	xc_status xs = xc_db_get_metadata(ix->db, RB_META_LANG, &ix->lang, &lang_len, err);
	if (xs) {
		rb_store_reword(xs, err);
		return 2;
	}
	/* An index in one language expands words by its stems; one whose
	 * documents each have theirs ("auto"), by the stems of every language
	 * it holds, or only of --lang's. */
	int fixed = lang_len && strcmp(ix->lang, "auto") != 0;
	if (args->only_lang) {
		if (add_lang(ix, args->only_lang, strlen(args->only_lang), 0))
			return 2;
	} else if (fixed) {
		if (add_lang(ix, ix->lang, lang_len, 0))
			return 2;
	} else if ((xs = xc_db_each_term(ix->db, RB_LANG_PREFIX, on_lang_term, ix, err))) {
		rb_store_reword(xs, err);
		return 2;
	}
	*retry = 0;
	if (rb_source_new(&ix->source, err))
		return 2;
	if (rb_analyzer_new(fixed ? ix->lang : args->only_lang ? args->only_lang
						      : RB_DEFAULT_LANG, &ix->a, err))
		return 2;
	return 0;
}

/* The query options with the index's languages. */
static query_options options_for(const search_index *ix, const search_args *args)
{
	query_options o = args->qopts;
	o.langs = (const char *const *)ix->langs;
	o.lang_passages = ix->lang_passages;
	o.n_langs = ix->n_langs;
	o.only_lang = args->only_lang;
	o.source = ix->source;
	return o;
}

/* 0, or 2 with *err set; *bad says the query itself is malformed. */
static int run_query(search_index *ix, search_run *s, const search_args *args,
		     int mode, const char *text, int *retry, int *bad, char **err)
{
	query_options qo = options_for(ix, args);
	rb_status st = query_parse(ix->a, ix->db, text, &qo, &s->q, err);
	*bad = st == RB_ERR_INVALID;
	*retry = !*bad;
	if (st)
		return 2;
	result_options ro = {
		.limit = (uint32_t)args->limit,
		.want_count = mode == OUT_COUNT || args->stats,
		.paths_only = mode == OUT_FILES,
		/* -c and -l count and list what holds the whole query only;
		 * a TREC run has no room to mark a partial hit. */
		.relax = !args->strict && mode != OUT_COUNT && mode != OUT_FILES &&
			 mode != OUT_TREC,
		.scatter_weight = RESULTS_SCATTER_WEIGHT,
		.order = args->order,
	};
	if (args->limit < 0)
		ro.limit = mode == OUT_FILES ? 0 : DEFAULT_LIMIT;
	if (mode == OUT_COUNT)
		ro.limit = 1;  /* the count is what is wanted */
	return results_gather(ix->db, &s->q, &args->sopts, &ro, &s->r, err) ? 2 : 0;
}

/* Runs one query, reopening the index (a rebuild may swap it under a
 * search) up to three times. */
static int answer(search_index *ix, search_run *s, const search_args *args,
		  int mode, const char *text, int *bad, char **err)
{
	int retry = 0, st = 2;
	*bad = 0;
	for (int again = 0; again < 4; again++) {
		if (again) {
			free(*err);
			*err = NULL;
			run_free(s);
			index_close(ix);
		}
		st = ix->db ? 0 : index_open(ix, args, &retry, err);
		if (!st)
			st = run_query(ix, s, args, mode, text, &retry, bad, err);
		if (!st || !retry)
			break;
	}
	return st;
}

/* Nothing matched: offer the query with misspelt words corrected, when
 * that query would find something. */
static void suggest(search_index *ix, const search_args *args, const char *text, int mode)
{
	query_options qo = options_for(ix, args);
	char *better = query_suggest(ix->db, ix->a, &qo, text);
	if (!better)
		return;
	search_run again = { 0 };
	char *err = NULL;
	int retry, bad;
	if (run_query(ix, &again, args, OUT_COUNT, better, &retry, &bad, &err) == 0 &&
	    again.r.count > 0) {
		fprintf(stderr, "did you mean: %s\n", better);
		if (mode == OUT_JSON) {
			json_t *o = json_pack("{s:s,s:s,s:I}", "type", "suggestion", "query",
					      better, "count", (json_int_t)again.r.count);
			if (o && json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0)
				putchar('\n');
			json_decref(o);
		}
	}
	free(err);
	run_free(&again);
	free(better);
}

/* -------------------------------------------------------- --queries-from */

typedef struct {
	char *qid;
	char *text;
} query_line;

static void free_queries(query_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].qid);
		free(v[i].text);
	}
	free(v);
}

/* One query a line, "QID<TAB>QUERY" or "QUERY" (its line number is its
 * id); blank lines are skipped.  0, or 2 with *err set. */
static int read_queries(const char *file, query_line **out, size_t *n_out, char **err)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (!f) {
		if (asprintf(err, "%s: %s", file, strerror(errno)) < 0)
			*err = NULL;
		return 2;
	}
	query_line *v = NULL;
	size_t n = 0, cap = 0, lineno = 0;
	char *line = NULL;
	size_t line_cap = 0;
	ssize_t len;
	int rc = 0;
	errno = 0;
	while (!rc && (len = getline(&line, &line_cap, f)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (strspn(line, " \t") == (size_t)len)
			continue;
		if (n == cap) {
			query_line *nv = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof *nv);
			if (!nv) {
				rc = 2;
				break;
			}
			v = nv;
		}
		char *tab = strchr(line, '\t');
		query_line q = { NULL, NULL };
		if (tab && tab > line) {
			q.qid = strndup(line, (size_t)(tab - line));
			q.text = strdup(tab + 1);
		} else {
			if (asprintf(&q.qid, "%zu", lineno) < 0)
				q.qid = NULL;
			q.text = strdup(tab ? tab + 1 : line);
		}
		v[n++] = q;
		if (!q.qid || !q.text)
			rc = 2;
	}
	if (!rc && ferror(f)) {
		if (asprintf(err, "%s: %s", file, strerror(errno)) < 0)
			*err = NULL;
		rc = 2;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	if (rc) {
		free_queries(v, n);
		return 2;
	}
	*out = v;
	*n_out = n;
	return 0;
}

/* ------------------------------------------------------------- the run */

/* A run's queries and what they share. */
typedef struct {
	search_index *ix;
	const search_args *args;
	render_opts *ro;
	printer *pr;
	const query_line *queries;
	bool from_file;      /* --queries-from */
	double t0;           /* the run's start: the first query's elapsed */
} query_run;

/* Answers query i and prints it, as every format and mode does. */
static batch_outcome answer_line(size_t i, void *ctx, char **err)
{
	query_run *r = ctx;
	const search_args *args = r->args;
	int mode = args->mode;
	batch_outcome o = { 0 };
	search_run sr = { 0 };
	int bad = 0;
	double t1 = i ? now() : r->t0;
	r->ro->qid = r->from_file ? r->queries[i].qid : NULL;
	int st = answer(r->ix, &sr, args, mode, r->queries[i].text, &bad, err);
	if (st && bad && r->from_file) {
		/* A malformed query: say which, answer the others. */
		const char *why = *err ? *err : "bad query";
		if (strncmp(why, "query: ", 7) == 0)
			why += 7;
		fprintf(stderr, PROG ": query %s: %s\n", r->queries[i].qid, why);
		free(*err);
		*err = NULL;
		o.malformed = true;
		run_free(&sr);
		return o;
	}
	if (st) {
		o.stop = true;
		run_free(&sr);
		return o;
	}
	render_stats rs = { .query = r->queries[i].text, .matches = sr.r.count };
	/* Partial hits are shown, but they are not a match. */
	o.matched = mode == OUT_COUNT ? sr.r.count > 0 : sr.r.n_full > 0;
	if (mode == OUT_COUNT) {
		if (r->ro->qid)
			printf("%s:", r->ro->qid);
		printf("%u\n", sr.r.count);
	} else if (print_hits(r->pr, &sr, &rs, err)) {
		o.stop = true;
	}
	if (!o.stop && !o.matched && !r->from_file)
		suggest(r->ix, args, r->queries[i].text, mode);
	rb_source_report(r->ix->source, warn_unreadable, r->ro);
	rs.elapsed = now() - t1;
	if (!o.stop && args->stats)
		print_stats(r->pr, &rs);
	run_free(&sr);
	return o;
}

int main(int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_COLOR, OPT_ANY, OPT_BM25, OPT_FORMAT, OPT_MAX_CHARS,
	       OPT_STATS, OPT_QUERIES_FROM, OPT_ALLOW_MISSING, OPT_LANG, OPT_EXPLAIN,
	       OPT_NO_PARTIAL, OPT_VERSION, OPT_SORT };
	static const struct option longopts[] = {
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
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbs[64];
	size_t n_dbs = 0;
	long limit = -1, context = 0, max_chars = 0, jobs = 0;
	int mode = OUT_TEXT, c, null_path = 0, stats = 0;
	const char *color = "auto", *queries_from = NULL;
	char *end;
	query_options qopts = { 0 };
	int allow_missing = 0, explain = 0, strict = 0;
	results_order order = RESULTS_BY_SCORE;
	const char *only_lang = NULL;
	xc_search_options sopts;
	xc_search_options_init(&sopts);
	/* Chosen by make eval-bm25 (held-out known-item MRR), as FTS5's. */
	sopts.bm25_k1 = 1.2;
	sopts.bm25_b = 0.75;

	signal(SIGPIPE, SIG_IGN);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:n:lc0C:j:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (n_dbs == sizeof dbs / sizeof *dbs)
				return fail("too many -d options");
			dbs[n_dbs++] = optarg;
			break;
		case 'n':
			errno = 0;
			limit = strtol(optarg, &end, 10);
			if (errno || *end || limit < 0 || limit > 1000000000)
				return fail("-n wants a number of hits, 0 or more");
			break;
		case 'j':
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno || *end || !*optarg || jobs < 1 || jobs > 64)
				return fail("-j wants a number of processes, 1 to 64");
			break;
		case 'C':
			errno = 0;
			context = strtol(optarg, &end, 10);
			if (errno || *end || !*optarg || context < 0 || context > MAX_CONTEXT)
				return fail("-C wants a number of passages, 0 to 1000");
			break;
		case OPT_MAX_CHARS:
			errno = 0;
			max_chars = strtol(optarg, &end, 10);
			if (errno || *end || !*optarg || max_chars < 1 || max_chars > 1000000000)
				return fail("--max-chars wants a number of characters, 1 or more");
			break;
		case OPT_JSON: mode = OUT_JSON; break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0) mode = OUT_TEXT;
			else if (strcmp(optarg, "json") == 0) mode = OUT_JSON;
			else if (strcmp(optarg, "tsv") == 0) mode = OUT_TSV;
			else if (strcmp(optarg, "trec") == 0) mode = OUT_TREC;
			else return fail("--format wants text, json, tsv or trec");
			break;
		case OPT_ANY: qopts.any = true; break;
		case OPT_ALLOW_MISSING: allow_missing = 1; break;
		case OPT_EXPLAIN: explain = 1; break;
		case OPT_NO_PARTIAL: strict = 1; break;
		case OPT_SORT:
			if (strcmp(optarg, "score") == 0) order = RESULTS_BY_SCORE;
			else if (strcmp(optarg, "newest") == 0) order = RESULTS_NEWEST;
			else if (strcmp(optarg, "oldest") == 0) order = RESULTS_OLDEST;
			else return fail("--sort wants score, newest or oldest");
			break;
		case OPT_LANG: {
			/* "es", "SPA" and "Spanish" are one language. */
			static const char *const words[] = { "none", NULL };
			char *e = NULL;
			if (rb_lang_resolve(optarg, words, &only_lang, &e)) {
				fprintf(stderr, PROG ": --lang: %s\n", e ? e : "out of memory");
				free(e);
				return 2;
			}
			break;
		}
		case OPT_BM25: {
			double k1, b;
			char extra;
			if (sscanf(optarg, "%lf,%lf%c", &k1, &b, &extra) != 2 || !isfinite(k1) ||
			    !isfinite(b) || k1 < 0 || b < 0 || b > 1)
				return fail("--bm25 wants K1,B (K1 >= 0, 0 <= B <= 1), e.g. 1.2,0.75");
			sopts.bm25_k1 = k1;
			sopts.bm25_b = b;
			break;
		}
		case 'l': mode = OUT_FILES; break;
		case 'c': mode = OUT_COUNT; break;
		case '0': null_path = 1; break;
		case OPT_STATS: stats = 1; break;
		case OPT_QUERIES_FROM: queries_from = optarg; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
				return fail("--color wants auto, always or never");
			color = optarg;
			break;
		case 'h': usage(stdout); return 0;
		case OPT_VERSION: {
			char *v = rb_version_text(PROG);
			int bad = !v || fputs(v, stdout) == EOF || fflush(stdout);
			free(v);
			return bad ? 2 : 0;
		}
		default: return bad_option(argv[optind - 1], c);
		}
	}
	if (queries_from && optind < argc)
		return fail("--queries-from and a query on the command line: give one");
	if (!queries_from && optind >= argc)
		return fail("no query given (try --help)");

	render_opts ro = { 0 };
	const char *no_color = getenv("NO_COLOR");
	ro.color = strcmp(color, "always") == 0 ||
		   (strcmp(color, "auto") == 0 && isatty(STDOUT_FILENO) &&
		    !(no_color && *no_color));
	ro.null_path = null_path;

	double t0 = now();
	char *err = NULL, *default_db = NULL;
	query_line *queries = NULL;
	size_t n_queries = 0;
	search_index ix = { 0 };
	int status = 2, malformed = 0;

	if (n_dbs == 0) {
		if (rb_store_default_path(&default_db, &err))
			return fail_free(err);
		dbs[n_dbs++] = default_db;
	}
	if (queries_from) {
		if (read_queries(queries_from, &queries, &n_queries, &err))
			goto out;
	} else {
		queries = calloc(1, sizeof *queries);
		if (!queries || !(queries[0].text = join_args(argc - optind, argv + optind)))
			goto out;
		n_queries = 1;
	}
	search_args args = { dbs, n_dbs, mode, limit, context, (size_t)max_chars, stats,
			     qopts, sopts, allow_missing, only_lang, explain, strict, order };
	ro.cwd = getcwd(NULL, 0);
	printer pr = { &ix, &args, mode, &ro, 0 };
	query_run run = { &ix, &args, &ro, &pr, queries, queries_from != NULL, t0 };
	unsigned workers = queries_from ? batch_workers(jobs, n_queries) : 1;
	batch_outcome all = { 0 };
	if (workers > 1) {
		all = batch_answer(n_queries, workers, answer_line, &run, &err);
	} else {
		for (size_t i = 0; i < n_queries && !all.stop && !ferror(stdout); i++) {
			batch_outcome o = answer_line(i, &run, &err);
			all.matched |= o.matched;
			all.malformed |= o.malformed;
			all.stop = o.stop;
		}
	}
	malformed = all.malformed;
	status = all.stop || malformed ? 2 : all.matched ? 0 : 1;
	free((char *)ro.cwd);
out:
	/* A reader that went away (head, a closed pager) is not an error. */
	if (fflush(stdout) && errno != EPIPE && status != 2) {
		status = 2;
		err = strdup(strerror(errno));
	}
	if (status == 2 && (err || !malformed))
		fail(err ? err : "out of memory");
	free(err);
	index_close(&ix);
	free_queries(queries, n_queries);
	free(default_db);
	return status;
}
