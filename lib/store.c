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

/* Writes the stub atomically, one line per shard: a reader sees the old
 * one or the new one. */
static rb_status write_stub(const char *dir, const char *gen, unsigned shards,
			    char **err)
{
	char *tmp = NULL, *stub = NULL;
	rb_status rc = RB_OK;
	if (asprintf(&tmp, "%s/%s.tmp", dir, STUB_NAME) < 0 ||
	    asprintf(&stub, "%s/%s", dir, STUB_NAME) < 0) {
		free(tmp);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	FILE *f = fopen(tmp, "w");
	int bad = !f;
	for (unsigned s = 0; !bad && s < shards; s++)
		bad = shards == 1 ? fprintf(f, "glass %s\n", gen) < 0
				  : fprintf(f, "glass %s.%u\n", gen, s) < 0;
	if (f && (fflush(f) || fsync(fileno(f))))
		bad = 1;
	if ((f && fclose(f)) || bad || rename(tmp, stub))
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

/* "db-3" or "db-3.1": the generation number, or 0 for other names. */
static unsigned long generation_of(const char *name)
{
	if (strncmp(name, "db-", 3) != 0 || name[3] < '0' || name[3] > '9')
		return 0;
	char *end;
	unsigned long n = strtoul(name + 3, &end, 10);
	return *end == '\0' || *end == '.' ? n : 0;
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

/* Removes every generation but `keep` and `also` (0: none), and every
 * chunk. */
static void remove_others(const char *path, unsigned long keep, unsigned long also)
{
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		unsigned long g = generation_of(e->d_name);
		if ((g && g != keep && g != also) || strncmp(e->d_name, "chunk-", 6) == 0)
			remove_db(path, e->d_name);
	}
	if (d)
		closedir(d);
}

rb_status rb_store_current(const char *path, char **gen_out, unsigned *shards_out,
			   char **err)
{
	char *stub = NULL, line[512];
	unsigned shards = 0;
	*gen_out = NULL;
	if (asprintf(&stub, "%s/%s", path, STUB_NAME) < 0)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	FILE *f = fopen(stub, "r");
	free(stub);
	if (!f)
		return errno == ENOENT ? RB_OK
				       : rb_fail(err, RB_ERR_INDEX, "%s: %s", path, strerror(errno));
	rb_status rc = RB_OK;
	while (!rc && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *name = line + 6;
		if (strncmp(line, "glass ", 6) != 0 || !generation_of(name)) {
			rc = rb_fail(err, RB_ERR_INDEX, "%s: %s names no rubric database", path,
				     STUB_NAME);
			break;
		}
		if (shards++ == 0 && !(*gen_out = strndup(name, strcspn(name, "."))))
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	fclose(f);
	if (!rc && !*gen_out)
		rc = rb_fail(err, RB_ERR_INDEX, "%s: %s is empty", path, STUB_NAME);
	if (rc) {
		free(*gen_out);
		*gen_out = NULL;
	}
	if (shards_out)
		*shards_out = shards;
	return rc;
}

void rb_store_clean(const char *path)
{
	char *current = NULL;
	if (rb_store_current(path, &current, NULL, NULL) != RB_OK)
		return;  /* a damaged stub: leave everything for a person to see */
	if (!current) {  /* no index yet: whatever is there is debris */
		remove_others(path, 0, 0);
		return;
	}
	/* Keep the one before too: a search may still be reading it. */
	unsigned long g = generation_of(current);
	remove_others(path, g, g - 1);
	free(current);
}

rb_status rb_store_next_generation(const char *path, char **gen_out, char **err)
{
	unsigned long max = 0;
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (generation_of(e->d_name) > max)
			max = generation_of(e->d_name);
	if (d)
		closedir(d);
	if (asprintf(gen_out, "db-%lu", max + 1) < 0)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	return RB_OK;
}

char *rb_store_shard_path(const char *path, const char *gen, unsigned shard,
			  unsigned shards)
{
	char *p = NULL;
	int n = shards == 1 ? asprintf(&p, "%s/%s", path, gen)
			    : asprintf(&p, "%s/%s.%u", path, gen, shard);
	return n < 0 ? NULL : p;
}

rb_status rb_store_swap(const char *path, const char *gen, unsigned shards, char **err)
{
	char *old = NULL;
	rb_store_current(path, &old, NULL, NULL);
	rb_status rc = write_stub(path, gen, shards, err);
	/* The old generation stays until the next swap: a search that opened
	 * it just before this one can finish. */
	if (!rc)
		remove_others(path, generation_of(gen), old ? generation_of(old) : 0);
	free(old);
	return rc;
}

/* ------------------------------------------------------------ reading */

static char *join_path(const char *base, const char *p)
{
	char *out = NULL;
	if (p[0] == '/')
		return strdup(p);
	return asprintf(&out, "%s/%s", base, p) < 0 ? NULL : out;
}

/* One stub line: "glass PATH", "auto PATH", a bare PATH, or a remote
 * shard: "remote :HOST:PORT" (Xapian's form) or "remote :tcp HOST PORT". */
static xc_status add_shard(xc_db *db, const char *base, char *line, char **err)
{
	char *words[4] = { 0 };
	int n = 0;
	for (char *w = strtok(line, " \t"); w && n < 4; w = strtok(NULL, " \t"))
		words[n++] = w;
	if (n == 0)
		return XC_OK;
	if (strcmp(words[0], "remote") == 0) {
		char host[256];
		unsigned port;
		if (n == 4 && strcmp(words[1], ":tcp") == 0 && sscanf(words[3], "%u", &port) == 1)
			return xc_db_add_remote(db, words[2], port, 0, err);
		if (n == 2 && words[1][0] == ':' && sscanf(words[1] + 1, "%255[^:]:%u", host, &port) == 2)
			return xc_db_add_remote(db, host, port, 0, err);
		if (err)
			*err = strdup("bad remote line (want: remote :HOST:PORT)");
		return XC_ERR_INVALID;
	}
	const char *p = n >= 2 ? words[1] : words[0];
	char *full = join_path(base, p);
	if (!full)
		return XC_ERR_NO_MEMORY;
	xc_status xs = xc_db_add(db, full, err);
	free(full);
	return xs;
}

rb_status rb_store_open_shards(const char *path, int allow_missing,
			       rb_store_warn_fn warn, void *ctx, xc_db **out,
			       char **err)
{
	struct stat st;
	char *stub = NULL, *base = NULL, *msg = NULL, line[4096];
	if (stat(path, &st) != 0)
		return rb_fail(err, RB_ERR_INDEX,
			       "%s: no index there (create one with rubric-index)", path);
	if (S_ISDIR(st.st_mode)) {
		if (asprintf(&stub, "%s/%s", path, STUB_NAME) < 0)
			return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
		base = strdup(path);
	} else {
		stub = strdup(path);
		const char *slash = strrchr(path, '/');
		base = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
	}
	FILE *f = stub ? fopen(stub, "r") : NULL;
	rb_status rc = RB_OK;
	if (!f) {
		/* A bare Xapian database folder. */
		xc_status xs = stub && base ? xc_db_open(path, out, &msg) : XC_ERR_NO_MEMORY;
		if (xs)
			rc = rb_fail(err, rb_store_status(xs), "%s", msg ? msg : path);
		goto done;
	}
	xc_status xs = xc_db_new(path, out, &msg);
	size_t opened = 0, lineno = 0;
	while (!xs && !rc && fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
			continue;
		char shard[4096];
		snprintf(shard, sizeof shard, "%s", line);
		free(msg);
		msg = NULL;
		xc_status ss = add_shard(*out, base, line, &msg);
		if (!ss) {
			opened++;
		} else if (allow_missing && warn) {
			char *w = NULL;
			if (asprintf(&w, "%s: shard %zu (%s) skipped: %s", path, lineno, shard,
				     msg ? msg : xc_status_to_string(ss)) >= 0)
				warn(w, ctx);
			free(w);
		} else {
			rc = rb_fail(err, rb_store_status(ss), "%s: shard %zu (%s): %s", path,
				     lineno, shard, msg ? msg : xc_status_to_string(ss));
		}
	}
	fclose(f);
	if (xs)
		rc = rb_fail(err, rb_store_status(xs), "%s", msg ? msg : path);
	else if (!rc && opened == 0)
		rc = rb_fail(err, RB_ERR_INDEX, "%s: no shard could be opened", path);
	if (rc) {
		xc_db_close(*out);
		*out = NULL;
	}
done:
	if (f == NULL && rc == RB_OK && !*out)
		rc = rb_fail(err, RB_ERR_INDEX, "%s: cannot open", path);
	free(msg);
	free(stub);
	free(base);
	return rc;
}

rb_status rb_store_open_reader(const char *path, xc_db **out, char **err)
{
	return rb_store_open_shards(path, 0, NULL, NULL, out, err);
}
