/* cmdline.c: rubric-index's options, one table row each, read into an
 * index_cmdline; getopt's tables and --help are made from the rows
 * (cmdline.h). */
#include "cmdline.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "indexer.h"
#include "langname.h"

enum { OPT_LANG = 256, OPT_LANG_FOR, OPT_FORMAT, OPT_REBUILD, OPT_FORGET, OPT_COMPACT,
       OPT_STORE_TEXT, OPT_FILES_FROM, OPT_EXCLUDE, OPT_SHARDS, OPT_WAIT, OPT_WATCH, OPT_SHARED,
       OPT_PRIVATE, OPT_STATUS, OPT_JSON, OPT_VERSION };
enum { OPT_NO_IGNORE = 512, OPT_CONFIG, OPT_FILTER };

typedef struct {
	const char *name;   /* --name */
	int key;            /* its short letter, or an OPT_ value when it has none */
	const char *arg;    /* its value's name in --help; NULL: it takes none */
	const char *help;   /* a line a '\n'; NULL: made (--format's list) */
} option_row;

/* In --help's order. */
static const option_row OPTIONS[] = {
	{ "db", 'd', "DB", "the index (default: $RUBRIC_DB, else\n"
			   "$XDG_DATA_HOME/rubric/index)" },
	{ "lang", OPT_LANG, "LANG",
	  "stemming language: auto (default: detected for each\n"
	  "document; too short or unclear: its folder's,\n"
	  "else english), a name or code from '--lang list'\n"
	  "(spanish, es, spa), or none" },
	{ "format", OPT_FORMAT, "TYPE", NULL },
	{ "rebuild", OPT_REBUILD, NULL, "build a new index beside the old one and swap it in\n"
					"(without PATH: the paths the index holds)" },
	{ "forget", OPT_FORGET, "PATH", "leave out PATH, a root the index holds, and remove\n"
					"its files (with --rebuild: rebuild without it)" },
	{ "compact", OPT_COMPACT, NULL, "rewrite the index compactly and swap it in: what\n"
					"updates freed, removed files' text included, is gone" },
	{ "files-from", OPT_FILES_FROM, "F",
	  "also index the paths listed in F ('-': stdin), one a\n"
	  "line, or NUL-separated with -0" },
	{ "null", '0', NULL, "--files-from is NUL-separated (find -print0)" },
	{ "exclude", OPT_EXCLUDE, "GLOB", "skip files and folders matching GLOB (repeatable)" },
	{ "config", OPT_CONFIG, "FILE", "the configuration file (default:\n"
				       "$XDG_CONFIG_HOME/rubric/config; /dev/null: none)" },
	{ "no-ignore", OPT_NO_IGNORE, NULL, "index what .gitignore, .ignore and .rubricignore\n"
					    "files leave out (default: skipped)" },
	{ "store-text", OPT_STORE_TEXT, NULL,
	  "keep every passage's text in the index (default:\n"
	  "read back from the file where it holds the text\n"
	  "byte for byte); for an index searched where the\n"
	  "files are not, such as a remote shard" },
	{ "lang-for", OPT_LANG_FOR, "GLOB=LANG",
	  "with --lang auto, files matching GLOB (their\n"
	  "path's end, e.g. 'notas/*') that are too short or\n"
	  "unclear to detect are in LANG (repeatable)" },
	{ "filter", OPT_FILTER, "EXT=COMMAND",
	  "read files named *.EXT (any case) as the text\n"
	  "COMMAND prints, run by sh with the file on its\n"
	  "standard input (repeatable; 30 s and 64 MiB at\n"
	  "most; a failure skips the file)" },
	{ "jobs", 'j', "N", "writers for a full build (default: the cores)" },
	{ "shards", OPT_SHARDS, "N", "split the index into N databases, a file going to\n"
				     "shard hash(path) mod N (a new index, or --rebuild)" },
	{ "wait", OPT_WAIT, NULL, "wait for another rubric-index on the same index" },
	{ "watch", OPT_WATCH, NULL, "after the run, keep the index current as files change\n"
				    "under the PATHs (without PATH: the index's roots),\n"
				    "in the foreground until SIGTERM or Ctrl-C" },
	{ "shared", OPT_SHARED, NULL, "let group and others read the index, as the umask\n"
				      "allows (default: a new index is readable by its\n"
				      "owner only; an existing one keeps its modes)" },
	{ "private", OPT_PRIVATE, NULL, "make the index readable by its owner only\n"
					"(without PATH, --shared and --private only set modes)" },
	{ "status", OPT_STATUS, NULL, "describe the index (--json for JSON)" },
	{ "json", OPT_JSON, NULL, "with --status: the same as one JSON object" },
	{ "quiet", 'q', NULL, "no summary line" },
	{ "help", 'h', NULL, "this help" },
	{ "version", OPT_VERSION, NULL, "rubric's version and its libraries'" },
};
#define N_OPTIONS (sizeof OPTIONS / sizeof *OPTIONS)

/* --help's option column, and the widest --help line. */
#define HELP_COLUMN 23
#define HELP_WIDTH 76

/* The formats --format takes: "text, markdown, ... or ods". */
static const char *format_list(void)
{
	static char list[512];
	size_t len = 0;
	list[0] = '\0';
	for (int f = RB_FORMAT_AUTO + 1; f < RB_FORMAT_BINARY; f++) {
		const char *sep = f == RB_FORMAT_AUTO + 1   ? ""
				  : f + 1 < RB_FORMAT_BINARY ? ", "
							     : " or ";
		int n = snprintf(list + len, sizeof list - len, "%s%s", sep,
				 rb_format_name((rb_format)f));
		if (n > 0 && (size_t)n < sizeof list - len)
			len += (size_t)n;
	}
	return list;
}

/* text from column `col` on, its own line breaks kept, a line longer
 * than HELP_WIDTH broken between words; each next line at HELP_COLUMN. */
static void put_help(FILE *f, const char *text, int col)
{
	bool line_start = true;
	for (const char *s = text; *s;) {
		size_t word = strcspn(s, " \n");
		if (!line_start && col + 1 + (int)word > HELP_WIDTH) {
			fprintf(f, "\n%*s", HELP_COLUMN, "");
			col = HELP_COLUMN;
		} else if (!line_start) {
			col += fprintf(f, " ");
		}
		col += fprintf(f, "%.*s", (int)word, s);
		line_start = false;
		s += word;
		if (*s == '\n') {
			fprintf(f, "\n%*s", HELP_COLUMN, "");
			col = HELP_COLUMN;
			line_start = true;
		}
		s += *s != '\0';
	}
	fputc('\n', f);
}

/* "  -d, --db DB", or "      --lang LANG" for a long name alone, then
 * its help at HELP_COLUMN (two spaces further when the name is longer). */
static void put_option(FILE *f, const option_row *o)
{
	char name[64], help[640];
	const char *arg = o->arg ? o->arg : "";
	if (o->key < 256)
		snprintf(name, sizeof name, "  -%c, --%s%s%s", o->key, o->name, *arg ? " " : "", arg);
	else
		snprintf(name, sizeof name, "      --%s%s%s", o->name, *arg ? " " : "", arg);
	int col = fprintf(f, "%-*s  ", HELP_COLUMN - 2, name);
	if (!o->help)
		snprintf(help, sizeof help, "read every file as %s (default: detected from"
			 " content, then name)", format_list());
	put_help(f, o->help ? o->help : help, col);
}

void cmdline_usage(FILE *f)
{
	fputs("usage: " PROG " [options] PATH...\n"
	      "       " PROG " --status [--json] [-d DB]\n"
	      "       " PROG " --shared | --private [-d DB]\n"
	      "       " PROG " --compact [-d DB]\n"
	      "       " PROG " --watch [-d DB] [PATH...]\n"
	      "Index files and folders (recursively; '-' reads standard input) into a\n"
	      "rubric index, or bring it up to date: unchanged files are not read again,\n"
	      "changed ones are replaced, and files gone from under PATH are removed.\n"
	      "\n", f);
	for (size_t i = 0; i < N_OPTIONS; i++)
		put_option(f, &OPTIONS[i]);
	fputs("\n"
	      "Hidden files and folders, version-control folders, an index's own files and\n"
	      "what ignore files leave out (gitignore's patterns) are skipped; symbolic\n"
	      "links below a PATH are not followed.  Exit status: 0\n"
	      "when every file was indexed, skipped on purpose or deleted since the walk\n"
	      "(vanished), 2 on any error, 130 when interrupted.\n", f);
}

static int failed(char **err, const char *msg)
{
	*err = strdup(msg);
	return 2;
}

/* fmt's one %s is arg. */
static int failed_on(char **err, const char *fmt, const char *arg)
{
	if (asprintf(err, fmt, arg) < 0)
		*err = NULL;
	return 2;
}

static int add_to(char ***list, size_t *n, char *v, char **err)
{
	char **grown = realloc(*list, (*n + 1) * sizeof *grown);
	if (!grown) {
		*err = NULL;
		return 2;
	}
	*list = grown;
	grown[(*n)++] = v;
	return 0;
}

static int read_lang_for(index_cmdline *c, char *v, char **err)
{
	const char *eq = strrchr(v, '='), *lang;
	char *e = NULL;
	if (!eq || eq == v)
		return failed(err, "--lang-for wants GLOB=LANG, e.g. 'notas/*=es'");
	if (rb_lang_resolve(eq + 1, NULL, &lang, &e)) {
		int rc = e ? failed_on(err, "--lang-for: %s", e) : 2;
		free(e);
		return rc;
	}
	return add_to(&c->lang_for, &c->n_lang_for, v, err);
}

static int read_filter(index_cmdline *c, char *v, char **err)
{
	const char *eq = strchr(v, '=');
	if (!eq || eq == v || !eq[1] || memchr(v, '.', (size_t)(eq - v)) ||
	    memchr(v, '/', (size_t)(eq - v)))
		return failed(err, "--filter wants EXT=COMMAND, e.g. 'rtf=unrtf --text'");
	return add_to(&c->filters, &c->n_filters, v, err);
}

static int read_number(const char *v, long min, long max, long *out)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

static int read_share(index_cmdline *c, rb_share s, char **err)
{
	if (c->share && c->share != s)
		return failed(err, "--shared and --private: give one");
	c->share = s;
	return 0;
}

/* Option `key` with its value v (or NULL) into c: 0, or 2 with *err. */
static int apply_option(index_cmdline *c, int key, char *v, char **err)
{
	switch (key) {
	case 'd': c->db = v; return 0;
	case OPT_LANG: c->lang = v; return 0;
	case OPT_FORMAT: {
		int f = rb_format_from_name(v);
		if (f < 0 || f == RB_FORMAT_BINARY)
			return failed_on(err, "--format wants %s", format_list());
		c->format = (rb_format)f;
		return 0;
	}
	case OPT_REBUILD: c->rebuild = true; return 0;
	case OPT_COMPACT: c->compact = true; return 0;
	case OPT_STORE_TEXT: c->store_text = true; return 0;
	case OPT_FILES_FROM: c->files_from = v; return 0;
	case '0': c->nul = true; return 0;
	case OPT_EXCLUDE: return add_to(&c->excludes, &c->n_excludes, v, err);
	case OPT_NO_IGNORE: c->no_ignore = true; return 0;
	case OPT_CONFIG: c->config_path = v; return 0;
	case OPT_FORGET: return add_to(&c->forget, &c->n_forget, v, err);
	case OPT_LANG_FOR: return read_lang_for(c, v, err);
	case OPT_FILTER: return read_filter(c, v, err);
	case 'j':
		if (read_number(v, 1, 256, &c->jobs))
			return failed(err, "-j wants a number from 1 to 256");
		return 0;
	case OPT_SHARDS: {
		char *end;
		c->shards = (unsigned)strtoul(v, &end, 10);
		if (*end || c->shards < 1 || c->shards > 64)
			return failed(err, "--shards wants a number from 1 to 64");
		return 0;
	}
	case OPT_WAIT: c->wait = true; return 0;
	case OPT_WATCH: c->watch = true; return 0;
	case OPT_STATUS: c->status = true; return 0;
	case OPT_JSON: c->json = true; return 0;
	case 'q': c->quiet = true; return 0;
	case OPT_SHARED: return read_share(c, RB_SHARE_SHARED, err);
	case OPT_PRIVATE: return read_share(c, RB_SHARE_PRIVATE, err);
	case 'h': c->action = CMDLINE_HELP; return 0;
	case OPT_VERSION: c->action = CMDLINE_VERSION; return 0;
	default:   /* a row of OPTIONS without its case here */
		return failed(err, "an option of the table is not read (indexer/cmdline.c)");
	}
}

/* getopt's tables from the rows: ':' first, so that a missing value is
 * told apart from an unknown option. */
static void getopt_tables(struct option *longopts, char *shortopts)
{
	size_t k = 0;
	shortopts[k++] = ':';
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const option_row *o = &OPTIONS[i];
		longopts[i] = (struct option){ o->name, o->arg ? required_argument : no_argument,
					       NULL, o->key };
		if (o->key < 256) {
			shortopts[k++] = (char)o->key;
			if (o->arg)
				shortopts[k++] = ':';
		}
	}
	longopts[N_OPTIONS] = (struct option){ 0 };
	shortopts[k] = '\0';
}

/* --lang: "list", or one language whatever its spelling ("es", "SPA" and
 * "Spanish" are one: its libstemmer name). */
static int read_lang(index_cmdline *c, char **err)
{
	static const char *const words[] = { "auto", "none", NULL };
	char *e = NULL;
	if (!c->lang)
		return 0;
	if (strcasecmp(c->lang, "list") == 0) {
		c->action = CMDLINE_LANGUAGES;
		return 0;
	}
	if (!rb_lang_resolve(c->lang, words, &c->lang, &e))
		return 0;
	int rc = e ? failed_on(err, "--lang: %s", e) : 2;
	free(e);
	return rc;
}

/* A string made from the config file, kept until cmdline_free. */
static int keep(index_cmdline *c, char *s, char **err)
{
	if (add_to(&c->owned, &c->n_owned, s, err)) {
		free(s);
		return 2;
	}
	return 0;
}

/* One entry of the config file: a key of [index], or db before any
 * section (*db_top, *db_index: the file's default index).  0, or 2. */
static int apply_entry(index_cmdline *c, const rb_config_entry *e, const char **db_top,
		       const char **db_index, char **err)
{
	const rb_config *cfg = &c->config;
	bool top = !*e->section, in_index = strcmp(e->section, "index") == 0;
	bool path = strcmp(e->key, "db") == 0 || strcmp(e->key, "root") == 0;
	char *v = NULL;
	if (!top && !in_index)
		return 0;   /* rubric-search's (the file's keys are checked) */
	if (path ? rb_config_path_value(cfg, e, &v, err) : !(v = strdup(e->value)))
		return 2;
	if (keep(c, v, err))
		return 2;
	if (strcmp(e->key, "db") == 0)
		*(top ? db_top : db_index) = v;
	else if (strcmp(e->key, "root") == 0)
		return add_to(&c->config_roots, &c->n_config_roots, v, err);
	else if (strcmp(e->key, "exclude") == 0)
		return add_to(&c->excludes, &c->n_excludes, v, err);
	else if (strcmp(e->key, "filter") == 0 ? read_filter(c, v, err)
						: read_lang_for(c, v, err)) {
		char *why = *err;
		*err = NULL;
		rb_config_fail(cfg, e, err, "%s", why ? why : "out of memory");
		free(why);
		return 2;
	}
	return 0;
}

/* The config file under the command line: its excludes, --lang-for
 * rules and filters after the command line's (whose rules then win), its index when
 * -d and $RUBRIC_DB say none, its roots when no PATH is given.  0, or 2. */
static int apply_config(index_cmdline *c, char **err)
{
	char *path = NULL;
	bool must_exist;
	const char *db_top = NULL, *db_index = NULL, *env = getenv("RUBRIC_DB");
	if (rb_config_path(c->config_path, &path, &must_exist, err))
		return 2;
	rb_status st = path ? rb_config_read(path, must_exist, &c->config, err) : RB_OK;
	free(path);
	for (size_t i = 0; !st && i < c->config.n; i++)
		if (apply_entry(c, &c->config.v[i], &db_top, &db_index, err))
			return 2;
	if (st)
		return 2;
	if (!c->db && !(env && *env))
		c->db = db_index ? db_index : db_top;
	/* A run that indexes, given no PATH: the file's roots. */
	if (!c->n_paths && !c->files_from && !c->rebuild && !c->n_forget && !c->compact &&
	    !c->status && !c->share) {
		c->paths = c->config_roots;
		c->n_paths = c->n_config_roots;
	}
	return 0;
}

int cmdline_read(int argc, char **argv, index_cmdline *c, char **err)
{
	struct option longopts[N_OPTIONS + 1];
	char shortopts[2 * N_OPTIONS + 2];
	memset(c, 0, sizeof *c);
	c->jobs = sysconf(_SC_NPROCESSORS_ONLN);
	*err = NULL;
	getopt_tables(longopts, shortopts);
	opterr = 0;
	int key;
	while (c->action == CMDLINE_RUN &&
	       (key = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (key == ':')
			return failed_on(err, "%s: needs a value (try --help)", argv[optind - 1]);
		if (key == '?')
			return failed_on(err, "%s: unknown option (try --help)", argv[optind - 1]);
		if (apply_option(c, key, optarg, err))
			return 2;
	}
	if (c->action != CMDLINE_RUN)
		return 0;
	c->paths = argv + optind;
	c->n_paths = (size_t)(argc - optind);
	if (apply_config(c, err))
		return 2;
	return read_lang(c, err);
}

void cmdline_free(index_cmdline *c)
{
	free(c->excludes);
	free(c->lang_for);
	free(c->forget);
	free(c->filters);
	c->excludes = c->lang_for = c->forget = c->filters = NULL;
	for (size_t i = 0; i < c->n_owned; i++)
		free(c->owned[i]);
	free(c->owned);
	free(c->config_roots);
	c->owned = c->config_roots = NULL;
	c->n_owned = c->n_config_roots = 0;
	rb_config_free(&c->config);
}
