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

/* The generation the stub names ("db-3"), malloc'd, and its number of
 * shards; NULL when the index has none yet. */
rb_status rb_store_current(const char *path, char **gen_out, unsigned *shards_out,
			   char **err);

/* A name for the next generation ("db-4"), malloc'd. */
rb_status rb_store_next_generation(const char *path, char **gen_out, char **err);

/* The folder of one shard of a generation ("PATH/db-4", or "PATH/db-4.2"
 * when there are several), malloc'd. */
char *rb_store_shard_path(const char *path, const char *gen, unsigned shard,
			  unsigned shards);

/* Points the stub at generation `gen` (its `shards` shards) atomically and
 * removes the older ones but the one it replaced: a search opened before
 * sees the old index, one opened after the new. */
rb_status rb_store_swap(const char *path, const char *gen, unsigned shards,
			char **err);

/* Opens the index at `path` for searching: a rubric index folder, a Xapian
 * stub file (local and remote shards, one a line), or a Xapian database. */
rb_status rb_store_open_reader(const char *path, xc_db **out, char **err);

/* The same; with allow_missing, a shard that cannot be opened is left out
 * and `warn` gets a message naming it. */
typedef void (*rb_store_warn_fn)(const char *message, void *ctx);
rb_status rb_store_open_shards(const char *path, int allow_missing,
			       rb_store_warn_fn warn, void *ctx, xc_db **out,
			       char **err);

/* Maps a binding status onto rb_status, keeping the binding's message. */
rb_status rb_store_status(xc_status st);

#endif
