#include "walk.h"

#include <errno.h>
#include <fts.h>
#include <string.h>

static int by_name(const FTSENT **a, const FTSENT **b)
{
	return strcmp((*a)->fts_name, (*b)->fts_name);
}

int walk_path(const char *root, walk_file_fn on_file, walk_error_fn on_error,
	      void *ctx)
{
	char *roots[] = { (char *)root, NULL };
	FTS *fts = fts_open(roots, FTS_PHYSICAL | FTS_COMFOLLOW | FTS_NOCHDIR, by_name);
	if (!fts) {
		on_error(root, strerror(errno), ctx);
		return 0;
	}
	FTSENT *e;
	int rc = 0;
	while (!rc && (e = fts_read(fts))) {
		if (e->fts_level > 0 && e->fts_name[0] == '.') {
			if (e->fts_info == FTS_D)
				fts_set(fts, e, FTS_SKIP);
			continue;
		}
		switch (e->fts_info) {
		case FTS_F:
			rc = on_file(e->fts_path, ctx);
			break;
		case FTS_DNR: case FTS_ERR: case FTS_NS:
			on_error(e->fts_path, strerror(e->fts_errno), ctx);
			break;
		case FTS_DC:
			on_error(e->fts_path, "directory cycle", ctx);
			break;
		default:  /* folders, symlinks not followed, devices, FIFOs */
			break;
		}
	}
	fts_close(fts);
	return rc;
}
