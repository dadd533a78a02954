/* rubric-index: turns files and folders into a rubric index, and keeps it
 * up to date. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "indexer.h"
#include "langname.h"
#include "roots.h"
#include "store.h"
#include "version.h"

int index_status(const char *db_path, int json);

volatile sig_atomic_t interrupted;

/* The first signal stops the run between files, at a commit; a second
 * ends it at once, as kill -9 would (the index keeps its last commit, and
 * the next run removes what this one left): a reader stuck inside a
 * library (libxml2 2.9's HTML parser spins when an allocation fails) never
 * reaches the next file. */
static void on_signal(int sig)
{
	(void)sig;
	if (interrupted) {
		static const char msg[] = PROG ": interrupted again: stopped at once;"
					       " the index keeps its last commit\n";
		ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
		(void)w;
		_exit(130);
	}
	interrupted = 1;
}

/* The run, for a message when Xapian ends it from inside. */
static const run_config *fatal_cfg;
static const counts *fatal_counts;
static struct timespec fatal_t0;
static volatile sig_atomic_t fatal_db_locked;

static void on_xapian_fatal(const char *why)
{
	/* Xapian may end the process without the error it met (an exception
	 * escaping a destructor): the last failed call's errno still tells a
	 * full disk. */
	int e = errno;
	char msg[512];
	snprintf(msg, sizeof msg, "Xapian stopped: %s%s%s; the index keeps its last commit", why,
		 e == ENOSPC || e == EDQUOT ? ": " : "",
		 e == ENOSPC || e == EDQUOT ? strerror(e) : "");
	report_index(fatal_cfg, msg);
	/* What this run wrote beside its last commit (chunks, a new
	 * generation) goes, as the next run's start would remove it: a full
	 * disk gets its space back now.  This run holds the lock (Xapian runs
	 * only under it); out of memory, what cannot be removed stays for the
	 * next run. */
	if (fatal_db_locked)
		rb_store_clean(fatal_cfg->db_path);
	if (fatal_counts && !fatal_cfg->quiet) {
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		report_summary(fatal_cfg, fatal_counts,
			       (double)(t1.tv_sec - fatal_t0.tv_sec) +
				       (double)(t1.tv_nsec - fatal_t0.tv_nsec) / 1e9, true);
	}
	_exit(2);
}

/* A message from the store (it names the index), or, when there was no
 * memory left for one, that. */
static void store_failed(const char *db_path, const char *err)
{
	if (err)
		fprintf(stderr, PROG ": %s\n", err);
	else
		report(db_path, "out of memory");
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [options] PATH...\n"
"       " PROG " --status [--json] [-d DB]\n"
"       " PROG " --shared | --private [-d DB]\n"
"       " PROG " --compact [-d DB]\n"
"Index files and folders (recursively; '-' reads standard input) into a\n"
"rubric index, or bring it up to date: unchanged files are not read again,\n"
"changed ones are replaced, and files gone from under PATH are removed.\n"
"\n"
"  -d, --db DB          the index (default: $RUBRIC_DB, else\n"
"                       $XDG_DATA_HOME/rubric/index)\n"
"      --lang LANG      stemming language: auto (default: detected for each\n"
"                       document; too short or unclear: its folder's,\n"
"                       else english), a name or code from '--lang list'\n"
"                       (spanish, es, spa), or none\n"
"      --format TYPE    read every file as text, markdown, html, mail,\n"
"                       pdf, epub, docx, odt, pptx, odp, xlsx or ods\n"
"                       (default: detected from content, then name)\n"
"      --rebuild        build a new index beside the old one and swap it in\n"
"                       (without PATH: the paths the index holds)\n"
"      --forget PATH    leave out PATH, a root the index holds, and remove\n"
"                       its files (with --rebuild: rebuild without it)\n"
"      --compact        rewrite the index compactly and swap it in: what\n"
"                       updates freed, removed files' text included, is gone\n"
"      --files-from F   also index the paths listed in F ('-': stdin), one a\n"
"                       line, or NUL-separated with -0\n"
"  -0, --null           --files-from is NUL-separated (find -print0)\n"
"      --exclude GLOB   skip files and folders matching GLOB (repeatable)\n"
"      --store-text     keep every passage's text in the index (default:\n"
"                       read back from the file where it holds the text\n"
"                       byte for byte); for an index searched where the\n"
"                       files are not, such as a remote shard\n"
"      --lang-for GLOB=LANG  with --lang auto, files matching GLOB (their\n"
"                       path's end, e.g. 'notas/*') that are too short or\n"
"                       unclear to detect are in LANG (repeatable)\n"
"  -j, --jobs N         writers for a full build (default: the cores)\n"
"      --shards N       split the index into N databases, a file going to\n"
"                       shard hash(path) mod N (a new index, or --rebuild)\n"
"      --wait           wait for another rubric-index on the same index\n"
"      --shared         let group and others read the index, as the umask\n"
"                       allows (default: a new index is readable by its\n"
"                       owner only; an existing one keeps its modes)\n"
"      --private        make the index readable by its owner only\n"
"                       (without PATH, --shared and --private only set modes)\n"
"      --status         describe the index (--json for JSON)\n"
"  -q, --quiet          no summary line\n"
"  -h, --help           this help\n"
"      --version        rubric's version and its libraries'\n"
"\n"
"Hidden files and folders, version-control folders and an index's own files\n"
"are skipped; symbolic links below a PATH are not followed.  Exit status: 0\n"
"when every file was indexed, skipped on purpose or deleted since the walk\n"
"(vanished), 2 on any error, 130 when interrupted.\n");
}

typedef struct {
	run_config cfg;
	item_list items;
	item_list unwalked;
	counts c;
	char *cwd;
	char **excludes;
	size_t n_excludes;
	walk_rules rules;    /* of cwd, excludes and the index folder */
	char **lang_for;     /* --lang-for GLOB=LANG, as given */
	size_t n_lang_for;
	char **forget;       /* --forget PATH, as given */
	size_t n_forget;
} run;

static int add_root(run *r, const char *abs)
{
	char **v = realloc(r->cfg.roots, (r->cfg.n_roots + 1) * sizeof *v);
	if (!v)
		return -1;
	r->cfg.roots = v;
	if (!(v[r->cfg.n_roots] = strdup(abs)))
		return -1;
	r->cfg.n_roots++;
	return 0;
}

/* How a folder is walked: before the run indexes, or by a thread of its
 * own feeding an update's list or a fresh build's queues (feed.c). */
enum walk_mode { WALK_FIRST, WALK_FEEDS_LIST, WALK_FEEDS_QUEUES };

/* A path from the command line or a list: a file or a folder to walk.
 * One that does not exist is an error, except from a list, where it means
 * the file is gone (and leaves the index).  A folder is walked as `mode`
 * says, when its thread starts (else first). */
static int add_path(run *r, const char *path, int from_list, enum walk_mode mode)
{
	struct stat st;
	char *abs = absolute_path(r->cwd, path);
	if (!abs)
		return -1;
	int rc = 0;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT && from_list) {
			rc = add_root(r, abs);
		} else {
			report(path, strerror(errno));
			r->c.failed++;
		}
	} else {
		rc = add_root(r, abs);
		unsigned queues = mode == WALK_FEEDS_QUEUES ? (r->cfg.shards > 1 ? r->cfg.shards : 1) : 0;
		bool fed = !rc && mode != WALK_FIRST && S_ISDIR(st.st_mode) &&
			   feed_start(&r->items, &r->unwalked, path, &r->rules, queues, &r->c) == 0;
		walk_sink into_list = items_sink(&r->items);
		if (!rc && !fed)
			rc = walk_collect(path, &r->rules, &into_list, &r->unwalked, &r->c);
	}
	free(abs);
	return rc;
}

/* A rebuild of the roots the index holds never forgets one by accident: a
 * root that is not there (a drive not mounted, a folder renamed) fails the
 * run before anything is written, and says how to forget it.  Whether any
 * is missing (each said on stderr). */
static bool missing_roots(run *r, const char *db_path, char *const *roots, size_t n)
{
	bool missing = false;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(roots[i], &st) == 0)
			continue;
		fprintf(stderr, PROG ": %s: %s; the index keeps it and was not rebuilt (to leave"
			" it out: " PROG " --rebuild -d %s --forget PATH)\n",
			roots[i], strerror(errno), db_path);
		r->c.failed++;
		missing = true;
	}
	return missing;
}

/* --forget names roots the index holds (as --status lists them), made
 * absolute; one it does not hold is an error before anything is written.
 * 0, or -1 (said on stderr). */
static int settle_forget(run *r, const rb_roots *stored, char *const *given, size_t n)
{
	if (n && !(r->cfg.forget = calloc(n, sizeof *r->cfg.forget))) {
		report(r->cfg.db_path, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char *abs = absolute_path(r->cwd, given[i]);
		if (!abs) {
			report(r->cfg.db_path, "out of memory");
			return -1;
		}
		r->cfg.forget[r->cfg.n_forget++] = abs;
		if (!rb_roots_has(stored, abs)) {
			fprintf(stderr, PROG ": --forget %s: not a root of the index (" PROG
				" --status -d %s lists them)\n", given[i], r->cfg.db_path);
			return -1;
		}
	}
	return 0;
}

static int add_stdin(run *r)
{
	size_t len;
	char *buf = read_whole(STDIN_FILENO, &len);
	if (!buf) {
		if (!interrupted) {   /* else the run says it was interrupted */
			report("-", strerror(errno));
			r->c.failed++;
		}
		return 0;
	}
	item it = { .shown = strdup("-"), .id = strdup("<stdin>"), .size = len, .content = buf };
	if (!it.shown || !it.id || items_append(&r->items, it)) {
		free(it.shown);
		free(it.id);
		free(buf);
		return -1;
	}
	return 0;
}

static int add_list(run *r, const char *list, int nul)
{
	FILE *f = strcmp(list, "-") == 0 ? stdin : fopen(list, "r");
	if (!f) {
		report(list, strerror(errno));
		r->c.failed++;
		return 0;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	while (!rc && (n = getdelim(&line, &cap, nul ? '\0' : '\n', f)) > 0) {
		if (line[n - 1] == (nul ? '\0' : '\n'))
			line[--n] = '\0';
		if (n > 0)
			rc = add_path(r, line, 1, WALK_FIRST);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

/* The index keeps its language: a run without --lang uses it, one with a
 * different --lang is refused (its terms would not meet the old ones).
 * A rebuild reads an index of another schema; one with PATHs also replaces
 * an index that cannot be read at all (damaged). */
static int settle_index(run *r, const char *lang_opt, unsigned shards_opt, int rebuild,
			int have_paths, int *fresh, rb_roots *stored)
{
	char *name = NULL, *err = NULL, *lang = NULL, *roots = NULL, *msg = NULL, *text = NULL;
	size_t len = 0, rlen = 0, tlen = 0;
	xc_db *db = NULL;
	unsigned shards = 0;
	rb_status st = rb_store_current(r->cfg.db_path, &name, &shards, &err);
	*fresh = name == NULL;
	/* The number of shards changes only with a whole rebuild. */
	if (name && shards_opt && shards_opt != shards && !rebuild) {
		fprintf(stderr, PROG ": %s: the index has %u shard%s, not %u"
			" (use --rebuild to change it)\n", r->cfg.db_path, shards,
			shards == 1 ? "" : "s", shards_opt);
		goto fail_quiet;
	}
	r->cfg.shards = shards_opt ? shards_opt : name ? shards : 1;
	if (!st && name) {
		xc_status xs = XC_OK;
		st = rb_store_open(r->cfg.db_path, rebuild ? RB_OPEN_ANY_SCHEMA : 0, NULL, NULL,
				   &db, &err);
		if (!st && ((xs = xc_db_get_metadata(db, RB_META_LANG, &lang, &len, &msg)) ||
			    (xs = xc_db_get_metadata(db, RB_META_ROOTS, &roots, &rlen, &msg)) ||
			    (xs = xc_db_get_metadata(db, RB_META_TEXT, &text, &tlen, &msg))))
			st = rb_store_error(r->cfg.db_path, NULL, xs, msg, &err);
	}
	if (st == RB_ERR_DAMAGED && rebuild) {
		/* What the old index held cannot be read: the PATHs given say. */
		if (!have_paths) {
			fprintf(stderr, PROG ": %s: the index is damaged, and so is the list of folders"
				" it held: name them: " PROG " --rebuild -d %s PATH...\n",
				r->cfg.db_path, r->cfg.db_path);
			goto fail_quiet;
		}
		if (!r->cfg.quiet)
			fprintf(stderr, PROG ": %s: the old index is damaged; rebuilding it from the"
				" paths given\n", r->cfg.db_path);
		free(err);
		err = NULL;
		st = RB_OK;
		len = rlen = tlen = 0;
		if (!shards_opt)
			r->cfg.shards = shards ? shards : 1;
	}
	if (st)
		goto fail;
	if (len && lang_opt && strcmp(lang, lang_opt) != 0 && !rebuild) {
		fprintf(stderr, PROG ": %s: the index was built with --lang %s, not %s"
			" (use --rebuild to change it)\n", r->cfg.db_path, lang, lang_opt);
		goto fail_quiet;
	}
	r->cfg.lang = strdup(lang_opt ? lang_opt : len ? lang : "auto");
	/* An index built with --store-text keeps every text, rebuilt too. */
	if (tlen == strlen(RB_TEXT_STORED) && memcmp(text, RB_TEXT_STORED, tlen) == 0)
		r->cfg.store_text = 1;
	if (rlen && rb_roots_parse(roots, rlen, stored, NULL))
		goto fail;
	free(name);
	free(lang);
	free(roots);
	free(text);
	free(msg);
	xc_db_close(db);
	if (!r->cfg.lang) {
		report(r->cfg.db_path, "out of memory");
		return -1;
	}
	return 0;
fail:
	/* Messages from the store name the index already. */
	if (err && strncmp(err, r->cfg.db_path, strlen(r->cfg.db_path)) == 0)
		fprintf(stderr, PROG ": %s\n", err);
	else
		report(r->cfg.db_path, err ? err : "out of memory");
fail_quiet:
	free(err);
	free(name);
	free(lang);
	free(roots);
	free(text);
	free(msg);
	xc_db_close(db);
	return -1;
}

/* The index's modes set on purpose (--shared, --private): under the lock,
 * so that no writer is creating files meanwhile.  A new index (no commit
 * yet) gets the modes of `share` too, so that it starts private. */
static int settle_modes(const char *db_path, rb_share share, mode_t user_umask)
{
	char *err = NULL;
	if ((share || !rb_store_exists(db_path)) &&
	    rb_store_chmod(db_path, rb_store_folder_mode(share, user_umask), &err)) {
		store_failed(db_path, err);
		free(err);
		return -1;
	}
	/* From now on, what Xapian and rubric create follows the folder. */
	umask(rb_store_umask(db_path, share, user_umask));
	return 0;
}

/* rubric-index --shared or --private without PATH: the modes only. */
static int set_modes_only(const char *db_path, rb_share share, mode_t user_umask,
			  int wait, int quiet)
{
	char *err = NULL, who[160];
	int fd = -1, rc = 2;
	if (!rb_store_exists(db_path)) {
		fprintf(stderr, PROG ": %s: no index there (create one with " PROG
			" -d %s PATH...)\n", db_path, db_path);
		return 2;
	}
	if (rb_store_lock(db_path, wait, &fd, &err)) {
		if (!interrupted)
			store_failed(db_path, err);
		free(err);
		return interrupted ? 130 : 2;
	}
	if (settle_modes(db_path, share, user_umask) == 0) {
		rc = 0;
		if (!quiet) {
			index_access(db_path, who, sizeof who);
			fprintf(stderr, PROG ": %s: %s\n", db_path, who);
		}
	}
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	enum { OPT_LANG = 256, OPT_REBUILD, OPT_FILES_FROM, OPT_EXCLUDE, OPT_WAIT,
	       OPT_STATUS, OPT_JSON, OPT_FORMAT, OPT_SHARDS, OPT_SHARED, OPT_PRIVATE,
	       OPT_VERSION, OPT_LANG_FOR, OPT_STORE_TEXT, OPT_FORGET,
	       OPT_COMPACT };
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "lang-for", required_argument, NULL, OPT_LANG_FOR },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "shards", required_argument, NULL, OPT_SHARDS },
		{ "rebuild", no_argument, NULL, OPT_REBUILD },
		{ "forget", required_argument, NULL, OPT_FORGET },
		{ "compact", no_argument, NULL, OPT_COMPACT },
		{ "store-text", no_argument, NULL, OPT_STORE_TEXT },
		{ "files-from", required_argument, NULL, OPT_FILES_FROM },
		{ "null", no_argument, NULL, '0' },
		{ "exclude", required_argument, NULL, OPT_EXCLUDE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "wait", no_argument, NULL, OPT_WAIT },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "shared", no_argument, NULL, OPT_SHARED },
		{ "private", no_argument, NULL, OPT_PRIVATE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *lang_opt = NULL, *files_from = NULL;
	int rebuild = 0, compact = 0, nul = 0, wait = 0, status = 0, json = 0, c;
	rb_share share = RB_SHARE_DEFAULT;
	unsigned shards_opt = 0;
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	run r = { 0 };
	char *end;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:0j:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case OPT_LANG: lang_opt = optarg; break;
		case OPT_FORMAT: {
			int f = rb_format_from_name(optarg);
			if (f < 0 || f == RB_FORMAT_BINARY) {
				fprintf(stderr, PROG ": --format wants text, markdown, html, mail,"
					" pdf, epub, docx, odt, pptx, odp, xlsx or ods\n");
				return 2;
			}
			r.cfg.format = (rb_format)f;
			break;
		}
		case OPT_REBUILD: rebuild = 1; break;
		case OPT_COMPACT: compact = 1; break;
		case OPT_STORE_TEXT: r.cfg.store_text = 1; break;
		case OPT_FILES_FROM: files_from = optarg; break;
		case '0': nul = 1; break;
		case OPT_EXCLUDE:
		case OPT_FORGET: {
			char ***list = c == OPT_EXCLUDE ? &r.excludes : &r.forget;
			size_t *n = c == OPT_EXCLUDE ? &r.n_excludes : &r.n_forget;
			char **v = realloc(*list, (*n + 1) * sizeof *v);
			if (!v)
				return 2;
			*list = v;
			v[(*n)++] = optarg;
			break;
		}
		case OPT_LANG_FOR: {
			const char *eq = strrchr(optarg, '='), *lang;
			char *e = NULL;
			if (!eq || eq == optarg) {
				fprintf(stderr, PROG ": --lang-for wants GLOB=LANG, e.g. 'notas/*=es'\n");
				return 2;
			}
			if (rb_lang_resolve(eq + 1, NULL, &lang, &e)) {
				fprintf(stderr, PROG ": --lang-for: %s\n", e ? e : "out of memory");
				free(e);
				return 2;
			}
			char **v = realloc(r.lang_for, (r.n_lang_for + 1) * sizeof *v);
			if (!v)
				return 2;
			r.lang_for = v;
			v[r.n_lang_for++] = optarg;
			break;
		}
		case 'j':
			jobs = strtol(optarg, &end, 10);
			if (*end || jobs < 1 || jobs > 256) {
				fprintf(stderr, PROG ": -j wants a number from 1 to 256\n");
				return 2;
			}
			break;
		case OPT_SHARDS:
			shards_opt = (unsigned)strtoul(optarg, &end, 10);
			if (*end || shards_opt < 1 || shards_opt > 64) {
				fprintf(stderr, PROG ": --shards wants a number from 1 to 64\n");
				return 2;
			}
			break;
		case OPT_WAIT: wait = 1; break;
		case OPT_STATUS: status = 1; break;
		case OPT_JSON: json = 1; break;
		case 'q': r.cfg.quiet = 1; break;
		case OPT_SHARED:
		case OPT_PRIVATE: {
			rb_share s = c == OPT_SHARED ? RB_SHARE_SHARED : RB_SHARE_PRIVATE;
			if (share && share != s) {
				fprintf(stderr, PROG ": --shared and --private: give one\n");
				return 2;
			}
			share = s;
			break;
		}
		case 'h': usage(stdout); return 0;
		case OPT_VERSION: {
			char *v = rb_version_text(PROG);
			if (!v || fputs(v, stdout) == EOF || fflush(stdout)) {
				free(v);
				return 2;
			}
			free(v);
			return 0;
		}
		case ':':
			fprintf(stderr, PROG ": %s: needs a value (try --help)\n", argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, PROG ": %s: unknown option (try --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (lang_opt && strcasecmp(lang_opt, "list") == 0) {
		for (const char **l = rb_analyzer_languages(); *l; l++)
			printf("%s\n", *l);
		printf("none\n");
		return 0;
	}
	if (lang_opt) {
		/* "es", "SPA" and "Spanish" are one language: its libstemmer name. */
		static const char *const words[] = { "auto", "none", NULL };
		char *err = NULL;
		if (rb_lang_resolve(lang_opt, words, &lang_opt, &err)) {
			fprintf(stderr, PROG ": --lang: %s\n", err ? err : "out of memory");
			free(err);
			return 2;
		}
	}

	char *err = NULL, *db_path = NULL;
	if (db_opt ? !(db_path = strdup(db_opt)) : rb_store_default_path(&db_path, &err) != RB_OK) {
		fprintf(stderr, PROG ": %s\n", err ? err : "out of memory");
		free(err);
		return 2;
	}
	if (status) {
		int rc = index_status(db_path, json);
		free(db_path);
		return rc;
	}
	/* Every file this run writes into the index gets the index's modes:
	 * the umask is set now, before any thread starts, and again under the
	 * lock (settle_modes), when the index's state is sure. */
	mode_t user_umask = umask(077);
	umask(rb_store_umask(db_path, share, user_umask));
	if (share == RB_SHARE_SHARED && !(rb_store_folder_mode(share, user_umask) & 0044))
		fprintf(stderr, PROG ": warning: --shared: the umask (%04o) lets no one else"
			" read the index\n", (unsigned)user_umask);
	if (share && optind >= argc && !files_from && !rebuild) {
		int rc = set_modes_only(db_path, share, user_umask, wait, r.cfg.quiet);
		free(db_path);
		return rc;
	}
	if (compact && (optind < argc || files_from || rebuild || r.n_forget)) {
		fprintf(stderr, PROG ": --compact rewrites the index as it is: give it no PATH,"
			" --files-from, --rebuild or --forget\n");
		free(db_path);
		return 2;
	}
	if (optind >= argc && !files_from && !rebuild && !r.n_forget && !compact) {
		fprintf(stderr, PROG ": no paths to index (try --help)\n");
		free(db_path);
		return 2;
	}

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r.cfg.db_path = db_path;
	r.cfg.unwalked = &r.unwalked;
	r.cfg.jobs = (int)(jobs > 0 ? jobs : 1);
	r.cfg.progress = isatty(STDERR_FILENO);
	r.cfg.start_sec = (int64_t)time(NULL);
	rb_roots stored = { 0 };
	int lock_fd = -1, fresh = 0, rc = -1;
	bool ran = false;   /* the run got to index: its summary is said */
	/* No SA_RESTART: a wait for the lock ends at Ctrl-C. */
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	fatal_cfg = &r.cfg;
	fatal_t0 = t0;
	xc_on_fatal(on_xapian_fatal);
	if (rb_store_lock(db_path, wait, &lock_fd, &err)) {
		if (!interrupted)
			store_failed(db_path, err);
		free(err);
		goto done;
	}
	fatal_db_locked = 1;
	if (settle_modes(db_path, share, user_umask))
		goto done;
	rb_store_clean(db_path);
	if (compact) {
		rc = compact_index(&r.cfg);
		goto done;
	}
	time_t newest;
	index_disk_usage(db_path, &r.cfg.start_bytes, &newest);
	if (settle_index(&r, lang_opt, shards_opt, rebuild, optind < argc || files_from != NULL,
			 &fresh, &stored))
		goto done;
	if (!(r.cwd = getcwd(NULL, 0))) {
		report(".", strerror(errno));
		goto done;
	}
	if (settle_forget(&r, &stored, r.forget, r.n_forget))
		goto done;
	for (size_t i = 0; i < r.cfg.n_forget; i++)
		rb_roots_remove(&stored, r.cfg.forget[i]);
	r.rules = (walk_rules){ .cwd = r.cwd, .excludes = r.excludes, .n_excludes = r.n_excludes };
	struct stat index_st;   /* the lock made the folder */
	if (stat(db_path, &index_st) == 0) {
		r.rules.index_dev = index_st.st_dev;
		r.rules.index_ino = index_st.st_ino;
		r.rules.index_known = true;
	}
	/* A run of one folder indexes while the folder is walked: the walk's
	 * files are all the run's (no repeats to drop).  A fresh build, and an
	 * update of one shard, take them from bounded queues, so that memory
	 * does not grow with the files walked; an update of several reads them
	 * from a list, a shard after another. */
	enum walk_mode mode = files_from || optind + 1 != argc	  ? WALK_FIRST
			      : fresh || rebuild || r.cfg.shards == 1 ? WALK_FEEDS_QUEUES
								  : WALK_FEEDS_LIST;
	for (int i = optind; i < argc; i++)
		if ((strcmp(argv[i], "-") == 0 ? add_stdin(&r) : add_path(&r, argv[i], 0, mode)))
			goto oom;
	if (files_from && add_list(&r, files_from, nul))
		goto oom;
	if (rebuild && optind >= argc && !files_from) {
		if (missing_roots(&r, db_path, stored.v, stored.n))
			goto done;
		for (size_t i = 0; i < stored.n; i++)
			if (add_path(&r, stored.v[i], 1, WALK_FIRST))
				goto oom;
	}
	if (!r.items.feed && items_drop_repeats(&r.items))
		goto oom;
	if (interrupted || r.c.fatal)   /* a walk that failed has said why */
		goto done;
	if (strcmp(r.cfg.lang, "auto") == 0) {
		if (rb_langctx_new(&r.cfg.langctx, NULL))
			goto oom;
		for (size_t i = 0; i < r.n_lang_for; i++) {
			char *eq = strrchr(r.lang_for[i], '=');
			*eq = '\0';   /* checked when parsed */
			if (rb_langctx_state(r.cfg.langctx, r.lang_for[i],
					     rb_lang_canonical(eq + 1), NULL))
				goto oom;
		}
	}
	ran = true;
	fatal_counts = &r.c;
	rc = fresh || rebuild ? build_all(&r.cfg, &r.items, &r.c)
			      : update_in_place(&r.cfg, &r.items, &r.c);
	goto done;
oom:
	report(db_path, "out of memory");
done:
	feed_finish(&r.items);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (interrupted)
		fprintf(stderr, PROG ": interrupted; the index keeps its last commit\n");
	else if (ran && !r.cfg.quiet)
		report_summary(&r.cfg, &r.c, (double)(t1.tv_sec - t0.tv_sec) +
						     (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
			       rc != 0 || r.c.fatal);
	rb_roots_free(&stored);
	for (size_t i = 0; i < r.cfg.n_forget; i++)
		free(r.cfg.forget[i]);
	free(r.cfg.forget);
	free(r.forget);
	for (size_t i = 0; i < r.cfg.n_roots; i++)
		free(r.cfg.roots[i]);
	free(r.cfg.roots);
	free((char *)r.cfg.lang);
	rb_langctx_free(r.cfg.langctx);
	free(r.excludes);
	free(r.lang_for);
	free(r.cwd);
	items_free(&r.items);
	items_free(&r.unwalked);
	if (lock_fd >= 0)
		close(lock_fd);
	free(db_path);
	if (interrupted)
		return 130;
	return rc || r.c.failed || r.c.fatal ? 2 : 0;
}
