/* watch.h: rubric-index --watch: after its run, the index kept current as
 * the files under its roots change, until SIGINT or SIGTERM.
 *
 * The folders are watched (notify.h) before the run walks them, so that
 * nothing changed during the run is missed.  Then the paths the events
 * name are gathered and, once no event has come for WATCH_QUIET_MS (or
 * WATCH_MAX_MS after the first one), updated as one batch through the
 * update path (update.c): the paths are the batch's roots, a file or
 * folder walked as a run walks it, one that is not there any more
 * removed with what the index held under it.  The index knows a file by
 * its path: a rename is the old path removed and the new one read.  Each
 * batch is one commit (more when it passes update's batch size), so a
 * search sees a batch whole or not at all. */
#ifndef RUBRIC_WATCH_H
#define RUBRIC_WATCH_H

#include <stddef.h>

#include "indexer.h"

/* A batch is written once no event came for this long, or this long after
 * its first event when they keep coming (a file written for minutes). */
#define WATCH_QUIET_MS 1000
#define WATCH_MAX_MS 5000
/* Folders the watch limit left unwatched are rescanned this often
 * (RUBRIC_WATCH_RESCAN: seconds, for the tests). */
#define WATCH_RESCAN_S 60

typedef struct watcher watcher;

/* The folders of the run's PATHs (made absolute from cwd; none: the
 * index's roots, `stored`) watched, left out as `rules` say (kept by the
 * caller).  A PATH that is a file is said not to be followed.  0, or -1
 * (said on stderr). */
int watch_start(watcher **out, const walk_rules *rules, const char *cwd, char *const *paths,
		size_t n_paths, char *const *stored, size_t n_stored);
/* The loop, after the run, under the index's lock (lock_fd: noted there
 * for another rubric-index's message): until a signal or a batch that
 * failed.  The exit status: 0 (SIGTERM: a service manager's stop), 130
 * (SIGINT), 2 (the index failed). */
int watch_run(watcher *w, const run_config *cfg, int lock_fd);
void watch_free(watcher *w);

#endif
