/* stubfile.h: whether a file named as an index is a Xapian stub.
 *
 * An index given as a file, not a folder, is read as a stub: a list of
 * databases, one a line.  A file that is not one (notes, a document) would
 * have its lines reported as missing shards; this check says what it is
 * instead.
 */
#ifndef RUBRIC_STUBFILE_H
#define RUBRIC_STUBFILE_H

#include "status.h"

/* RB_OK when `path` is not a regular file (a folder, a missing or
 * unreadable path: opening the index reports those), or when every line of
 * it is blank, a comment (#) or names a database as a Xapian stub does:
 * "auto PATH", "glass PATH", "chert PATH", "honey PATH", "remote ...",
 * "inmemory", or (rubric's own reading) a PATH alone that exists, taken
 * from the stub's folder, and at least one line does.  Otherwise
 * RB_ERR_INDEX: "PATH: not a rubric index or a Xapian stub (...)", naming
 * the first line that is none; RB_ERR_NO_MEMORY. */
rb_status rb_stub_check(const char *path, char **err);

#endif
