/* watch.c: rubric-index --watch (watch.h). */
#include "watch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "grow.h"
#include "notify.h"
#include "store.h"

/* Paths named by events since the last batch. */
typedef struct {
	char **v;
	size_t n, cap;
} path_list;

struct watcher {
	notify_tree tree;
	char **roots;          /* the folders watched (absolute) */
	size_t n_roots;
	const walk_rules *rules;
	path_list pending;
	int64_t first_ms, last_ms;   /* the batch's first and latest events */
	unsigned rescan_s;
};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int path_add(path_list *l, const char *path)
{
	/* A file written in many pieces names itself again and again. */
	if (l->n && strcmp(l->v[l->n - 1], path) == 0)
		return 0;
	char **v = rb_grow(l->v, &l->cap, l->n + 1, sizeof *v, 64);
	if (!v)
		return -1;
	l->v = v;
	if (!(v[l->n] = strdup(path)))
		return -1;
	l->n++;
	return 0;
}

static void paths_clear(path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

/* Paths by their names in turn: '/' before any other byte, so that what
 * is under a folder follows it at once ("a", "a/b", "a b"). */
static int by_path(const void *a, const void *b)
{
	const unsigned char *x = *(const unsigned char *const *)a;
	const unsigned char *y = *(const unsigned char *const *)b;
	for (; *x && *x == *y; x++, y++)
		;
	int cx = *x == '/' ? 1 : *x, cy = *y == '/' ? 1 : *y;
	return cx - cy;
}

/* Sorted, each once, and none under another (the folder's walk covers
 * it): the batch's roots are then disjoint, as a run's files must be. */
static void paths_settle(path_list *l)
{
	qsort(l->v, l->n, sizeof *l->v, by_path);
	size_t kept = 0;
	for (size_t i = 0; i < l->n; i++) {
		const char *top = kept ? l->v[kept - 1] : NULL;
		size_t n = top ? strlen(top) : 0;
		if (top && strncmp(l->v[i], top, n) == 0 &&
		    (l->v[i][n] == '\0' || l->v[i][n] == '/')) {
			free(l->v[i]);
			continue;
		}
		l->v[kept++] = l->v[i];
	}
	l->n = kept;
}

static int on_event(void *ctx, const char *path)
{
	watcher *w = ctx;
	int64_t t = now_ms();
	if (!w->pending.n)
		w->first_ms = t;
	w->last_ms = t;
	return path_add(&w->pending, path);
}

/* The limit, said once with what to raise. */
static void say_limit(notify_tree *t, unsigned rescan_s)
{
	if (t->limit_said || !t->n_unwatched)
		return;
	t->limit_said = true;
	FILE *f = fopen("/proc/sys/fs/inotify/max_user_watches", "r");
	long max = -1;
	if (f) {
		if (fscanf(f, "%ld", &max) != 1)
			max = -1;
		fclose(f);
	}
	if (t->limit)   /* RUBRIC_WATCH_LIMIT, the tests' */
		max = (long)t->limit;
	fprintf(stderr, PROG ": the inotify watch limit is reached (%ld watches a user, in"
		" /proc/sys/fs/inotify/max_user_watches): %zu folder%s from %s, and those under"
		" %s, %s not watched but rescanned every %u s; to watch them, raise the limit"
		" (sysctl fs.inotify.max_user_watches=%ld)\n",
		max, t->n_unwatched, t->n_unwatched == 1 ? "" : "s", t->unwatched[0],
		t->n_unwatched == 1 ? "it" : "them", t->n_unwatched == 1 ? "is" : "are", rescan_s,
		max > 0 ? max * 4 : 524288);
}

int watch_start(watcher **out, const walk_rules *rules, const char *cwd, char *const *paths,
		size_t n_paths, char *const *stored, size_t n_stored)
{
	watcher *w = calloc(1, sizeof *w);
	size_t n = n_paths ? n_paths : n_stored;
	*out = w;
	if (w)
		w->tree.fd = -1;
	if (!w || !(w->roots = calloc(n ? n : 1, sizeof *w->roots)))
		goto oom;
	w->rules = rules;
	const char *rescan = getenv("RUBRIC_WATCH_RESCAN");
	w->rescan_s = rescan ? (unsigned)strtoul(rescan, NULL, 10) : WATCH_RESCAN_S;
	for (size_t i = 0; i < n; i++) {
		const char *p = n_paths ? paths[i] : stored[i];
		struct stat st;
		if (strcmp(p, "-") == 0 || stat(p, &st) != 0)
			continue;   /* standard input; a missing PATH the run has said */
		if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, PROG ": %s: a file: --watch follows folders (its changes"
				" wait for the next run)\n", p);
			continue;
		}
		if (!(w->roots[w->n_roots] = absolute_path(cwd, p)))
			goto oom;
		w->n_roots++;
	}
	if (!w->n_roots) {
		fprintf(stderr, PROG ": --watch: no folder to watch (it follows folders)\n");
		return -1;
	}
	if (notify_open(&w->tree, rules, w->roots, w->n_roots)) {
		report("inotify", strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < w->n_roots; i++)
		if (notify_add_tree(&w->tree, w->roots[i]))
			goto oom;
	say_limit(&w->tree, w->rescan_s);
	return 0;
oom:
	report("--watch", "out of memory");
	return -1;
}

static int walk_path(const char *path, const walk_rules *rules, item_list *items,
		     item_list *unwalked, counts *c)
{
	struct stat st;
	bool ignored = false;
	if (lstat(path, &st) != 0 || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
		return 0;   /* gone (or a link, which a walk does not follow) */
	/* Left out by an ignore file: as gone (what the index held goes). */
	if (!rules->no_ignore && rb_ignore_path(path, S_ISDIR(st.st_mode), &ignored, NULL))
		return -1;
	if (ignored)
		return 0;
	walk_sink sink = items_sink(items);
	return walk_collect(path, rules, &sink, unwalked, c);
}

/* The pending paths updated as one batch.  0, or -1 (said). */
static int run_batch(watcher *w, const run_config *base)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	paths_settle(&w->pending);
	item_list items = { 0 }, unwalked = { 0 };
	counts c;
	memset(&c, 0, sizeof c);
	run_config cfg = *base;
	cfg.roots = w->pending.v;
	cfg.n_roots = w->pending.n;
	cfg.forget = NULL;
	cfg.n_forget = 0;
	cfg.unwalked = &unwalked;
	cfg.changes_only = true;
	cfg.start_sec = (int64_t)time(NULL);
	time_t newest = 0;
	cfg.start_bytes = 0;
	index_disk_usage(cfg.db_path, &cfg.start_bytes, &newest);
	int rc = 0;
	for (size_t i = 0; i < w->pending.n && !rc; i++)
		rc = walk_path(w->pending.v[i], w->rules, &items, &unwalked, &c);
	if (rc)
		report(cfg.db_path, "out of memory");
	if (!rc && !c.fatal)
		rc = update_in_place(&cfg, &items, &c);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!cfg.quiet && !interrupted)
		report_summary(&cfg, &c, (double)(t1.tv_sec - t0.tv_sec) +
						 (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
			       rc != 0 || c.fatal);
	items_free(&items);
	items_free(&unwalked);
	paths_clear(&w->pending);
	return rc || c.fatal ? -1 : 0;
}

/* How long poll may wait: until the batch is due, or the next rescan. */
static int wait_ms(const watcher *w, int64_t now, int64_t rescan_at)
{
	int64_t until = w->tree.n_unwatched ? rescan_at : now + 3600 * 1000;
	if (w->pending.n) {
		int64_t due = w->last_ms + WATCH_QUIET_MS;
		if (w->first_ms + WATCH_MAX_MS < due)
			due = w->first_ms + WATCH_MAX_MS;
		if (due < until)
			until = due;
	}
	return until <= now ? 0 : (int)(until - now);
}

/* The folders over the limit: watched if they can be now, and their
 * paths pending either way (what changed in them meanwhile). */
static int rescan(watcher *w)
{
	for (size_t i = 0; i < w->tree.n_unwatched; i++)
		if (on_event(w, w->tree.unwatched[i]))
			return -1;
	return notify_retry(&w->tree);
}

int watch_run(watcher *w, const run_config *cfg, int lock_fd)
{
	int rc = 0;
	int64_t rescan_at = now_ms() + (int64_t)w->rescan_s * 1000;
	rb_store_lock_note(lock_fd, RB_LOCK_WATCH);
	if (!cfg->quiet)
		fprintf(stderr, PROG ": %s: watching %zu folder%s under %zu root%s\n", cfg->db_path,
			w->tree.n_watches, w->tree.n_watches == 1 ? "" : "s", w->n_roots,
			w->n_roots == 1 ? "" : "s");
	while (!interrupted && !rc) {
		struct pollfd pfd = { .fd = w->tree.fd, .events = POLLIN };
		int64_t now = now_ms();
		int n = poll(&pfd, 1, wait_ms(w, now, rescan_at));
		if (interrupted)
			break;
		if (n < 0 && errno != EINTR) {
			report("inotify", strerror(errno));
			rc = -1;
		} else if (n > 0 && notify_read(&w->tree, on_event, w)) {
			report("--watch", "out of memory");
			rc = -1;
		}
		now = now_ms();
		if (!rc && w->tree.n_unwatched && now >= rescan_at) {
			rescan_at = now + (int64_t)w->rescan_s * 1000;
			if (rescan(w)) {
				report("--watch", "out of memory");
				rc = -1;
			}
		}
		say_limit(&w->tree, w->rescan_s);
		if (!rc && w->pending.n &&
		    (now >= w->last_ms + WATCH_QUIET_MS || now >= w->first_ms + WATCH_MAX_MS))
			rc = run_batch(w, cfg);
	}
	rb_store_lock_note(lock_fd, NULL);
	if (rc && !interrupted)   /* a batch stopped by the signal is no failure */
		return 2;
	fprintf(stderr, PROG ": %s: stopped watching; the index keeps its last commit%s\n",
		cfg->db_path, w->pending.n ? " (the changes since are read at the next run)" : "");
	return interrupted == SIGTERM ? 0 : 130;
}

void watch_free(watcher *w)
{
	if (!w)
		return;
	notify_close(&w->tree);
	for (size_t i = 0; i < w->n_roots; i++)
		free(w->roots[i]);
	free(w->roots);
	paths_clear(&w->pending);
	free(w->pending.v);
	free(w);
}
