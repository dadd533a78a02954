/* ignore.h: ignore files (.gitignore, .ignore, .rubricignore) read with
 * gitignore's meaning, for a walk down a tree.
 *
 * Each folder's files are read in that order, their lines one list, so
 * that a later line (and .rubricignore over .ignore over .gitignore)
 * wins.  A line: a pattern, `#` a comment, blank nothing, trailing spaces
 * dropped unless escaped (`\ `); `!` first re-includes what an earlier
 * pattern left out; a trailing `/` matches folders only; a pattern with a
 * '/' before its end is anchored to its file's folder (`/x`, `a/b`), one
 * without matches a name at any depth; globs as wildmatch.h says.  A
 * folder's patterns win over its parent's; a path in a folder left out is
 * left out (the walk never enters it).  The folders above the walk's root
 * count too: a root's files are the same whichever root reached them.
 */
#ifndef RUBRIC_IGNORE_H
#define RUBRIC_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* The patterns in force at a point of a walk: those of the folders above
 * its root, then one level per folder entered. */
typedef struct rb_ignore rb_ignore;

/* The names read in each folder, in the order they apply. */
extern const char *const rb_ignore_names[];

/* A walk from `root` (an absolute path), with the ignore files of every
 * folder above it read.  RB_ERR_NO_MEMORY (only). */
rb_status rb_ignore_new(const char *root, rb_ignore **out, char **err);
void rb_ignore_free(rb_ignore *ig);

/* The folder `dir` (absolute) entered at `depth` (the root 0), its
 * ignore files opened as `open_dir` + "/NAME" (a path from the process's
 * folder): levels deeper than depth are dropped.  An unreadable ignore
 * file counts as empty.  RB_ERR_NO_MEMORY (only). */
rb_status rb_ignore_enter(rb_ignore *ig, size_t depth, const char *dir, const char *open_dir,
			  char **err);

/* Whether `path` (absolute, a folder when is_dir), found in the folder
 * entered at `depth`, is ignored. */
bool rb_ignore_match(const rb_ignore *ig, size_t depth, const char *path, bool is_dir);

/* Whether a single path is ignored, its folders' ignore files read from
 * the top down: what rb_ignore_new and each folder's rb_ignore_enter
 * would say of it (for a path met outside a walk).  RB_ERR_NO_MEMORY. */
rb_status rb_ignore_path(const char *path, bool is_dir, bool *ignored, char **err);

#endif
