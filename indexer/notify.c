/* notify.c: the folders under a watch's roots followed with inotify
 * (notify.h). */
#include "notify.h"

#include <errno.h>
#include <fts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grow.h"
#include "store.h"

/* What a folder's watch reports: entries created, written, changed
 * (touch, chmod), deleted and moved; the folder itself deleted or moved.
 * Links below a root are not followed, as the walk does not (a root named
 * through a link is: the walk follows it too). */
#define FOLDER_EVENTS                                                                  \
	(IN_CREATE | IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_DELETE | IN_MOVED_FROM | \
	 IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW |      \
	 IN_EXCL_UNLINK)

int notify_open(notify_tree *t, const walk_rules *rules, char *const *roots, size_t n_roots)
{
	*t = (notify_tree){ .rules = rules, .roots = roots, .n_roots = n_roots };
	const char *limit = getenv("RUBRIC_WATCH_LIMIT");
	if (limit)
		t->limit = strtoul(limit, NULL, 10);
	t->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	return t->fd < 0 ? -1 : 0;
}

/* The path below its root (for --exclude's relative globs). */
static const char *below_root(const notify_tree *t, const char *path)
{
	size_t best = 0;
	for (size_t i = 0; i < t->n_roots; i++) {
		size_t n = strlen(t->roots[i]);
		if (n > best && strncmp(path, t->roots[i], n) == 0 && path[n] == '/')
			best = n;
	}
	return path + best;
}

static bool is_root(const notify_tree *t, const char *path)
{
	for (size_t i = 0; i < t->n_roots; i++)
		if (strcmp(path, t->roots[i]) == 0)
			return true;
	return false;
}

/* An index's folder (this run's, or another's met on the way): its
 * commits are not documents, nor events to follow. */
static bool index_folder(const notify_tree *t, const char *path, const struct stat *st)
{
	return (t->rules->index_known && st->st_ino == t->rules->index_ino &&
		st->st_dev == t->rules->index_dev) ||
	       rb_store_exists(path);
}

static int note_unwatched(notify_tree *t, const char *dir)
{
	for (size_t i = 0; i < t->n_unwatched; i++)
		if (strcmp(t->unwatched[i], dir) == 0)
			return 0;
	char **v = rb_grow(t->unwatched, &t->cap_unwatched, t->n_unwatched + 1, sizeof *v, 8);
	char *copy = strdup(dir);
	if (v)
		t->unwatched = v;
	if (!v || !copy) {
		free(copy);
		return -1;
	}
	t->unwatched[t->n_unwatched++] = copy;
	return 0;
}

/* One folder's watch (`follow`: a root, followed when a link): 0
 * (watched, or not a folder to watch any more), 1 (over the limit: noted
 * in t->unwatched), -1 (out of memory). */
static int watch_folder(notify_tree *t, const char *dir, bool follow)
{
	int wd = -1;
	if (t->limit && t->n_watches >= t->limit)
		errno = ENOSPC;
	else
		wd = inotify_add_watch(t->fd, dir,
				       FOLDER_EVENTS & ~(follow ? (uint32_t)IN_DONT_FOLLOW : 0));
	if (wd < 0)   /* gone or unreadable since: the update will say */
		return errno == ENOSPC ? (note_unwatched(t, dir) ? -1 : 1) : 0;
	size_t had = t->cap;
	char **v = rb_grow(t->path_of, &t->cap, (size_t)wd + 1, sizeof *v, 64);
	if (!v)
		return -1;
	memset(v + had, 0, (t->cap - had) * sizeof *v);
	t->path_of = v;
	if (v[wd])   /* the same folder again (watched under another name) */
		return 0;
	if (!(v[wd] = strdup(dir)))
		return -1;
	t->n_watches++;
	return 0;
}

/* Folders in name order, as a walk meets them: which ones a limit leaves
 * out does not depend on the order they were made in. */
static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

int notify_add_tree(notify_tree *t, const char *dir)
{
	char *roots[] = { (char *)dir, NULL };
	bool oom;
	rb_ignore *ig = walk_ignore_start(dir, t->rules, &oom);
	bool root = is_root(t, dir);
	FTS *fts = oom ? NULL
		       : fts_open(roots, FTS_PHYSICAL | FTS_NOCHDIR | (root ? FTS_COMFOLLOW : 0),
				  by_name);
	if (!fts) {
		rb_ignore_free(ig);
		return oom || errno == ENOMEM ? -1 : 0;
	}
	FTSENT *e;
	int rc = 0;
	while (rc >= 0 && (e = fts_read(fts))) {
		if (e->fts_info != FTS_D)
			continue;
		if ((e->fts_level > 0 &&
		     walk_skips(e->fts_name, true, below_root(t, e->fts_path), t->rules)) ||
		    index_folder(t, e->fts_accpath, e->fts_statp)) {
			fts_set(fts, e, FTS_SKIP);
			continue;
		}
		int left_out = walk_ignored(ig, e, t->rules->cwd);
		if (left_out) {
			fts_set(fts, e, FTS_SKIP);
			rc = left_out < 0 ? -1 : 0;
			continue;
		}
		if ((rc = watch_folder(t, e->fts_path, e->fts_level == 0 && root)) > 0)
			fts_set(fts, e, FTS_SKIP);   /* rescanned as a whole */
	}
	fts_close(fts);
	rb_ignore_free(ig);
	return rc < 0 ? -1 : 0;
}

int notify_retry(notify_tree *t)
{
	size_t n = t->n_unwatched;
	char **v = t->unwatched;
	t->unwatched = NULL;
	t->n_unwatched = t->cap_unwatched = 0;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (!rc)
			rc = notify_add_tree(t, v[i]);
		free(v[i]);
	}
	free(v);
	return rc;
}

static bool under(const char *path, const char *dir, size_t n)
{
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* A folder moved out, or a root moved away: its watches and its
 * subfolders' go (their paths would be wrong from now on). */
static void forget_tree(notify_tree *t, const char *dir)
{
	size_t n = strlen(dir);
	for (size_t wd = 0; wd < t->cap; wd++)
		if (t->path_of[wd] && under(t->path_of[wd], dir, n)) {
			inotify_rm_watch(t->fd, (int)wd);
			free(t->path_of[wd]);
			t->path_of[wd] = NULL;
			t->n_watches--;
		}
}

/* A watch the kernel removed (its folder deleted, or rm_watch). */
static void forget_wd(notify_tree *t, int wd)
{
	if (wd >= 0 && (size_t)wd < t->cap && t->path_of[wd]) {
		free(t->path_of[wd]);
		t->path_of[wd] = NULL;
		t->n_watches--;
	}
}

/* What a folder's new entry brings: a folder to watch with its tree
 * (unless an ignore file leaves it out); a link or anything else, only
 * its path (the update finds what it is). */
static int follow_new(notify_tree *t, const char *path)
{
	struct stat st;
	bool ignored = false;
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	if (!t->rules->no_ignore && rb_ignore_path(path, true, &ignored, NULL))
		return -1;
	return ignored ? 0 : notify_add_tree(t, path);
}

static bool is_ignore_file(const char *name)
{
	for (const char *const *n = rb_ignore_names; *n; n++)
		if (strcmp(name, *n) == 0)
			return true;
	return false;
}

/* An ignore file changed: its folder again as a whole (what it now leaves
 * out goes, what it lets in comes, with their folders' watches). */
static int ignore_changed(notify_tree *t, const char *dir, notify_fn fn, void *ctx)
{
	char *copy = strdup(dir);
	int rc = !copy || notify_add_tree(t, copy) || fn(ctx, copy) ? -1 : 0;
	free(copy);
	return rc;
}

/* One event: the path it names handed to fn, after the folders followed. */
static int one_event(notify_tree *t, const struct inotify_event *ev, notify_fn fn, void *ctx)
{
	if (ev->mask & IN_Q_OVERFLOW) {   /* events lost: every root again */
		for (size_t i = 0; i < t->n_roots; i++)
			if (fn(ctx, t->roots[i]))
				return -1;
		return 0;
	}
	if (ev->mask & IN_IGNORED) {
		forget_wd(t, ev->wd);
		return 0;
	}
	if (ev->wd < 0 || (size_t)ev->wd >= t->cap || !t->path_of[ev->wd])
		return 0;   /* a watch already forgotten */
	const char *dir = t->path_of[ev->wd];
	if (!ev->len) {   /* the folder itself: only a root's matters */
		if (!is_root(t, dir) || !(ev->mask & (IN_MOVE_SELF | IN_DELETE_SELF)))
			return 0;
		char *root = strdup(dir);
		int rc = !root || fn(ctx, root) ? -1 : 0;
		if (root && (ev->mask & IN_MOVE_SELF))
			forget_tree(t, root);
		free(root);
		return rc;
	}
	bool is_dir = ev->mask & IN_ISDIR;
	if (!is_dir && !t->rules->no_ignore && is_ignore_file(ev->name))
		return ignore_changed(t, dir, fn, ctx);
	char *path = NULL;
	if (asprintf(&path, "%s/%s", dir, ev->name) < 0)
		return -1;
	int rc = 0;
	if (!walk_skips(ev->name, is_dir, below_root(t, path), t->rules)) {
		if (is_dir && (ev->mask & IN_MOVED_FROM))
			forget_tree(t, path);
		if (is_dir && (ev->mask & (IN_CREATE | IN_MOVED_TO)))
			rc = follow_new(t, path);
		struct stat st;
		bool own = is_dir && lstat(path, &st) == 0 && index_folder(t, path, &st);
		if (!rc && !own)
			rc = fn(ctx, path);
	}
	free(path);
	return rc;
}

int notify_read(notify_tree *t, notify_fn fn, void *ctx)
{
	/* Aligned as the events are. */
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t n = read(t->fd, buf, sizeof buf);
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -1;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			if (one_event(t, ev, fn, ctx))
				return -1;
			p += sizeof *ev + ev->len;
		}
	}
}

void notify_close(notify_tree *t)
{
	if (t->fd >= 0)
		close(t->fd);
	for (size_t wd = 0; wd < t->cap; wd++)
		free(t->path_of[wd]);
	free(t->path_of);
	for (size_t i = 0; i < t->n_unwatched; i++)
		free(t->unwatched[i]);
	free(t->unwatched);
	*t = (notify_tree){ .fd = -1 };
}
