#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <sys/file.h>
#include <unistd.h>

#define STUB_NAME "XAPIANDB"

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

rb_status rb_store_lock(const char *path, int wait, int *fd_out, char **err)
{
	char *dir = strdup(path), *lock = NULL;
	rb_status rc = RB_OK;
	if (!dir || mkdir_parents(dir)) {
		rc = rb_fail(err, RB_ERR_INDEX, "%s: cannot create the index: %s", path,
			     dir ? strerror(errno) : "out of memory");
		free(dir);
		return rc;
	}
	free(dir);
	if (asprintf(&lock, "%s/lock", path) < 0)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		rc = rb_fail(err, RB_ERR_INDEX, "%s: %s", lock, strerror(errno));
	} else if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
		rc = errno == EINTR ? rb_fail(err, RB_ERR_INTERRUPTED, "%s: interrupted while waiting", path)
		   : errno == EWOULDBLOCK
			? rb_fail(err, RB_ERR_LOCKED,
				  "%s: another rubric-index is writing this index (--wait waits for it)",
				  path)
			: rb_fail(err, RB_ERR_INDEX, "%s: cannot lock: %s", path, strerror(errno));
		close(fd);
	} else {
		*fd_out = fd;
	}
	free(lock);
	return rc;
}

static int is_generation(const char *name)
{
	return strncmp(name, "db-", 3) == 0 && name[3] >= '0' && name[3] <= '9';
}

/* Removes a database folder (glass keeps only files in it). */
static void remove_db(const char *path, const char *name)
{
	char *dir = NULL;
	if (asprintf(&dir, "%s/%s", path, name) < 0)
		return;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	if (d)
		closedir(d);
	rmdir(dir);
	free(dir);
}

/* Removes every generation but `keep` and `also`, and every chunk. */
static void remove_others(const char *path, const char *keep, const char *also)
{
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if ((is_generation(e->d_name) && (!keep || strcmp(e->d_name, keep)) &&
		     (!also || strcmp(e->d_name, also))) ||
		    strncmp(e->d_name, "chunk-", 6) == 0)
			remove_db(path, e->d_name);
	}
	if (d)
		closedir(d);
}

rb_status rb_store_current(const char *path, char **name_out, char **err)
{
	char *stub = NULL, line[256];
	*name_out = NULL;
	if (asprintf(&stub, "%s/%s", path, STUB_NAME) < 0)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	FILE *f = fopen(stub, "r");
	free(stub);
	if (!f)
		return errno == ENOENT ? RB_OK
				       : rb_fail(err, RB_ERR_INDEX, "%s: %s", path, strerror(errno));
	rb_status rc = RB_OK;
	if (!fgets(line, sizeof line, f) || strncmp(line, "glass ", 6) != 0 ||
	    !is_generation(line + 6))
		rc = rb_fail(err, RB_ERR_INDEX, "%s: %s names no rubric database", path, STUB_NAME);
	else if (!(*name_out = strndup(line + 6, strcspn(line + 6, "\r\n"))))
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	fclose(f);
	return rc;
}

void rb_store_clean(const char *path)
{
	char *current = NULL;
	if (rb_store_current(path, &current, NULL) != RB_OK)
		return;  /* a damaged stub: leave everything for a person to see */
	if (!current) {  /* no index yet: whatever is there is debris */
		remove_others(path, NULL, NULL);
		return;
	}
	/* Keep the one before too: a search may still be reading it. */
	char prev[32];
	snprintf(prev, sizeof prev, "db-%lu", strtoul(current + 3, NULL, 10) - 1);
	remove_others(path, current, prev);
	free(current);
}

rb_status rb_store_next_generation(const char *path, char **name_out, char **err)
{
	unsigned long max = 0;
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (is_generation(e->d_name)) {
			unsigned long n = strtoul(e->d_name + 3, NULL, 10);
			if (n > max)
				max = n;
		}
	if (d)
		closedir(d);
	if (asprintf(name_out, "db-%lu", max + 1) < 0)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	return RB_OK;
}

rb_status rb_store_swap(const char *path, const char *name, char **err)
{
	char *old = NULL;
	rb_store_current(path, &old, NULL);
	rb_status rc = write_stub(path, name, err);
	/* The old generation stays until the next swap: a search that opened
	 * it just before this one can finish. */
	if (!rc)
		remove_others(path, name, old);
	free(old);
	return rc;
}

rb_status rb_store_open_writer(const char *path, xc_writer **out, char **err)
{
	char *name = NULL, *db = NULL, *msg = NULL;
	rb_status rc = rb_store_current(path, &name, err);
	if (rc)
		return rc;
	int fresh = name == NULL;
	if ((fresh && (rc = rb_store_next_generation(path, &name, err))))
		return rc;
	if (asprintf(&db, "%s/%s", path, name) < 0) {
		free(name);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	xc_status xs = xc_writer_open(db, fresh ? XC_WRITER_OVERWRITE : XC_WRITER_CREATE_OR_OPEN,
				      out, &msg);
	if (xs)
		rc = rb_fail(err, rb_store_status(xs), "%s", msg ? msg : db);
	else if (fresh && (rc = write_stub(path, name, err))) {
		xc_writer_close(*out, NULL);
		*out = NULL;
	}
	free(msg);
	free(db);
	free(name);
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
