/* config.h: rubric's configuration file, read into its entries.
 *
 * The file is $XDG_CONFIG_HOME/rubric/config (else
 * ~/.config/rubric/config), or the one --config names.  Its lines:
 *
 *     # a comment (so is a line starting with ';')
 *     db = ~/rubric/index        before any section: both programs
 *     [index]                    rubric-index's keys
 *     root = ~/notes             (repeatable)
 *     [search]                   rubric-search's
 *     color = always
 *
 * A key is `KEY = VALUE` (spaces around '=' dropped; " ;" after a value
 * starts a comment); a line that is neither a key, a [section], a comment
 * nor blank is an error naming its line, as is a line over 199 bytes.
 * Which keys a section holds is the program's to say (GUIDE.md lists
 * them): this file only reads them, in order, with their lines.  Read with
 * inih (Debian's libinih), each line's leading spaces dropped first, so
 * that an indented key is a key, not the previous value's continuation.
 */
#ifndef RUBRIC_CONFIG_H
#define RUBRIC_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

typedef struct {
	const char *section;   /* "" before any [section] */
	const char *key;
	const char *value;
	unsigned line;
} rb_config_entry;

typedef struct {
	char *path;            /* the file read, or NULL: none */
	rb_config_entry *v;    /* its entries, in the file's order */
	size_t n, cap;
} rb_config;

/* The file to read: `given` (--config), which must exist, else the
 * default place, which may not (*must_exist false); NULL when HOME and
 * XDG_CONFIG_HOME are both unset (no file). */
rb_status rb_config_path(const char *given, char **out, bool *must_exist, char **err);

/* The entries of the file at `path` into *out (zeroed first).  A missing
 * file that need not exist reads as empty.  RB_ERR_IO (unreadable),
 * RB_ERR_INVALID ("FILE:LINE: why"), RB_ERR_NO_MEMORY. */
rb_status rb_config_read(const char *path, bool must_exist, rb_config *out, char **err);
void rb_config_free(rb_config *c);

/* A message about entry e: "FILE:LINE: " + fmt's text.  Returns
 * RB_ERR_INVALID (RB_ERR_NO_MEMORY when it cannot be made). */
rb_status rb_config_fail(const rb_config *c, const rb_config_entry *e, char **err,
			 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* e's value as a path: "~/x" is $HOME/x; one not absolute is an error
 * (paths in the file do not depend on where a program runs). */
rb_status rb_config_path_value(const rb_config *c, const rb_config_entry *e, char **out,
			       char **err);

#endif
