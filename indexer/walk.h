/* walk.h: the files under the paths given on the command line. */
#ifndef RUBRIC_WALK_H
#define RUBRIC_WALK_H

/* Called for each regular file, in sorted order within each folder.
 * A nonzero return stops the walk. */
typedef int (*walk_file_fn)(const char *path, void *ctx);
/* Called for each path that cannot be walked (with errno's message). */
typedef void (*walk_error_fn)(const char *path, const char *why, void *ctx);

/* Walks `root`: a file is itself; a folder is walked recursively, without
 * following symbolic links (so no loops) and skipping hidden files and
 * folders (names starting with '.') below the root.  Returns the nonzero
 * value of on_file that stopped it, or 0. */
int walk_path(const char *root, walk_file_fn on_file, walk_error_fn on_error,
	      void *ctx);

#endif
