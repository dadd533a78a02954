/* rubric-index: turns files and folders into a rubric index, and keeps it
 * up to date. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmdline.h"
#include "indexer.h"
#include "langname.h"
#include "roots.h"
#include "store.h"
#include "version.h"
#include "watch.h"

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
	interrupted = sig;   /* --watch ends with 0 on SIGTERM */
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

typedef struct {
	run_config cfg;
	item_list items;
	item_list unwalked;
	counts c;
	char *cwd;
	walk_rules rules;    /* of cwd, --exclude and the index folder */
	watcher *watch;      /* --watch: the folders watched since before the run */
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

/* The files of the run: the PATHs, --files-from's list, or (--rebuild
 * without them) the roots the index holds.  0; 1: a root is missing
 * (said); -1: out of memory. */
static int gather(run *r, const index_cmdline *cl, const rb_roots *stored, int fresh)
{
	/* A run of one folder indexes while the folder is walked: the walk's
	 * files are all the run's (no repeats to drop).  A fresh build, and an
	 * update of one shard, take them from bounded queues, so that memory
	 * does not grow with the files walked; an update of several reads them
	 * from a list, a shard after another. */
	enum walk_mode mode = cl->files_from || cl->n_paths != 1	       ? WALK_FIRST
			      : fresh || cl->rebuild || r->cfg.shards == 1 ? WALK_FEEDS_QUEUES
									   : WALK_FEEDS_LIST;
	for (size_t i = 0; i < cl->n_paths; i++)
		if (strcmp(cl->paths[i], "-") == 0 ? add_stdin(r)
						   : add_path(r, cl->paths[i], 0, mode))
			return -1;
	if (cl->files_from && add_list(r, cl->files_from, cl->nul))
		return -1;
	if ((cl->rebuild || cl->watch) && !cl->n_paths && !cl->files_from) {
		if (missing_roots(r, r->cfg.db_path, stored->v, stored->n))
			return 1;
		for (size_t i = 0; i < stored->n; i++)
			if (add_path(r, stored->v[i], 1, WALK_FIRST))
				return -1;
	}
	if (!r->items.feed && items_drop_repeats(&r->items))
		return -1;
	return 0;
}

/* What a walk leaves out: --exclude, and the index folder (the lock made
 * it). */
static void settle_rules(run *r, const index_cmdline *cl)
{
	struct stat index_st;
	r->rules = (walk_rules){ .cwd = r->cwd, .excludes = cl->excludes,
				 .n_excludes = cl->n_excludes, .no_ignore = cl->no_ignore };
	if (stat(r->cfg.db_path, &index_st) == 0) {
		r->rules.index_dev = index_st.st_dev;
		r->rules.index_ino = index_st.st_ino;
		r->rules.index_known = true;
	}
}

/* --lang auto: the languages per folder, starting with --lang-for's.
 * 0, or -1: out of memory. */
static int settle_langctx(run *r, const index_cmdline *cl)
{
	if (strcmp(r->cfg.lang, "auto") != 0)
		return 0;
	if (rb_langctx_new(&r->cfg.langctx, NULL))
		return -1;
	for (size_t i = 0; i < cl->n_lang_for; i++) {
		char *eq = strrchr(cl->lang_for[i], '=');
		*eq = '\0';   /* checked when parsed */
		if (rb_langctx_state(r->cfg.langctx, cl->lang_for[i], rb_lang_canonical(eq + 1),
				     NULL))
			return -1;
	}
	return 0;
}

/* Under the lock: the index settled, then compacted, or the files
 * gathered and indexed (*ran: then the summary is said).  0 or -1. */
static int index_locked(run *r, const index_cmdline *cl, mode_t user_umask,
			rb_roots *stored, bool *ran)
{
	const char *db_path = r->cfg.db_path;
	int fresh = 0, got;
	time_t newest = 0;
	if (settle_modes(db_path, cl->share, user_umask))
		return -1;
	rb_store_clean(db_path);
	if (cl->compact)
		return compact_index(&r->cfg);
	index_disk_usage(db_path, &r->cfg.start_bytes, &newest);
	if (settle_index(r, cl->lang, cl->shards, cl->rebuild, cl->n_paths || cl->files_from,
			 &fresh, stored))
		return -1;
	if (!(r->cwd = getcwd(NULL, 0))) {
		report(".", strerror(errno));
		return -1;
	}
	if (settle_forget(r, stored, cl->forget, cl->n_forget))
		return -1;
	for (size_t i = 0; i < r->cfg.n_forget; i++)
		rb_roots_remove(stored, r->cfg.forget[i]);
	settle_rules(r, cl);
	if (cl->watch && watch_start(&r->watch, &r->rules, r->cwd, cl->paths, cl->n_paths,
				     stored->v, stored->n))
		return -1;
	if ((got = gather(r, cl, stored, fresh)) > 0)
		return -1;
	if (got < 0)
		goto oom;
	if (interrupted || r->c.fatal)   /* a walk that failed has said why */
		return -1;
	if (settle_langctx(r, cl))
		goto oom;
	*ran = true;
	fatal_counts = &r->c;
	return fresh || cl->rebuild ? build_all(&r->cfg, &r->items, &r->c)
				    : update_in_place(&r->cfg, &r->items, &r->c);
oom:
	report(db_path, "out of memory");
	return -1;
}

static void run_free(run *r)
{
	for (size_t i = 0; i < r->cfg.n_forget; i++)
		free(r->cfg.forget[i]);
	free(r->cfg.forget);
	for (size_t i = 0; i < r->cfg.n_roots; i++)
		free(r->cfg.roots[i]);
	free(r->cfg.roots);
	free((char *)r->cfg.lang);
	rb_langctx_free(r->cfg.langctx);
	free(r->cwd);
	items_free(&r->items);
	items_free(&r->unwalked);
}

/* No SA_RESTART: a wait for the lock ends at Ctrl-C. */
static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A run that writes the index: under its lock, with the summary said at
 * the end.  The exit status. */
static int run_index(const index_cmdline *cl, const char *db_path, mode_t user_umask)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run r = { .cfg = { .db_path = db_path, .format = cl->format, .quiet = cl->quiet,
			   .store_text = cl->store_text, .jobs = (int)(cl->jobs > 0 ? cl->jobs : 1),
			   .progress = isatty(STDERR_FILENO),
			   .start_sec = (int64_t)time(NULL),
			   .filters = cl->filters, .n_filters = cl->n_filters } };
	r.cfg.unwalked = &r.unwalked;
	rb_roots stored = { 0 };
	int lock_fd = -1, rc = -1, watched = -1;
	bool ran = false;   /* the run got to index: its summary is said */
	char *err = NULL;
	catch_signals();
	fatal_cfg = &r.cfg;
	fatal_t0 = t0;
	xc_on_fatal(on_xapian_fatal);
	if (rb_store_lock(db_path, cl->wait, &lock_fd, &err)) {
		if (!interrupted)
			store_failed(db_path, err);
		free(err);
	} else {
		fatal_db_locked = 1;
		rc = index_locked(&r, cl, user_umask, &stored, &ran);
	}
	feed_finish(&r.items);
	if (interrupted)
		fprintf(stderr, PROG ": interrupted; the index keeps its last commit\n");
	else if (ran && !r.cfg.quiet)
		report_summary(&r.cfg, &r.c, seconds_since(&t0), rc != 0 || r.c.fatal);
	if (!rc && !interrupted && !r.c.fatal && r.watch)
		watched = watch_run(r.watch, &r.cfg, lock_fd);
	watch_free(r.watch);
	rb_roots_free(&stored);
	run_free(&r);
	if (lock_fd >= 0)
		close(lock_fd);
	if (watched >= 0)
		return watched;
	if (interrupted)
		return 130;
	return rc || r.c.failed || r.c.fatal ? 2 : 0;
}

/* Options that make no run together; said on stderr. */
static bool request_makes_sense(const index_cmdline *cl)
{
	if (cl->compact && (cl->n_paths || cl->files_from || cl->rebuild || cl->n_forget)) {
		fprintf(stderr, PROG ": --compact rewrites the index as it is: give it no PATH,"
			" --files-from, --rebuild or --forget\n");
		return false;
	}
	if (cl->watch && (cl->compact || cl->files_from)) {
		fprintf(stderr, PROG ": --watch follows folders: give it PATHs (or none: the"
			" index's roots), not --files-from or --compact\n");
		return false;
	}
	if (!cl->n_paths && !cl->files_from && !cl->rebuild && !cl->n_forget && !cl->compact &&
	    !cl->watch) {
		fprintf(stderr, PROG ": no paths to index (try --help)\n");
		return false;
	}
	return true;
}

/* The run the command line asks for: --status, the modes alone, or an
 * index written.  The exit status. */
static int run_command(const index_cmdline *cl)
{
	char *err = NULL, *db_path = NULL;
	if (cl->db ? !(db_path = strdup(cl->db)) : rb_store_default_path(&db_path, &err) != RB_OK) {
		fprintf(stderr, PROG ": %s\n", err ? err : "out of memory");
		free(err);
		return 2;
	}
	int rc;
	if (cl->status) {
		rc = index_status(db_path, cl->json);
	} else {
		/* Every file this run writes into the index gets the index's
		 * modes: the umask is set now, before any thread starts, and
		 * again under the lock (settle_modes), when the index's state is
		 * sure. */
		mode_t user_umask = umask(077);
		umask(rb_store_umask(db_path, cl->share, user_umask));
		if (cl->share == RB_SHARE_SHARED &&
		    !(rb_store_folder_mode(cl->share, user_umask) & 0044))
			fprintf(stderr, PROG ": warning: --shared: the umask (%04o) lets no one"
				" else read the index\n", (unsigned)user_umask);
		if (cl->share && !cl->n_paths && !cl->files_from && !cl->rebuild)
			rc = set_modes_only(db_path, cl->share, user_umask, cl->wait, cl->quiet);
		else
			rc = request_makes_sense(cl) ? run_index(cl, db_path, user_umask) : 2;
	}
	free(db_path);
	return rc;
}

static int print_version(void)
{
	char *v = rb_version_text(PROG);
	int rc = !v || fputs(v, stdout) == EOF || fflush(stdout) ? 2 : 0;
	free(v);
	return rc;
}

static void print_languages(void)
{
	for (const char **l = rb_analyzer_languages(); *l; l++)
		printf("%s\n", *l);
	printf("none\n");
}

int main(int argc, char **argv)
{
	index_cmdline cl;
	char *err = NULL;
	int rc = cmdline_read(argc, argv, &cl, &err);
	if (rc)
		fprintf(stderr, PROG ": %s\n", err ? err : "out of memory");
	else if (cl.action == CMDLINE_HELP)
		cmdline_usage(stdout);
	else if (cl.action == CMDLINE_VERSION)
		rc = print_version();
	else if (cl.action == CMDLINE_LANGUAGES)
		print_languages();
	else
		rc = run_command(&cl);
	free(err);
	cmdline_free(&cl);
	return rc;
}
