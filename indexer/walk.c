/* walk.c: the files a run indexes, with what stat(2) says of them. */
#include <errno.h>
#include <fnmatch.h>
#include <fts.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ignore.h"
#include "indexer.h"
#include "store.h"

/* Version-control folders are skipped even when not hidden. */
static const char *const vcs_names[] = { "CVS", "_darcs", "RCS", "SCCS", NULL };

char *absolute_path(const char *cwd, const char *path)
{
	size_t n = strlen(cwd) + strlen(path) + 3;
	char *joined = malloc(n), *out = malloc(n);
	if (!joined || !out) {
		free(joined);
		free(out);
		return NULL;
	}
	if (path[0] == '/')
		snprintf(joined, n, "%s", path);
	else
		snprintf(joined, n, "%s/%s", cwd, path);
	size_t len = 0;
	for (char *seg = joined, *next; seg; seg = next) {
		next = strchr(seg, '/');
		if (next)
			*next++ = '\0';
		if (!*seg || strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			while (len > 0 && out[--len] != '/')
				;
			continue;
		}
		out[len++] = '/';
		size_t sl = strlen(seg);
		memcpy(out + len, seg, sl);
		len += sl;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	free(joined);
	return out;
}

/* The end of `id` that spells `path`, when path is id as seen from cwd
 * (no "." or ".." in it): a file list of a million paths then holds each
 * once.  Else NULL. */
static char *id_end(char *id, const char *cwd, const char *path)
{
	if (path[0] == '/')
		return strcmp(id, path) == 0 ? id : NULL;
	size_t n = strlen(cwd);
	if (n == 1)   /* cwd is "/" */
		n = 0;
	if (strncmp(id, cwd, n) != 0 || id[n] != '/' || strcmp(id + n + 1, path) != 0)
		return NULL;
	return id + n + 1;
}

static bool stopped(const walk_sink *out)
{
	return out->stopped && out->stopped(out->to);
}

static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

bool walk_skips(const char *name, bool is_dir, const char *rel, const walk_rules *rules)
{
	if (name[0] == '.')
		return true;
	for (const char *const *v = vcs_names; *v; v++)
		if (is_dir && strcmp(name, *v) == 0)
			return true;
	while (*rel == '/')
		rel++;
	for (size_t i = 0; i < rules->n_excludes; i++)
		if (fnmatch(rules->excludes[i], name, 0) == 0 ||
		    fnmatch(rules->excludes[i], rel, FNM_PATHNAME) == 0)
			return true;
	return false;
}

/* fts_number of the index folder's entry: its children are checked. */
enum { INDEX_FOLDER = 1 };

static int skipped_name(const FTSENT *e, size_t root_len, const walk_rules *rules)
{
	if (e->fts_level == 0)
		return 0;  /* what the user named is never skipped */
	if (walk_skips(e->fts_name, e->fts_info == FTS_D, e->fts_path + root_len, rules))
		return 1;
	/* A run's commits would otherwise come back as documents (binary
	 * files skipped, each a warning) and its chunks vanish mid-walk. */
	return e->fts_parent->fts_number == INDEX_FOLDER && rb_store_owns_name(e->fts_name);
}

/* The run's own index folder (which has no stub until its first commit),
 * or another's.  fts_accpath names the folder from where the walk is. */
static void mark_index_folder(FTSENT *e, const walk_rules *rules)
{
	if (e->fts_info != FTS_D)
		return;
	if ((rules->index_known && e->fts_statp->st_ino == rules->index_ino &&
	     e->fts_statp->st_dev == rules->index_dev) ||
	    rb_store_exists(e->fts_accpath))
		e->fts_number = INDEX_FOLDER;
}

int walk_ignored(rb_ignore *ig, const FTSENT *e, const char *cwd)
{
	if (!ig)
		return 0;
	bool is_dir = e->fts_info == FTS_D || e->fts_info == FTS_DNR || e->fts_info == FTS_DC;
	char *abs = absolute_path(cwd, e->fts_path);
	if (!abs)
		return -1;
	int rc = 0;
	if (e->fts_level > 0 && rb_ignore_match(ig, (size_t)e->fts_level - 1, abs, is_dir))
		rc = 1;
	else if (e->fts_info == FTS_D &&
		 rb_ignore_enter(ig, (size_t)e->fts_level, abs, e->fts_accpath, NULL))
		rc = -1;
	free(abs);
	return rc;
}

rb_ignore *walk_ignore_start(const char *root, const walk_rules *rules, bool *oom)
{
	rb_ignore *ig = NULL;
	*oom = false;
	if (rules->no_ignore)
		return NULL;
	char *abs = absolute_path(rules->cwd, root);
	*oom = !abs || rb_ignore_new(abs, &ig, NULL);
	free(abs);
	return ig;
}

int walk_collect(const char *root, const walk_rules *rules, const walk_sink *out,
		 item_list *unwalked, counts *c)
{
	const char *cwd = rules->cwd;
	char *roots[] = { (char *)root, NULL };
	/* fts changes folder as it descends, so that each stat(2) looks up a
	 * name, not the whole path (a rerun stats every file); glibc's fts
	 * works without (FTS_NOCHDIR) when it cannot open "." to return.  A
	 * walk in a thread of its own (feed.c) must not: the folder is the
	 * process's, and the update opens the index by the path given. */
	FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_COMFOLLOW | (out->in_thread ? FTS_NOCHDIR : 0),
			    by_name);
	if (!fts) {
		/* Not the folder's fault (it was just stat'ed): out of memory.
		 * An index built without its files would look complete. */
		report(root, strerror(errno));
		c->fatal = 1;
		return 0;
	}
	size_t root_len = strlen(root);
	FTSENT *e = NULL;
	bool oom;
	rb_ignore *ig = walk_ignore_start(root, rules, &oom);
	int rc = oom ? -1 : 0;
	/* fts_read ends the walk with NULL both when it is done and when it
	 * fails (errno set): a walk cut short must not pass for a whole one,
	 * or an update would remove the files it did not reach. */
	while (!rc && !stopped(out) && (errno = 0, e = fts_read(fts))) {
		if (e->fts_info == FTS_DP)
			continue;
		if (skipped_name(e, root_len, rules)) {
			if (e->fts_info == FTS_D)
				fts_set(fts, e, FTS_SKIP);
			continue;
		}
		int left_out = walk_ignored(ig, e, cwd);
		if (left_out) {
			if (left_out > 0 && e->fts_info == FTS_D)
				fts_set(fts, e, FTS_SKIP);
			rc = left_out < 0 ? -1 : 0;
			continue;
		}
		mark_index_folder(e, rules);
		switch (e->fts_info) {
		case FTS_F: {
			item it = { .id = absolute_path(cwd, e->fts_path),
				    .size = (uint64_t)e->fts_statp->st_size,
				    .mtime_ns = (int64_t)e->fts_statp->st_mtim.tv_sec * 1000000000 +
						e->fts_statp->st_mtim.tv_nsec };
			if (it.id && (it.shown = id_end(it.id, cwd, e->fts_path)))
				it.shown_in_id = true;
			else if (it.id)
				it.shown = strdup(e->fts_path);
			if (!it.shown || !it.id || out->push(out->to, it)) {
				if (!it.shown_in_id)
					free(it.shown);
				free(it.id);
				rc = -1;
			}
			break;
		}
		case FTS_DNR: case FTS_ERR: case FTS_NS: {
			if (e->fts_errno == ENOMEM) {   /* the run's problem, not the folder's */
				report(e->fts_path, strerror(e->fts_errno));
				c->fatal = 1;
				rc = -2;
				break;
			}
			/* Deleted since its folder was read: gone, not failed
			 * (an update removes what the index held under it). */
			if (e->fts_errno == ENOENT || e->fts_errno == ENOTDIR) {
				c->vanished++;
				break;
			}
			/* What was indexed under it stays: unread is not gone. */
			item gone = { .id = absolute_path(cwd, e->fts_path) };
			report(e->fts_path, strerror(e->fts_errno));
			c->failed++;
			if (!gone.id || items_append(unwalked, gone)) {
				free(gone.id);
				rc = -1;
			}
			break;
		}
		case FTS_DC:
			report(e->fts_path, "folder cycle, not followed");
			break;
		case FTS_SL: case FTS_SLNONE:
			break;  /* links below a root are not followed */
		case FTS_DEFAULT:
			if (e->fts_level == 0) {  /* a FIFO, device or socket named */
				report(e->fts_path, "skipped: not a regular file");
				c->skipped++;
			}
			break;
		default:
			break;
		}
	}
	if (!rc && !stopped(out) && !e && errno) {
		report(root, strerror(errno));
		c->fatal = 1;
	}
	fts_close(fts);
	rb_ignore_free(ig);
	return rc == -2 ? 0 : rc;
}
