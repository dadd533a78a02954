/* status.h: how every lib/ function reports failure.
 *
 * lib/ never prints and never exits.  A function that can fail returns an
 * rb_status and, through its last parameter `char **err` (may be NULL),
 * a malloc'd one-line message naming the file or index and the reason.
 * The programs turn it into "rubric-xxx: <message>" and an exit status.
 */
#ifndef RUBRIC_STATUS_H
#define RUBRIC_STATUS_H

typedef enum {
	RB_OK = 0,
	RB_ERR_NO_MEMORY,
	RB_ERR_INVALID,     /* bad argument or option (unknown language, empty query) */
	RB_ERR_IO,          /* a file could not be read or written */
	RB_ERR_INDEX,       /* the index could not be opened, read or written */
	RB_ERR_LOCKED,      /* another writer holds the index */
	RB_ERR_INTERRUPTED,
	RB_ERR_NO_COMMIT,   /* the index's first build has not committed yet */
	RB_ERR_DAMAGED,     /* the index is damaged: rubric-index --rebuild */
	RB_ERR_SCHEMA       /* the index has another schema: rubric-index --rebuild */
} rb_status;

const char *rb_status_to_string(rb_status status);

/* Sets *err (when err is not NULL) to a formatted message; returns status. */
rb_status rb_fail(char **err, rb_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
