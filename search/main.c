/* rubric-search: ranked, highlighted passages from a rubric index. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "batch.h"
#include "cmdline.h"
#include "langname.h"
#include "printer.h"
#include "schema.h"
#include "query.h"
#include "record.h"
#include "render.h"
#include "results.h"
#include "search.h"
#include "source.h"
#include "store.h"
#include "stubfile.h"
#include "version.h"

#define DEFAULT_LIMIT 20

static void usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [-d DB]... [-n N] [--format FMT | --json | -l | -c] [OPTION]... QUERY...\n"
"       " PROG " [OPTION]... --queries-from FILE\n"
"Search a rubric index; print the best passages first, one per line, as\n"
"PATH:LINE: TEXT (PATH:PAGE:LINE: in a PDF; a chapter, slide or sheet\n"
"likewise).  Every word must match (by stem), in one passage or\n"
"spread over a file's passages (then PATH+LINE+ lines show the passages\n"
"holding the rest); \"quoted words\" must appear together as a phrase.\n"
"Passages holding some of the words join the list, ranked with their\n"
"files' evidence and marked [missing: WORD...]; the exit status is 1 when\n"
"nothing holds every word.  After the query's first word, only an option's\n"
"exact name (-n, --json) is an option; any other -word is part of the\n"
"query (gasket -galway: a NOT).  -- ends the options.\n"
"\n"
"  -d, --db DB               the index, or a Xapian stub file (default:\n"
"                            $RUBRIC_DB, else $XDG_DATA_HOME/rubric/index);\n"
"                            repeat to search several together\n"
"  -n, --limit N             at most N hits, 1 or more (default %d); with -l,\n"
"                            N files (default: every file)\n"
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
"      --config FILE         the configuration file (default:\n"
"                            $XDG_CONFIG_HOME/rubric/config; /dev/null: none)\n"
"  -h, --help                this help\n"
"      --version             rubric's version and its libraries'\n"
"\n"
"Exit status: 0 when something matched, 1 when nothing did, 2 on error.\n",
		DEFAULT_LIMIT);
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
	rb_file_records_free(ix->files);
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
	if (rb_source_new(&ix->source, err) || rb_file_records_new(ix->db, &ix->files, err))
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
	o.files = ix->files;
	return o;
}

/* What a query's results must hold for the format f. */
static result_options results_for(const search_args *args, const printer_format *f)
{
	result_options ro = {
		.limit = (uint32_t)args->limit,
		.want_count = f->count_only || args->stats,
		.paths_only = f->paths_only,
		/* -c and -l count and list what holds the whole query only;
		 * a TREC run has no room to mark a partial hit. */
		.relax = !args->strict && f->partials,
		.scatter_weight = RESULTS_SCATTER_WEIGHT,
		.order = args->order,
	};
	if (args->limit < 0)
		ro.limit = f->paths_only ? 0 : DEFAULT_LIMIT;
	if (f->count_only)
		ro.limit = 1;  /* the count is what is wanted */
	return ro;
}

/* 0, or 2 with *err set; *bad says the query itself is malformed. */
static int run_query(search_index *ix, search_run *s, const search_args *args,
		     const result_options *ro, const char *text, int *retry, int *bad,
		     char **err)
{
	query_options qo = options_for(ix, args);
	/* A search may reopen the database on a newer revision. */
	rb_file_records_clear(ix->files);
	rb_status st = query_parse(ix->a, ix->db, text, &qo, &s->q, err);
	*bad = st == RB_ERR_INVALID;
	*retry = !*bad;
	if (st)
		return 2;
	int rc = results_gather(ix->db, &s->q, &args->sopts, ro, &s->r, err) ? 2 : 0;
	query_patterns_progress_end(&s->q);
	return rc;
}

/* Runs one query, reopening the index (a rebuild may swap it under a
 * search) up to three times. */
static int answer(search_index *ix, search_run *s, const search_args *args,
		  const result_options *ro, const char *text, int *bad, char **err)
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
			st = run_query(ix, s, args, ro, text, &retry, bad, err);
		if (!st || !retry)
			break;
	}
	return st;
}

/* Nothing matched: offer the query with misspelt words corrected, when
 * that query would find something. */
static void suggest(const printer *pr, const char *text)
{
	search_index *ix = pr->ix;
	const search_args *args = pr->args;
	query_options qo = options_for(ix, args);
	char *better = query_suggest(ix->db, ix->a, &qo, text);
	if (!better)
		return;
	search_run again = { 0 };
	char *err = NULL;
	int retry, bad;
	/* Only its count, as -c's. */
	result_options count = { .limit = 1, .want_count = true,
				 .scatter_weight = RESULTS_SCATTER_WEIGHT, .order = args->order };
	if (run_query(ix, &again, args, &count, better, &retry, &bad, &err) == 0 &&
	    again.r.count > 0) {
		fprintf(stderr, "did you mean: %s\n", better);
		if (pr->format->suggestion)
			pr->format->suggestion(pr, better, again.r.count);
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
	const printer_format *f = args->format;
	result_options ro = results_for(args, f);
	batch_outcome o = { 0 };
	search_run sr = { 0 };
	int bad = 0;
	double t1 = i ? now() : r->t0;
	r->ro->qid = r->from_file ? r->queries[i].qid : NULL;
	int st = answer(r->ix, &sr, args, &ro, r->queries[i].text, &bad, err);
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
	o.matched = f->count_only ? sr.r.count > 0 : sr.r.n_full > 0;
	if (print_hits(r->pr, &sr, &rs, err))
		o.stop = true;
	if (!o.stop && !o.matched && !r->from_file)
		suggest(r->pr, r->queries[i].text);
	rb_source_report(r->ix->source, warn_unreadable, r->ro);
	query_patterns_report(&sr.q, stderr);
	rs.elapsed = now() - t1;
	if (!o.stop && args->stats)
		f->stats(r->pr, &rs);
	run_free(&sr);
	return o;
}

/* Each -d naming a file must be a stub: a text file read as one would
 * have its lines reported as missing shards. */
static int check_db_paths(const search_args *args, char **err)
{
	for (size_t i = 0; i < args->n_dbs; i++)
		if (rb_stub_check(args->dbs[i], err))
			return 2;
	return 0;
}

/* Colour, -0 and the folder paths are shown relative to. */
static render_opts render_options(const cmdline *cl)
{
	render_opts ro = { 0 };
	const char *no_color = getenv("NO_COLOR");
	ro.color = strcmp(cl->color, "always") == 0 ||
		   (strcmp(cl->color, "auto") == 0 && isatty(STDOUT_FILENO) &&
		    !(no_color && *no_color));
	ro.null_path = cl->null_path;
	ro.cwd = getcwd(NULL, 0);
	return ro;
}

/* The run's queries: --queries-from's, or the command line's words as
 * one.  0, or 2 (*err set, or NULL when out of memory). */
static int run_queries(const cmdline *cl, query_line **queries, size_t *n, char **err)
{
	if (cl->queries_from)
		return read_queries(cl->queries_from, queries, n, err);
	*queries = calloc(1, sizeof **queries);
	if (!*queries || !((*queries)[0].text = join_args((int)cl->n_words, cl->words)))
		return 2;
	*n = 1;
	return 0;
}

/* Answers every query of the run, in worker processes when there are
 * several and -j allows. */
static batch_outcome answer_all(query_run *run, size_t n, long jobs, char **err)
{
	unsigned workers = run->from_file ? batch_workers(jobs, n) : 1;
	if (workers > 1)
		return batch_answer(n, workers, answer_line, run, err);
	batch_outcome all = { 0 };
	for (size_t i = 0; i < n && !all.stop && !ferror(stdout); i++) {
		batch_outcome o = answer_line(i, run, err);
		all.matched |= o.matched;
		all.malformed |= o.malformed;
		all.stop = o.stop;
	}
	return all;
}

/* Runs the queries of the command line: the exit status. */
static int run(cmdline *cl)
{
	double t0 = now();
	char *err = NULL, *default_db = NULL;
	query_line *queries = NULL;
	size_t n_queries = 0;
	search_index ix = { 0 };
	search_args *args = &cl->args;
	render_opts ro = render_options(cl);
	batch_outcome all = { .stop = true };

	if (args->n_dbs == 0 && !rb_store_default_path(&default_db, &err))
		cl->dbs[args->n_dbs++] = default_db;
	if (args->n_dbs && !check_db_paths(args, &err) &&
	    !run_queries(cl, &queries, &n_queries, &err)) {
		printer pr = { &ix, args, args->format, &ro, 0 };
		query_run qr = { &ix, args, &ro, &pr, queries, cl->queries_from != NULL, t0 };
		all = answer_all(&qr, n_queries, cl->jobs, &err);
	}
	int status = all.stop || all.malformed ? 2 : all.matched ? 0 : 1;
	/* A reader that went away (head, a closed pager) is not an error. */
	if (fflush(stdout) && errno != EPIPE && status != 2) {
		status = 2;
		err = strdup(strerror(errno));
	}
	/* A malformed query of a batch was said where it was met. */
	if (status == 2 && (err || !all.malformed))
		fail(err ? err : "out of memory");
	free(err);
	free((char *)ro.cwd);
	index_close(&ix);
	free_queries(queries, n_queries);
	free(default_db);
	return status;
}

static int print_version(void)
{
	char *v = rb_version_text(PROG);
	int bad = !v || fputs(v, stdout) == EOF || fflush(stdout);
	free(v);
	return bad ? 2 : 0;
}

int main(int argc, char **argv)
{
	cmdline cl;
	char *err = NULL;
	signal(SIGPIPE, SIG_IGN);
	int rc = cmdline_read(argc, argv, &cl, &err);
	if (!rc && cl.action == CMDLINE_HELP)
		usage(stdout);
	else if (!rc && cl.action == CMDLINE_VERSION)
		rc = print_version();
	else if (!rc)
		rc = run(&cl);
	else
		fail_free(err);
	cmdline_free(&cl);
	return rc;
}
