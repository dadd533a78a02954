#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STUB_NAME "XAPIANDB"
#define FIRST_DB "db-1"

rb_status rb_store_status(xc_status st)
{
	switch (st) {
	case XC_OK: return RB_OK;
	case XC_ERR_LOCKED: return RB_ERR_LOCKED;
	case XC_ERR_NO_MEMORY: return RB_ERR_NO_MEMORY;
	case XC_ERR_INVALID: return RB_ERR_INVALID;
	default: return RB_ERR_INDEX;
	}
}

rb_status rb_store_default_path(char **out, char **err)
{
	const char *db = getenv("RUBRIC_DB"), *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;
	if (db && *db)
		n = asprintf(out, "%s", db);
	else if (xdg && *xdg)
		n = asprintf(out, "%s/rubric/index", xdg);
	else if (home && *home)
		n = asprintf(out, "%s/.local/share/rubric/index", home);
	else
		return rb_fail(err, RB_ERR_INVALID,
			       "no index given: use -d DB or set RUBRIC_DB (HOME is not set)");
	if (n < 0)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	return RB_OK;
}

static int mkdir_parents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0777);
		*p = '/';
		if (rc && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0777) && errno != EEXIST ? -1 : 0;
}

/* Writes the stub atomically: a reader sees the old one or the new one. */
static rb_status write_stub(const char *dir, const char *db_name, char **err)
{
	char *tmp = NULL, *stub = NULL;
	rb_status rc = RB_OK;
	if (asprintf(&tmp, "%s/%s.tmp", dir, STUB_NAME) < 0 ||
	    asprintf(&stub, "%s/%s", dir, STUB_NAME) < 0) {
		free(tmp);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "glass %s\n", db_name) < 0 || fflush(f) ||
	    fsync(fileno(f)) || fclose(f) || rename(tmp, stub))
		rc = rb_fail(err, RB_ERR_INDEX, "%s: cannot write %s: %s", dir,
			     STUB_NAME, strerror(errno));
	free(tmp);
	free(stub);
	return rc;
}

rb_status rb_store_open_writer(const char *path, xc_writer **out, char **err)
{
	char *stub = NULL, *db = NULL, *msg = NULL;
	struct stat st;
	rb_status rc = RB_OK;
	if (asprintf(&stub, "%s/%s", path, STUB_NAME) < 0)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	if (stat(stub, &st) == 0) {
		xc_status xs = xc_writer_open(path, XC_WRITER_CREATE_OR_OPEN, out, &msg);
		if (xs)
			rc = rb_fail(err, rb_store_status(xs), "%s", msg);
		goto done;
	}
	if (stat(path, &st) == 0) {
		char *glass = NULL;
		if (asprintf(&glass, "%s/iamglass", path) < 0) {
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
			goto done;
		}
		int is_glass = access(glass, F_OK) == 0;
		free(glass);
		if (!S_ISDIR(st.st_mode) || (!is_glass && rmdir(path) != 0 && errno != ENOENT)) {
			rc = rb_fail(err, RB_ERR_INDEX,
				     "%s: exists and is not a rubric index", path);
			goto done;
		}
		if (is_glass) {  /* a bare Xapian database: use it as it is */
			xc_status xs = xc_writer_open(path, XC_WRITER_CREATE_OR_OPEN, out, &msg);
			if (xs)
				rc = rb_fail(err, rb_store_status(xs), "%s", msg);
			goto done;
		}
	}
	char *dir = strdup(path);
	if (!dir || mkdir_parents(dir)) {
		rc = rb_fail(err, RB_ERR_INDEX, "%s: cannot create the index: %s", path,
			     dir ? strerror(errno) : "out of memory");
		free(dir);
		goto done;
	}
	free(dir);
	if (asprintf(&db, "%s/%s", path, FIRST_DB) < 0) {
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
		goto done;
	}
	xc_status xs = xc_writer_open(db, XC_WRITER_CREATE_OR_OPEN, out, &msg);
	if (xs) {
		rc = rb_fail(err, rb_store_status(xs), "%s", msg);
		goto done;
	}
	if ((rc = write_stub(path, FIRST_DB, err))) {
		xc_writer_close(*out, NULL);
		*out = NULL;
	}
done:
	free(msg);
	free(stub);
	free(db);
	return rc;
}

rb_status rb_store_open_reader(const char *path, xc_db **out, char **err)
{
	char *msg = NULL;
	struct stat st;
	if (stat(path, &st) != 0)
		return rb_fail(err, RB_ERR_INDEX,
			       "%s: no index there (create one with rubric-index)", path);
	xc_status xs = xc_db_open(path, out, &msg);
	if (xs) {
		rb_status rc = rb_fail(err, rb_store_status(xs), "%s", msg ? msg : path);
		free(msg);
		return rc;
	}
	return RB_OK;
}
