/* store.h: where an index lives and how it is laid out on disk.
 *
 * An index is a directory holding a Xapian stub file, XAPIANDB, that names
 * the database(s) inside it ("glass db-1").  Readers open the directory;
 * a rebuild writes a new database beside the old one and swaps the stub.
 */
#ifndef RUBRIC_STORE_H
#define RUBRIC_STORE_H

#include <sys/types.h>

#include "status.h"
#include "xapian_c.h"

/* Metadata keys. */
#define RB_META_LANG "rubric:lang"
#define RB_META_SCHEMA "rubric:schema"
#define RB_META_ROOTS "rubric:roots"        /* folders and files indexed, one a line */
#define RB_META_LANGCTX "rubric:langctx"    /* --lang auto: languages per folder (langcontext.h) */
#define RB_META_TEXT "rubric:text"          /* RB_TEXT_STORED: every passage's text (--store-text) */
#define RB_TEXT_STORED "stored"
#define RB_SCHEMA_VERSION "6"  /* 3: the date slot, mail header terms; 4: binary date keys, record version 7; 5: record version 8; 6: stem families as metadata keys */

/* The index named by $RUBRIC_DB, else $XDG_DATA_HOME/rubric/index, else
 * ~/.local/share/rubric/index.  *out is malloc'd. */
rb_status rb_store_default_path(char **out, char **err);

/* ------------------------------------------------------------- access
 *
 * An index copies the text of the files it holds, so a new one is readable
 * by its owner only (folder 0700, files 0600), whatever the umask, unless
 * its user shares it on purpose.  Every file written into an index later
 * (a rebuild's generation, shards, chunks, the lock, the stub) follows the
 * mode of the index folder, so an existing index keeps its modes. */

typedef enum {
	RB_SHARE_DEFAULT = 0,  /* a new index: owner only; an existing one: as it is */
	RB_SHARE_PRIVATE,      /* owner only */
	RB_SHARE_SHARED        /* group and others may read, as the umask allows */
} rb_share;

/* The umask under which a writer of the index at `path` creates its files:
 * from the folder's mode for an existing index (one with a stub) when
 * `share` is RB_SHARE_DEFAULT; else from `share` (and, for RB_SHARE_SHARED,
 * the user's umask, which never lets others write).  The owner's bits are
 * never masked. */
mode_t rb_store_umask(const char *path, rb_share share, mode_t user_umask);

/* The folder mode `share` gives a new index (0700 when private). */
mode_t rb_store_folder_mode(rb_share share, mode_t user_umask);

/* Whether `name`, in an index folder, is one rubric keeps there (the stub,
 * the lock, a generation or chunk database): not a document, though the
 * folder may hold documents too. */
int rb_store_owns_name(const char *name);

/* Whether the index at `path` has been committed (its stub exists). */
int rb_store_exists(const char *path);

/* Sets the modes of the index at `path` to `folder_mode` (its files: the
 * same without the execute bits): the folder, and what rubric keeps in it
 * (the stub, the lock, database and chunk folders and their files).  Other
 * names in the folder are left alone.  Call with the lock held. */
rb_status rb_store_chmod(const char *path, mode_t folder_mode, char **err);

/* The distinct permission bits of the index's folders (the index folder
 * first) and of its files, at most `max` of each. */
void rb_store_modes(const char *path, mode_t *folders, size_t *n_folders,
		    mode_t *files, size_t *n_files, size_t max);

/* Takes the index's writer lock (creating the index folder and its parents
 * when missing), so that one rubric-index at a time writes it; *fd_out
 * holds the lock until closed.  Busy: RB_ERR_LOCKED at once, or waits when
 * `wait` is set. */
rb_status rb_store_lock(const char *path, int wait, int *fd_out, char **err);

/* What the holder of the lock is doing, kept in the lock file for the
 * message of a writer refused: RB_LOCK_WATCH (rubric-index --watch, with
 * its pid), or NULL for a plain run (the note taken away).  Taking the
 * lock takes away a note a holder killed left. */
#define RB_LOCK_WATCH "watch"
void rb_store_lock_note(int fd, const char *note);

/* Removes what an interrupted run left (chunk databases, generations but
 * the stub's).  Call with the lock held. */
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
 * removes the older ones: a search that has the old one open reads on
 * (its files live while open), one opened after sees the new. */
rb_status rb_store_swap(const char *path, const char *gen, unsigned shards,
			char **err);

/* Opens the index at `path` for searching: a rubric index folder, a Xapian
 * stub file (local and remote shards, one a line), or a Xapian database.
 *
 * Failures are in rubric's words, naming the index and what to do (Xapian's
 * message follows in parentheses where it helps): no index there, an index
 * whose first build has not committed yet (RB_ERR_NO_COMMIT), one that cannot
 * be read for its modes, a damaged one (RB_ERR_DAMAGED: run rubric-index
 * --rebuild), one written with another schema (RB_ERR_SCHEMA: the same).
 * A database without rubric's schema key (not written by rubric) is
 * searched as it is. */
rb_status rb_store_open_reader(const char *path, xc_db **out, char **err);

typedef void (*rb_store_warn_fn)(const char *message, void *ctx);

enum {
	RB_OPEN_ALLOW_MISSING = 1,  /* leave out a shard that cannot be opened,
				       and tell `warn` */
	RB_OPEN_ANY_SCHEMA = 2      /* no schema check (a rebuild reads the old
				       index's roots) */
};
rb_status rb_store_open(const char *path, int flags, rb_store_warn_fn warn,
			void *ctx, xc_db **out, char **err);

/* rb_store_open with allow_missing as RB_OPEN_ALLOW_MISSING. */
rb_status rb_store_open_shards(const char *path, int allow_missing,
			       rb_store_warn_fn warn, void *ctx, xc_db **out,
			       char **err);

/* Adds the index or database at `path` to `db` (another -d), after the
 * same checks as rb_store_open, with the same messages. */
rb_status rb_store_add(xc_db *db, const char *path, char **err);

/* Maps a binding status onto rb_status, keeping the binding's message. */
rb_status rb_store_status(xc_status st);

/* An error the binding gave while reading or writing the index at `index`
 * (`what` is the database or shard it came from, or NULL), in rubric's
 * words: a damaged index says so and to run rubric-index --rebuild, with
 * Xapian's message `msg` in parentheses; other failures keep the message,
 * naming the index.  Sets *err (when err is not NULL) and returns the
 * status (RB_ERR_DAMAGED, RB_ERR_LOCKED, ...). */
rb_status rb_store_error(const char *index, const char *what, xc_status st,
			 const char *msg, char **err);

/* The same for a binding failure whose message *err names the index first
 * ("INDEX: reason", as the handle from rb_store_open gives): rewrites *err
 * in rubric's words.  For callers that hold the database, not its name:
 *   if ((xs = xc_db_search(db, ..., err))) return rb_store_reword(xs, err); */
rb_status rb_store_reword(xc_status st, char **err);
/* RB_OK for XC_OK; else rb_store_reword's, or RB_ERR_INDEX "search
 * failed" when the binding gave no message (it ran out of memory). */
rb_status rb_store_search_failed(xc_status st, char **err);

#endif
