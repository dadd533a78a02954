/* rubric-search: ranked, highlighted passages from a rubric index. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "highlight.h"
#include "query.h"
#include "record.h"
#include "render.h"
#include "store.h"

#include <jansson.h>

#define PROG "rubric-search"
#define DEFAULT_LIMIT 20

enum { OUT_TEXT, OUT_JSON, OUT_FILES, OUT_COUNT };

static void usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [-d DB] [-n N] [--json | -l | -c] [--color=WHEN] QUERY...\n"
"Search a rubric index; print the best passages first, one per line, as\n"
"PATH:LINE: TEXT.  All words must match (by stem); \"quoted words\" must\n"
"appear together as a phrase.\n"
"\n"
"  -d, --db DB               the index (default: $RUBRIC_DB, else\n"
"                            $XDG_DATA_HOME/rubric/index); repeat to search\n"
"                            several together\n"
"  -n, --limit N             at most N hits (default %d)\n"
"      --json                JSON Lines, one {\"type\":\"hit\",...} per hit\n"
"      --any                 plain words OR-ed, best matching most first\n"
"      --bm25 K1,B           BM25 parameters (default 1,0.5)\n"
"  -l, --files-with-matches  matching files, once each, best first\n"
"  -c, --count               the exact number of matching passages\n"
"      --color=WHEN          auto (default: on a terminal), always, never\n"
"  -h, --help                this help\n"
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

/* Each path once, in the order of its best passage. */
static int seen_before(char ***seen, size_t *n, const char *path, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if (strlen((*seen)[i]) == len && memcmp((*seen)[i], path, len) == 0)
			return 1;
	char **p = realloc(*seen, (*n + 1) * sizeof *p);
	if (!p)
		return 1;
	*seen = p;
	p[*n] = strndup(path, len);
	if (p[*n])
		(*n)++;
	return 0;
}

/* What one search found, fetched whole before anything is printed: a
 * search that loses its database mid-way (a rebuild swapped it) is run
 * again from the start, and the output never shows a mix. */
typedef struct {
	xc_db *db;
	rb_analyzer *a;
	query q;
	char *lang;
	char **data;         /* the hits' records */
	size_t *data_len;
	double *weight;
	size_t n_hits;
	uint32_t count;
} search_run;

typedef struct {
	const char **dbs;
	size_t n_dbs;
	const char *text;
	int mode;
	long limit;
	query_options qopts;
	xc_search_options sopts;
} search_args;

static void run_free(search_run *s)
{
	for (size_t i = 0; i < s->n_hits; i++)
		free(s->data[i]);
	free(s->data);
	free(s->data_len);
	free(s->weight);
	query_free(&s->q);
	rb_analyzer_free(s->a);
	free(s->lang);
	xc_db_close(s->db);
	memset(s, 0, sizeof *s);
}

/* 0, or 2 with *err set; *retry says whether the index itself failed. */
static int run_search(search_run *s, const search_args *args, int *retry, char **err)
{
	size_t lang_len = 0;
	xc_mset *m = NULL;
	char stub[4096];
	snprintf(stub, sizeof stub, "%s/XAPIANDB", args->dbs[0]);
	/* An index that exists but fails to open may be mid-swap. */
	*retry = access(stub, F_OK) == 0;
	if (rb_store_open_reader(args->dbs[0], &s->db, err))
		return 2;
	for (size_t i = 1; i < args->n_dbs; i++)
		if (xc_db_add(s->db, args->dbs[i], err))
			return 2;
	*retry = 1;
	if (xc_db_get_metadata(s->db, RB_META_LANG, &s->lang, &lang_len, err))
		return 2;
	*retry = 0;
	if (rb_analyzer_new(lang_len ? s->lang : NULL, &s->a, err))
		return 2;
	*retry = 1;
	if (query_parse(s->a, s->db, args->text, &args->qopts, &s->q, err))
		return 2;
	*retry = 1;
	xc_search_options so = args->sopts;
	if (s->q.needs_check) {
		so.accept = query_accept;
		so.accept_ctx = &s->q;
	}
	if (args->mode == OUT_COUNT)
		return xc_db_count(s->db, s->q.xq, &so, &s->count, err) ? 2 : 0;
	uint32_t want = (uint32_t)args->limit;
	if (args->limit < 0 && args->mode == OUT_FILES && xc_db_doccount(s->db, &want, err))
		return 2;
	if (args->limit < 0 && args->mode != OUT_FILES)
		want = DEFAULT_LIMIT;
	if (xc_db_search(s->db, s->q.xq, 0, want, &so, &m, err))
		return 2;
	size_t n = xc_mset_size(m);
	s->data = calloc(n + 1, sizeof *s->data);
	s->data_len = calloc(n + 1, sizeof *s->data_len);
	s->weight = calloc(n + 1, sizeof *s->weight);
	int rc = s->data && s->data_len && s->weight ? 0 : 2;
	for (size_t i = 0; i < n && !rc; i++, s->n_hits++) {
		if (xc_mset_data(m, i, &s->data[i], &s->data_len[i], err))
			rc = 2;
		s->weight[i] = xc_mset_weight(m, i);
	}
	xc_mset_free(m);
	return rc;
}

/* Nothing matched: offer the query with misspelt words corrected, when
 * that query would find something. */
static void suggest(search_run *s, const search_args *args, int mode)
{
	char *better = query_suggest(s->db, s->a, args->text);
	if (!better)
		return;
	search_run again = { 0 };
	search_args a2 = *args;
	char *err = NULL;
	int retry;
	a2.text = better;
	a2.mode = OUT_COUNT;
	if (run_search(&again, &a2, &retry, &err) == 0 && again.count > 0) {
		fprintf(stderr, "did you mean: %s\n", better);
		if (mode == OUT_JSON) {
			json_t *o = json_pack("{s:s,s:s,s:I}", "type", "suggestion", "query",
					      better, "count", (json_int_t)again.count);
			if (o && json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0)
				putchar('\n');
			json_decref(o);
		}
	}
	free(err);
	run_free(&again);
	free(better);
}

static int print_hits(search_run *s, int mode, const render_opts *ro, char **err)
{
	char **seen = NULL;
	size_t n_seen = 0;
	int rc = 0;
	for (size_t i = 0; i < s->n_hits && !rc && !ferror(stdout); i++) {
		rb_record r;
		rb_span *hl = NULL;
		size_t n_hl = 0;
		if (rb_record_decode(s->data[i], s->data_len[i], &r, err)) {
			rc = 2;
		} else if (mode == OUT_FILES) {
			size_t plen;
			const char *path = render_path(ro, &r, &plen);
			if (!seen_before(&seen, &n_seen, path, plen))
				printf("%.*s\n", (int)plen, path);
		} else if (rb_highlight(s->a, &s->q.hl, r.text, r.text_len, &hl, &n_hl, err)) {
			rc = 2;
		} else if (mode == OUT_JSON) {
			/* A failed write shows in ferror(stdout). */
			if (render_json(stdout, ro, &r, (unsigned)i + 1, s->weight[i], hl, n_hl) &&
			    !ferror(stdout))
				rc = 2, *err = strdup("cannot encode a hit as JSON");
		} else {
			render_text(stdout, ro, &r, hl, n_hl);
		}
		free(hl);
	}
	for (size_t i = 0; i < n_seen; i++)
		free(seen[i]);
	free(seen);
	return rc;
}

int main(int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_COLOR, OPT_ANY, OPT_BM25 };
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "any", no_argument, NULL, OPT_ANY },
		{ "bm25", required_argument, NULL, OPT_BM25 },
		{ "files-with-matches", no_argument, NULL, 'l' },
		{ "count", no_argument, NULL, 'c' },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbs[64];
	size_t n_dbs = 0;
	long limit = -1;
	int mode = OUT_TEXT, c;
	const char *color = "auto";
	char *end;
	query_options qopts = { 0 };
	xc_search_options sopts;
	xc_search_options_init(&sopts);

	signal(SIGPIPE, SIG_IGN);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:n:lch", longopts, NULL)) != -1) {
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
		case OPT_JSON: mode = OUT_JSON; break;
		case OPT_ANY: qopts.any = true; break;
		case OPT_BM25: {
			double k1, b;
			char extra;
			if (sscanf(optarg, "%lf,%lf%c", &k1, &b, &extra) != 2 || k1 < 0 ||
			    b < 0 || b > 1)
				return fail("--bm25 wants K1,B (K1 >= 0, 0 <= B <= 1), e.g. 1.2,0.75");
			sopts.bm25_k1 = k1;
			sopts.bm25_b = b;
			break;
		}
		case 'l': mode = OUT_FILES; break;
		case 'c': mode = OUT_COUNT; break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
				return fail("--color wants auto, always or never");
			color = optarg;
			break;
		case 'h': usage(stdout); return 0;
		default: return bad_option(argv[optind - 1], c);
		}
	}
	if (optind >= argc)
		return fail("no query given (try --help)");

	render_opts ro = { 0 };
	const char *no_color = getenv("NO_COLOR");
	ro.color = strcmp(color, "always") == 0 ||
		   (strcmp(color, "auto") == 0 && isatty(STDOUT_FILENO) &&
		    !(no_color && *no_color));

	char *err = NULL, *default_db = NULL, *text = NULL;
	search_run sr = { 0 };
	int status = 2, retry = 0;

	if (n_dbs == 0) {
		if (rb_store_default_path(&default_db, &err))
			return fail_free(err);
		dbs[n_dbs++] = default_db;
	}
	if (!(text = join_args(argc - optind, argv + optind)))
		goto out;
	search_args args = { dbs, n_dbs, text, mode, limit, qopts, sopts };
	/* A rebuild may swap the index under a search: start again. */
	status = run_search(&sr, &args, &retry, &err);
	for (int again = 0; status && retry && again < 3; again++) {
		free(err);
		err = NULL;
		run_free(&sr);
		status = run_search(&sr, &args, &retry, &err);
	}
	if (status)
		goto out;
	if (mode == OUT_COUNT) {
		printf("%u\n", sr.count);
		status = sr.count ? 0 : 1;
		if (status == 1)
			suggest(&sr, &args, mode);
		goto out;
	}
	ro.cwd = getcwd(NULL, 0);
	status = print_hits(&sr, mode, &ro, &err);
	if (status == 0)
		status = sr.n_hits ? 0 : 1;
	free((char *)ro.cwd);
	if (status == 1)
		suggest(&sr, &args, mode);
out:
	/* A reader that went away (head, a closed pager) is not an error. */
	if (fflush(stdout) && errno != EPIPE && status != 2) {
		status = 2;
		err = strdup(strerror(errno));
	}
	if (status == 2)
		fail(err ? err : "out of memory");
	free(err);
	run_free(&sr);
	free(text);
	free(default_db);
	return status;
}
