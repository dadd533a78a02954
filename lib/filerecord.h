/* filerecord.h: a passage's whole record.  Since record version 8 a file's
 * path, language, title, fields and date are stored once, on its passage
 * 1 (lib/record.h); a later passage names its file by id, and its record
 * is completed here from passage 1's, found by its unique term in
 * whichever shard holds the file, local or remote.  The last files' first
 * records are kept, so that a page of hits from one file, or a check of
 * every passage (`-c title:x`, passages in file order), reads each file's
 * passage 1 once. */
#ifndef RUBRIC_FILERECORD_H
#define RUBRIC_FILERECORD_H

#include <stddef.h>

#include "record.h"
#include "status.h"
#include "xapian_c.h"

typedef struct rb_file_records rb_file_records;

/* A cache of db's files' first records; db stays the caller's. */
rb_status rb_file_records_new(xc_db *db, rb_file_records **out, char **err);
void rb_file_records_free(rb_file_records *c);
/* Forgets the records kept (the database may have been reopened on a
 * newer revision, where a file's passage 1 changed). */
void rb_file_records_clear(rb_file_records *c);

/* Decodes data[0, len) into r (rb_record_decode) and, for a later passage,
 * completes it from its file's passage 1.  With owned NULL, what r takes
 * from passage 1 points into c, valid until the next call with c; else
 * into *owned, malloc'd for the caller to free (NULL when r needed
 * nothing).  RB_ERR_INDEX when passage 1 is missing or is not the file's. */
rb_status rb_record_read(rb_file_records *c, const char *data, size_t len, rb_record *r,
			 char **owned, char **err);

#endif
