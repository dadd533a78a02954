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
	case XC_ERR_CORRUPT: return RB_ERR_DAMAGED;
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

/* ------------------------------------------------------------- access */

int rb_store_exists(const char *path)
{
	char *stub = NULL;
	if (asprintf(&stub, "%s/%s", path, STUB_NAME) < 0)
		return 0;
	int yes = access(stub, F_OK) == 0;
	free(stub);
	return yes;
}

mode_t rb_store_folder_mode(rb_share share, mode_t user_umask)
{
	return share == RB_SHARE_SHARED ? 0700 | (0755 & ~user_umask) : 0700;
}

mode_t rb_store_umask(const char *path, rb_share share, mode_t user_umask)
{
	struct stat st;
	mode_t folder = rb_store_folder_mode(share, user_umask);
	if (share == RB_SHARE_DEFAULT && rb_store_exists(path) && stat(path, &st) == 0)
		folder = st.st_mode & 0777;
	return ~folder & 0077;
}

/* "db-3" or "db-3.1": the generation number, or 0 for other names. */
static unsigned long generation_of(const char *name);

int rb_store_owns_name(const char *name)
{
	return strcmp(name, STUB_NAME) == 0 || strcmp(name, STUB_NAME ".tmp") == 0 ||
	       strcmp(name, "lock") == 0 || generation_of(name) ||
	       strncmp(name, "chunk-", 6) == 0;
}

/* chmod of one entry of `dir` (and, for a database folder, of its files);
 * symbolic links are left alone. */
static int chmod_entry(int dir, const char *name, mode_t folder_mode, int depth)
{
	struct stat st;
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISREG(st.st_mode))
		return fchmodat(dir, name, folder_mode & 0666, 0);
	if (!S_ISDIR(st.st_mode))
		return 0;
	if (fchmodat(dir, name, folder_mode, 0) != 0)
		return -1;
	if (depth == 0)
		return 0;
	int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			rc = chmod_entry(dirfd(d), e->d_name, folder_mode, depth - 1);
	int saved = errno;
	closedir(d);
	errno = saved;
	return rc;
}

rb_status rb_store_chmod(const char *path, mode_t folder_mode, char **err)
{
	folder_mode = (folder_mode & 0777) | 0700;
	DIR *d = NULL;
	int rc = chmod(path, folder_mode);
	if (!rc && !(d = opendir(path)))
		rc = -1;
	struct dirent *e;
	while (!rc && (e = readdir(d)))
		if (rb_store_owns_name(e->d_name))
			rc = chmod_entry(dirfd(d), e->d_name, folder_mode, 1);
	int saved = errno;
	if (d)
		closedir(d);
	if (rc)
		return rb_fail(err, RB_ERR_INDEX, "%s: cannot set the index's modes: %s", path,
			       strerror(saved));
	return RB_OK;
}

typedef struct {
	mode_t *v;
	size_t n, max;
} mode_set;

static void add_mode(mode_set *m, mode_t mode)
{
	mode &= 07777;
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i] == mode)
			return;
	if (m->n < m->max)
		m->v[m->n++] = mode;
}

static void collect_modes(int dir, mode_set *folders, mode_set *files, int depth)
{
	int fd = dup(dir);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	struct dirent *e;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((e = readdir(d))) {
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISREG(st.st_mode)) {
			add_mode(files, st.st_mode);
		} else if (S_ISDIR(st.st_mode)) {
			add_mode(folders, st.st_mode);
			int sub = depth > 0 ? openat(dirfd(d), e->d_name,
						     O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
					    : -1;
			if (sub >= 0) {
				collect_modes(sub, folders, files, depth - 1);
				close(sub);
			}
		}
	}
	closedir(d);
}

void rb_store_modes(const char *path, mode_t *folders, size_t *n_folders,
		    mode_t *files, size_t *n_files, size_t max)
{
	struct stat st;
	mode_set fo = { folders, 0, max }, fi = { files, 0, max };
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		add_mode(&fo, st.st_mode);
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			collect_modes(fd, &fo, &fi, 2);
			close(fd);
		}
	}
	*n_folders = fo.n;
	*n_files = fi.n;
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

void rb_store_lock_note(int fd, const char *note)
{
	char text[64];
	int n = note ? snprintf(text, sizeof text, "%s %ld\n", note, (long)getpid()) : 0;
	/* A note is only ever a message's detail: a failure to write it
	 * changes nothing else. */
	if (ftruncate(fd, 0) != 0 || n <= 0)
		return;
	ssize_t w = pwrite(fd, text, (size_t)n, 0);
	(void)w;
}

/* The lock is held: by a watcher (its note says), or by a run. */
static rb_status locked(int fd, const char *path, char **err)
{
	char text[64] = "";
	long pid = 0;
	ssize_t n = pread(fd, text, sizeof text - 1, 0);
	if (n > 0 && sscanf(text, RB_LOCK_WATCH " %ld", &pid) == 1)
		return rb_fail(err, RB_ERR_LOCKED, "%s: rubric-index --watch (pid %ld) is keeping"
			       " this index current: stop it to write the index otherwise"
			       " (--wait waits for it)", path, pid);
	return rb_fail(err, RB_ERR_LOCKED,
		       "%s: another rubric-index is writing this index (--wait waits for it)", path);
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
	if (fd < 0 && (errno == EACCES || errno == EPERM)) {
		rc = rb_fail(err, RB_ERR_INDEX, "%s: cannot write the index (%s: %s): only its"
			     " owner can update it", path, lock, strerror(errno));
	} else if (fd < 0) {
		rc = rb_fail(err, RB_ERR_INDEX, "%s: %s", lock, strerror(errno));
	} else if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
		rc = errno == EINTR ? rb_fail(err, RB_ERR_INTERRUPTED, "%s: interrupted while waiting", path)
		   : errno == EWOULDBLOCK ? locked(fd, path, err)
			: rb_fail(err, RB_ERR_INDEX, "%s: cannot lock: %s", path, strerror(errno));
		close(fd);
	} else {
		rb_store_lock_note(fd, NULL);
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

/* Removes every generation but `keep` (0: none), and every chunk. */
static void remove_others(const char *path, unsigned long keep)
{
	DIR *d = opendir(path);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		unsigned long g = generation_of(e->d_name);
		if ((g && g != keep) || strncmp(e->d_name, "chunk-", 6) == 0)
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
			rc = rb_fail(err, RB_ERR_DAMAGED, "%s: the index is damaged: rebuild it with"
				     " rubric-index --rebuild -d %s (%s names no rubric database)",
				     path, path, STUB_NAME);
			break;
		}
		if (shards++ == 0 && !(*gen_out = strndup(name, strcspn(name, "."))))
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	fclose(f);
	if (!rc && !*gen_out)
		rc = rb_fail(err, RB_ERR_DAMAGED, "%s: the index is damaged: rebuild it with"
			     " rubric-index --rebuild -d %s (%s is empty)", path, path, STUB_NAME);
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
		remove_others(path, 0);
		return;
	}
	remove_others(path, generation_of(current));
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
	rb_status rc = write_stub(path, gen, shards, err);
	/* The old generation goes at once.  A search that has it open keeps
	 * reading it (a glass database holds its tables open, and an unlinked
	 * file lives on while it is open: its space comes back when that
	 * search ends); one that read the old stub but had not opened the
	 * database yet finds it gone and opens the index again. */
	if (!rc)
		remove_others(path, generation_of(gen));
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

/* "PATH: reason" -> "reason" when the message names `prefix`. */
static const char *without_prefix(const char *msg, const char *prefix)
{
	size_t n = prefix ? strlen(prefix) : 0;
	if (n && strncmp(msg, prefix, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
		return msg + n + 2;
	return msg;
}

static int is_folder(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static rb_status denied(const char *path, char **err)
{
	if (!is_folder(path))
		return rb_fail(err, RB_ERR_INDEX, "%s: permission denied", path);
	return rb_fail(err, RB_ERR_INDEX,
		       "%s: permission denied: an index is readable by its owner only,"
		       " unless the owner shares it (rubric-index --shared -d %s)", path, path);
}

rb_status rb_store_error(const char *index, const char *what, xc_status st,
			 const char *msg, char **err)
{
	const char *m = msg && *msg ? msg : xc_status_to_string(st);
	/* Xapian reads a truncated table as "EOF reading block N": damage,
	 * where a failing disk gives an errno ("Input/output error"). */
	int damaged = st == XC_ERR_CORRUPT || (st == XC_ERR_IO && strstr(m, "EOF reading"));
	if (st == XC_ERR_NO_MEMORY)
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", index);
	if (st != XC_ERR_NETWORK && strstr(m, strerror(EACCES)))
		return denied(index, err);
	if (!damaged) {
		if (what)
			return rb_fail(err, rb_store_status(st), "%s: %s: %s", index, what,
				       without_prefix(m, index));
		if (strncmp(m, index, strlen(index)) == 0)
			return rb_fail(err, rb_store_status(st), "%s", m);
		return rb_fail(err, rb_store_status(st), "%s: %s", index, m);
	}
	/* Xapian names the database: keep its name inside the index. */
	size_t n = strlen(index);
	const char *detail = strncmp(m, index, n) == 0 && m[n] == '/' ? m + n + 1
								    : without_prefix(m, index);
	const char *sep = what ? ": " : "";
	if (is_folder(index))
		return rb_fail(err, RB_ERR_DAMAGED,
			       "%s: the index is damaged: rebuild it with rubric-index --rebuild -d %s"
			       " (%s%s%s)", index, index, what ? what : "", sep, detail);
	return rb_fail(err, RB_ERR_DAMAGED,
		       "%s: %s%sthe index is damaged: rebuild it with rubric-index --rebuild (%s)",
		       index, what ? what : "", sep, detail);
}

rb_status rb_store_reword(xc_status st, char **err)
{
	if (!err || !*err)
		return rb_store_status(st);
	char *msg = *err, *colon = strstr(msg, ": ");
	char *index = colon ? strndup(msg, (size_t)(colon - msg)) : NULL;
	if (!index)
		return rb_store_status(st);
	*err = NULL;
	rb_status rc = rb_store_error(index, NULL, st, msg, err);
	free(index);
	free(msg);
	return rc;
}

rb_status rb_store_search_failed(xc_status st, char **err)
{
	if (!st)
		return RB_OK;
	return err && *err ? rb_store_reword(st, err) : rb_fail(err, RB_ERR_INDEX, "search failed");
}

/* A folder without a stub where Xapian found no database: a rubric index
 * whose first build has not committed (its lock, chunks), or not an index. */
static rb_status no_database(const char *path, xc_status xs, const char *msg,
			     char **err)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int xapian = 0, rubric = 0;
	while (d && (e = readdir(d))) {
		xapian |= strncmp(e->d_name, "iam", 3) == 0;  /* iamglass, iamchert */
		rubric |= rb_store_owns_name(e->d_name);
	}
	if (d)
		closedir(d);
	else if (errno == EACCES)
		return denied(path, err);
	if (xapian)
		return rb_store_error(path, NULL, xs, msg, err);
	if (rubric)
		return rb_fail(err, RB_ERR_NO_COMMIT,
			       "%s: the index has no commit yet: its first rubric-index run is"
			       " still writing it (search when it has finished) or was stopped"
			       " (run it again)", path);
	return rb_fail(err, RB_ERR_INDEX,
		       "%s: not an index (no %s in it; create one with rubric-index -d %s PATH...)",
		       path, STUB_NAME, path);
}

static rb_status check_schema(const char *path, xc_db *db, char **err)
{
	char *schema = NULL, *msg = NULL;
	size_t len = 0;
	rb_status rc = RB_OK;
	xc_status xs = xc_db_get_metadata(db, RB_META_SCHEMA, &schema, &len, &msg);
	if (xs)
		rc = rb_store_error(path, NULL, xs, msg, err);
	else if (len && strcmp(schema, RB_SCHEMA_VERSION) != 0)
		rc = rb_fail(err, RB_ERR_SCHEMA,
			     "%s: the index was written by another version of rubric (index schema"
			     " %.20s, this rubric's %s): rebuild it with rubric-index --rebuild%s%s",
			     path, schema, RB_SCHEMA_VERSION, is_folder(path) ? " -d " : "",
			     is_folder(path) ? path : "");
	free(schema);
	free(msg);
	return rc;
}

rb_status rb_store_open(const char *path, int flags, rb_store_warn_fn warn,
			void *ctx, xc_db **out, char **err)
{
	struct stat st;
	char *stub = NULL, *base = NULL, *msg = NULL, line[4096];
	int folder;
	*out = NULL;
	if (stat(path, &st) != 0) {
		if (errno == EACCES)
			return denied(path, err);
		if (errno != ENOENT && errno != ENOTDIR)
			return rb_fail(err, RB_ERR_INDEX, "%s: %s", path, strerror(errno));
		return rb_fail(err, RB_ERR_INDEX,
			       "%s: no index there (create one with rubric-index -d %s PATH...)",
			       path, path);
	}
	folder = S_ISDIR(st.st_mode);
	if (folder) {
		if (asprintf(&stub, "%s/%s", path, STUB_NAME) < 0)
			return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
		base = strdup(path);
	} else {
		stub = strdup(path);
		const char *slash = strrchr(path, '/');
		base = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
	}
	if (!stub || !base) {
		free(stub);
		free(base);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	FILE *f = fopen(stub, "r");
	rb_status rc = RB_OK;
	if (!f && errno == EACCES) {
		rc = denied(path, err);
	} else if (!f) {
		/* A bare Xapian database (a folder or a single file). */
		xc_status xs = xc_db_open(path, out, &msg);
		if (xs && folder)
			rc = no_database(path, xs, msg, err);
		else if (xs)
			rc = rb_store_error(path, NULL, xs, msg, err);
	} else {
		xc_status xs = xc_db_new(path, out, &msg);
		size_t opened = 0, lineno = 0, named = 0;
		if (xs)
			rc = rb_store_error(path, NULL, xs, msg, err);
		while (!rc && fgets(line, sizeof line, f)) {
			lineno++;
			line[strcspn(line, "\r\n")] = '\0';
			if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
				continue;
			named++;
			char shard[4096], what[4200];
			snprintf(shard, sizeof shard, "%s", line);
			snprintf(what, sizeof what, "shard %zu (%s)", lineno, shard);
			free(msg);
			msg = NULL;
			xc_status ss = add_shard(*out, base, line, &msg);
			if (!ss) {
				opened++;
				continue;
			}
			/* A rubric index names its own databases: one missing or
			 * unreadable is damage (a swap in progress is retried by
			 * the caller). */
			int local = strncmp(shard, "remote", 6) != 0;
			int own = folder && local &&
				  (ss == XC_ERR_NOT_FOUND || ss == XC_ERR_OPENING) &&
				  !(msg && strstr(msg, strerror(EACCES)));
			char *why = NULL;
			rb_status sr = own ? rb_fail(&why, RB_ERR_DAMAGED,
						     "%s: the index is damaged: rebuild it with"
						     " rubric-index --rebuild -d %s (%s)", path, path,
						     msg ? msg : xc_status_to_string(ss))
					   : rb_store_error(path, folder && local ? NULL : what, ss,
							    msg, &why);
			if ((flags & RB_OPEN_ALLOW_MISSING) && warn) {
				char *w = NULL;
				if (asprintf(&w, "%s: shard %zu (%s) skipped: %s", path, lineno, shard,
					     msg ? msg : xc_status_to_string(ss)) >= 0)
					warn(w, ctx);
				free(w);
				free(why);
			} else {
				rc = sr;
				if (err)
					*err = why;
				else
					free(why);
			}
		}
		fclose(f);
		if (!rc && opened == 0 && folder && !named)
			rc = rb_fail(err, RB_ERR_DAMAGED, "%s: the index is damaged: rebuild it with"
				     " rubric-index --rebuild -d %s (%s names no database)", path,
				     path, STUB_NAME);
		else if (!rc && opened == 0)
			rc = rb_fail(err, RB_ERR_INDEX, "%s: no shard could be opened", path);
	}
	if (!rc && !(flags & RB_OPEN_ANY_SCHEMA))
		rc = check_schema(path, *out, err);
	if (rc) {
		xc_db_close(*out);
		*out = NULL;
	}
	free(msg);
	free(stub);
	free(base);
	return rc;
}

rb_status rb_store_open_shards(const char *path, int allow_missing,
			       rb_store_warn_fn warn, void *ctx, xc_db **out,
			       char **err)
{
	return rb_store_open(path, allow_missing ? RB_OPEN_ALLOW_MISSING : 0, warn, ctx,
			     out, err);
}

rb_status rb_store_open_reader(const char *path, xc_db **out, char **err)
{
	return rb_store_open(path, 0, NULL, NULL, out, err);
}

rb_status rb_store_add(xc_db *db, const char *path, char **err)
{
	xc_db *alone = NULL;
	char *msg = NULL;
	/* Opened as rb_store_open opens it, a shard at a time, then handed to
	 * db: each shard's own keys are listed (the stem families). */
	rb_status rc = rb_store_open(path, 0, NULL, NULL, &alone, err);
	if (!rc) {
		xc_status xs = xc_db_add_all(db, alone, &msg);
		if (xs) {
			xc_db_close(alone);
			rc = rb_store_error(path, NULL, xs, msg, err);
		}
	}
	free(msg);
	return rc;
}
