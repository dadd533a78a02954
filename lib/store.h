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
#define RB_SCHEMA_VERSION "1"

/* The index named by $RUBRIC_DB, else $XDG_DATA_HOME/rubric/index, else
 * ~/.local/share/rubric/index.  *out is malloc'd. */
rb_status rb_store_default_path(char **out, char **err);

/* Opens the index at `path` for writing, creating it (and its parent
 * folders) when there is none. */
rb_status rb_store_open_writer(const char *path, xc_writer **out, char **err);

/* Opens the index at `path` for searching. */
rb_status rb_store_open_reader(const char *path, xc_db **out, char **err);

/* Maps a binding status onto rb_status, keeping the binding's message. */
rb_status rb_store_status(xc_status st);

#endif
