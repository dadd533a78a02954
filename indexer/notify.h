/* notify.h: the folders under a watch's roots followed with Linux inotify,
 * below watch.c.
 *
 * The kernel's API, no library: inotify is in every Linux since 2.6.13
 * and glibc declares it; a folder is one watch.  fanotify sees a whole
 * file system with one mark (FAN_MARK_FILESYSTEM, with the names of
 * created, deleted and moved entries since Linux 5.9), but only with
 * CAP_SYS_ADMIN, which a user's service does not have; unprivileged
 * (Linux 5.13) it marks one inode at a time, as inotify does.
 *
 * Each folder under a root that a walk would enter (walk_skips, and not
 * an index's folder) has a watch; a folder created or moved in later gets
 * one, with the folders in it, when its event is read.  What the reader
 * hands on is the path each event names (the file, or the folder as a
 * whole), once the walk's rules let it in: the watcher re-reads those. */
#ifndef RUBRIC_NOTIFY_H
#define RUBRIC_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "indexer.h"

typedef struct {
	int fd;              /* the inotify instance */
	char **path_of;      /* by watch descriptor (the kernel numbers them
				from 1 upwards): the folder's path, or NULL */
	size_t cap;
	size_t n_watches;
	/* Folders the watch limit left unwatched, and the folders under them:
	 * the watcher rescans them and tries them again. */
	char **unwatched;
	size_t n_unwatched, cap_unwatched;
	bool limit_said;     /* the limit has been reported (once) */
	size_t limit;        /* RUBRIC_WATCH_LIMIT: a limit of the tests' own, else 0 */
	const walk_rules *rules;
	char *const *roots;
	size_t n_roots;
} notify_tree;

/* Called with each path an event names; 0, or -1 (out of memory) to stop. */
typedef int (*notify_fn)(void *ctx, const char *path);

/* An inotify instance for the folders under `roots` (absolute, kept by
 * the caller), left out as `rules` say.  0, or -1 with errno set. */
int notify_open(notify_tree *t, const walk_rules *rules, char *const *roots, size_t n_roots);
/* Watches `dir` and every folder under it that is not watched yet; a
 * folder over the watch limit joins t->unwatched (not its subfolders).
 * 0, or -1: out of memory. */
int notify_add_tree(notify_tree *t, const char *dir);
/* The folders t->unwatched lists tried again (the limit may have been
 * raised); those still over it stay.  0, or -1: out of memory. */
int notify_retry(notify_tree *t);
/* Reads the events waiting (t->fd is non-blocking) and calls fn with each
 * path they name: created, written, changed (mtime, modes), deleted, moved
 * from or to; a folder created or moved in is watched with its subfolders
 * first, one moved out or deleted forgotten with them; a queue that
 * overflowed names every root.  0, or -1: out of memory, or fn's -1. */
int notify_read(notify_tree *t, notify_fn fn, void *ctx);
void notify_close(notify_tree *t);

#endif
