#include "extent.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_table(const char *name)
{
	size_t n = strlen(name);
	return n > 6 && n < sizeof ((rb_extent_table *)0)->name &&
	       strcmp(name + n - 6, ".glass") == 0;
}

static int stat_version(const char *dir, struct stat *st)
{
	int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = d >= 0 ? fstatat(d, "iamglass", st, 0) : -1;
	if (d >= 0)
		close(d);
	return rc;
}

int rb_extent_note(rb_extent *e, const char *dir)
{
	if (!e->dir && !(e->dir = strdup(dir)))
		return -1;
	e->n = 0;
	struct stat vs;
	if (stat_version(dir, &vs))
		return -1;
	e->version_ino = vs.st_ino;
	e->version_mtime = vs.st_mtim;
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *de;
	struct stat st;
	while ((de = readdir(d)) && e->n < RB_EXTENT_TABLES)
		if (is_table(de->d_name) && fstatat(dirfd(d), de->d_name, &st, 0) == 0) {
			strcpy(e->t[e->n].name, de->d_name);
			e->t[e->n++].size = st.st_size;
		}
	closedir(d);
	return 0;
}

void rb_extent_restore(const rb_extent *e)
{
	struct stat vs;
	if (!e->dir || stat_version(e->dir, &vs) || vs.st_ino != e->version_ino ||
	    vs.st_mtim.tv_sec != e->version_mtime.tv_sec ||
	    vs.st_mtim.tv_nsec != e->version_mtime.tv_nsec)
		return;
	int dir = open(e->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	for (size_t i = 0; dir >= 0 && i < e->n; i++) {
		int fd = openat(dir, e->t[i].name, O_WRONLY | O_CLOEXEC);
		struct stat st;
		if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size > e->t[i].size)
			(void)!ftruncate(fd, e->t[i].size);
		if (fd >= 0)
			close(fd);
	}
	if (dir >= 0)
		close(dir);
}

void rb_extent_free(rb_extent *e)
{
	free(e->dir);
	e->dir = NULL;
	e->n = 0;
}
