#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *rb_status_to_string(rb_status status)
{
	switch (status) {
	case RB_OK: return "success";
	case RB_ERR_NO_MEMORY: return "out of memory";
	case RB_ERR_INVALID: return "invalid argument";
	case RB_ERR_IO: return "input/output error";
	case RB_ERR_INDEX: return "index error";
	case RB_ERR_LOCKED: return "index locked by another writer";
	case RB_ERR_INTERRUPTED: return "interrupted";
	case RB_ERR_NO_COMMIT: return "index not committed yet";
	case RB_ERR_DAMAGED: return "index damaged";
	case RB_ERR_SCHEMA: return "index of another schema";
	}
	return "unknown status";
}

rb_status rb_fail(char **err, rb_status status, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		if (vasprintf(err, fmt, ap) < 0)
			*err = NULL;
		va_end(ap);
	}
	return status;
}
