/* store.h: where an index lives and how it is laid out on disk.
 *
 * An index is a directory holding a Xapian stub file, XAPIANDB, that names
 * the database(s) inside it ("glass db-1").  Readers open the directory;
 * a rebuild writes a new database beside the old one and swaps the stub.
 */
#ifndef RUBRIC_STORE_H
#define RUBRIC_STORE_H

#include "status.h"
#include "xapian_c.h"

/* Metadata keys. */
#define RB_META_LANG "rubric:lang"
#define RB_META_SCHEMA "rubric:schema"
#define RB_META_ROOTS "rubric:roots"        /* folders and files indexed, one a line */
#define RB_SCHEMA_VERSION "1"

/* The index named by $RUBRIC_DB, else $XDG_DATA_HOME/rubric/index, else
 * ~/.local/share/rubric/index.  *out is malloc'd. */
rb_status rb_store_default_path(char **out, char **err);

/* Takes the index's writer lock (creating the index folder and its parents
 * when missing), so that one rubric-index at a time writes it; *fd_out
 * holds the lock until closed.  Busy: RB_ERR_LOCKED at once, or waits when
 * `wait` is set. */
rb_status rb_store_lock(const char *path, int wait, int *fd_out, char **err);

/* Removes what an interrupted run left (chunk databases, generations
 * older than the stub's and the one before it).  Call with the lock held. */
void rb_store_clean(const char *path);

/* The database the stub names ("db-3"), malloc'd; NULL when the index has
 * none yet. */
rb_status rb_store_current(const char *path, char **name_out, char **err);

/* A name for the next generation ("db-4"), malloc'd. */
rb_status rb_store_next_generation(const char *path, char **name_out,
				   char **err);

/* Points the stub at generation `name` atomically and removes the older
 * ones but the one it replaced: a search opened before sees the old index,
 * one opened after the new. */
rb_status rb_store_swap(const char *path, const char *name, char **err);

/* Opens the current generation of the index at `path` for writing, creating
 * the index when there is none.  Call with the lock held. */
rb_status rb_store_open_writer(const char *path, xc_writer **out, char **err);

/* Opens the index at `path` for searching. */
rb_status rb_store_open_reader(const char *path, xc_db **out, char **err);

/* Maps a binding status onto rb_status, keeping the binding's message. */
rb_status rb_store_status(xc_status st);

#endif
