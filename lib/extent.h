/* extent.h: the sizes of a glass database's table files at its last
 * commit, and the files cut back to them after a run that failed.
 *
 * A commit that fails (a full disk) leaves the tables grown by the blocks
 * it had written; they are unused, and Xapian would write over them, but a
 * full disk stays full: even a run that only removes files then fails.
 * The blocks a commit uses are written before it, so every block of the
 * last commit lies within the sizes the files had right after it. */
#ifndef RUBRIC_EXTENT_H
#define RUBRIC_EXTENT_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#define RB_EXTENT_TABLES 8

typedef struct {
	char name[32];
	off_t size;
} rb_extent_table;

typedef struct {
	char *dir;   /* the database folder, malloc'd */
	rb_extent_table t[RB_EXTENT_TABLES];
	size_t n;
	/* The version file (iamglass) then: a commit replaces it (a new
	 * file renamed over it), so another one means the files hold a later
	 * commit, which must not be cut. */
	ino_t version_ino;
	struct timespec version_mtime;
} rb_extent;

/* Notes the sizes of the table files (NAME.glass) of the database in
 * `dir`, which the caller has just opened or committed.  0, or -1 when
 * out of memory or the folder cannot be read (then nothing is cut). */
int rb_extent_note(rb_extent *e, const char *dir);

/* Cuts each table file back to its noted size, unless the database has
 * committed since the note (a writer closed after a failed commit may
 * commit what it held).  Only with no writer open on the database (the
 * one that failed closed, the index's lock held). */
void rb_extent_restore(const rb_extent *e);

void rb_extent_free(rb_extent *e);

#endif
