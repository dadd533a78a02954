/* filestate.h: what the index knows of each file it holds, for incremental
 * reindexing.  Kept in Xapian metadata ("F" + path hash), committed in the
 * same transaction as the file's passages. */
#ifndef RUBRIC_FILESTATE_H
#define RUBRIC_FILESTATE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "xapian_c.h"

#define RB_FILESTATE_PREFIX "F"

typedef struct {
	uint64_t size;
	int64_t mtime_ns;
	uint64_t hash;       /* XXH3 of the content */
	/* The mtime fell in the second the state was recorded: a change in
	 * that same second would not show in it, so the next run re-reads. */
	int racy;
} rb_filestate;

/* The metadata key of a path, into buf. */
void rb_filestate_key(const char *path, char buf[18]);

rb_status rb_filestate_put(xc_writer *w, const char *path,
			   const rb_filestate *st, char **err);
rb_status rb_filestate_delete(xc_writer *w, const char *path, char **err);

/* Calls fn for every file the index holds (path not NUL-terminated). */
typedef int (*rb_filestate_fn)(const char *path, size_t path_len,
			       const rb_filestate *st, void *ctx);
rb_status rb_filestate_each_w(xc_writer *w, rb_filestate_fn fn, void *ctx,
			      char **err);
rb_status rb_filestate_each_db(xc_db *db, rb_filestate_fn fn, void *ctx,
			       char **err);

#endif
