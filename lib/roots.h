/* roots.h: the folders and files an index holds (RB_META_ROOTS), which a
 * rebuild without PATH walks again.
 *
 * Stored as each path followed by a NUL, so that any path round-trips (a
 * file name may hold a newline).  An index written before held one path a
 * line and no NUL: it is read as it was. */
#ifndef RUBRIC_ROOTS_H
#define RUBRIC_ROOTS_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

typedef struct {
	char **v;   /* malloc'd paths, each malloc'd */
	size_t n;
} rb_roots;

/* The roots stored as `len` bytes of `buf` appended to *out. */
rb_status rb_roots_parse(const char *buf, size_t len, rb_roots *out, char **err);

bool rb_roots_has(const rb_roots *r, const char *path);

/* Appends a copy of `path` unless it is there. */
rb_status rb_roots_add(rb_roots *r, const char *path, char **err);

/* Removes `path`; whether it was there. */
bool rb_roots_remove(rb_roots *r, const char *path);

/* The stored form of `n` paths (malloc'd, *len_out bytes); NULL when out
 * of memory. */
char *rb_roots_format(char *const *paths, size_t n, size_t *len_out);

void rb_roots_free(rb_roots *r);

#endif
