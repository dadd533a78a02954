/* ignore.c: ignore files read and matched with gitignore's meaning
 * (ignore.h).  Debian has no C library for it: libgit2's
 * git_ignore_path_is_ignored wants a repository, and reads .gitignore
 * alone. */
#include "ignore.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"
#include "wildmatch.h"

const char *const rb_ignore_names[] = { ".gitignore", ".ignore", ".rubricignore", NULL };

/* An ignore file larger than this is not read (git's limit too). */
#define IGNORE_FILE_MAX (100u << 20)

typedef struct {
	char *glob;        /* without its '!', trailing '/' and leading '/' */
	bool negative;     /* `!`: re-included */
	bool dir_only;     /* a trailing '/' */
	bool by_name;      /* no '/' in it: matches a name at any depth */
} pattern;

typedef struct {
	char *dir;         /* the folder whose files these are (absolute) */
	size_t dir_len;
	pattern *v;
	size_t n, cap;
} level;

struct rb_ignore {
	level *v;
	size_t n, cap;
	size_t above;      /* levels of the folders above the root */
};

static void level_clear(level *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].glob);
	free(l->v);
	free(l->dir);
	memset(l, 0, sizeof *l);
}

/* git's trailing-space rule: spaces at the end go, unless escaped. */
static void trim_trailing_spaces(char *s)
{
	char *last_space = NULL;
	for (char *p = s; *p; p++) {
		if (*p == ' ') {
			if (!last_space)
				last_space = p;
			continue;
		}
		if (*p == '\\' && !*++p)
			return;
		last_space = NULL;
	}
	if (last_space)
		*last_space = '\0';
}

/* One line (NUL-terminated, its '\r' gone) into l.  -1: out of memory. */
static int add_line(level *l, char *line)
{
	if (!*line || *line == '#')
		return 0;
	trim_trailing_spaces(line);
	pattern p = { 0 };
	if (*line == '!') {
		p.negative = true;
		line++;
	}
	size_t len = strlen(line);
	if (len && line[len - 1] == '/') {
		p.dir_only = true;
		line[--len] = '\0';
	}
	if (!len)
		return 0;
	p.by_name = !strchr(line, '/');
	if (*line == '/')
		line++;
	pattern *v = rb_grow(l->v, &l->cap, l->n + 1, sizeof *v, 16);
	if (!v || !(p.glob = strdup(line)))
		return v ? -1 : (free(p.glob), -1);
	l->v = v;
	l->v[l->n++] = p;
	return 0;
}

/* The ignore file `path`'s lines into l: 0 (a file that cannot be read
 * adds none), -1: out of memory. */
static int read_file(level *l, const char *path)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return 0;
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return 0;
	}
	char *line = NULL;
	size_t cap = 0, total = 0;
	ssize_t n;
	int rc = 0;
	for (bool first = true; !rc && (n = getline(&line, &cap, f)) > 0; first = false) {
		if ((total += (size_t)n) > IGNORE_FILE_MAX)
			break;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		char *s = line;
		if (first && strncmp(s, "\xEF\xBB\xBF", 3) == 0)   /* a BOM */
			s += 3;
		rc = add_line(l, s);
	}
	free(line);
	fclose(f);
	return rc;
}

/* A level for `dir`, its files read from open_dir, pushed on ig. */
static int push_level(rb_ignore *ig, const char *dir, const char *open_dir)
{
	level *v = rb_grow(ig->v, &ig->cap, ig->n + 1, sizeof *v, 16);
	if (!v)
		return -1;
	ig->v = v;
	level *l = &ig->v[ig->n];
	memset(l, 0, sizeof *l);
	if (!(l->dir = strdup(dir)))
		return -1;
	l->dir_len = strlen(dir);
	ig->n++;
	size_t room = strlen(open_dir) + 16;
	char *path = malloc(room);
	if (!path)
		return -1;
	int rc = 0;
	for (const char *const *name = rb_ignore_names; !rc && *name; name++) {
		snprintf(path, room, "%s%s%s", open_dir,
			 open_dir[strlen(open_dir) - 1] == '/' ? "" : "/", *name);
		rc = read_file(l, path);
	}
	free(path);
	return rc;
}

static void drop_levels(rb_ignore *ig, size_t keep)
{
	while (ig->n > keep)
		level_clear(&ig->v[--ig->n]);
}

/* The levels of "/" and of each folder down to path's first `end`
 * bytes, pushed; when `ignored` is given, each folder is checked first
 * (and the descent stops at one ignored). */
static int push_folders_above(rb_ignore *ig, const char *path, size_t end, bool *ignored)
{
	char *dir = strndup(path, end);
	if (!dir)
		return -1;
	size_t len = strlen(dir);
	int rc = push_level(ig, "/", "/");
	for (size_t k = 2; !rc && len > 1 && k <= len; k++) {
		if (k < len && dir[k] != '/')
			continue;
		char c = dir[k];
		dir[k] = '\0';
		if (ignored && rb_ignore_match(ig, ig->n - 1, dir, true)) {
			*ignored = true;
			break;
		}
		rc = push_level(ig, dir, dir);
		dir[k] = c;
	}
	free(dir);
	return rc;
}

rb_status rb_ignore_new(const char *root, rb_ignore **out, char **err)
{
	rb_ignore *ig = calloc(1, sizeof *ig);
	const char *last = strrchr(root, '/');
	if (!ig || (last && last != root && push_folders_above(ig, root, (size_t)(last - root),
							      NULL))) {
		rb_ignore_free(ig);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", root);
	}
	if (last == root && !ig->n && push_level(ig, "/", "/")) {   /* a root just below "/" */
		rb_ignore_free(ig);
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", root);
	}
	ig->above = strcmp(root, "/") == 0 ? 0 : ig->n;
	*out = ig;
	return RB_OK;
}

void rb_ignore_free(rb_ignore *ig)
{
	if (!ig)
		return;
	drop_levels(ig, 0);
	free(ig->v);
	free(ig);
}

rb_status rb_ignore_enter(rb_ignore *ig, size_t depth, const char *dir, const char *open_dir,
			  char **err)
{
	drop_levels(ig, ig->above + depth < ig->n ? ig->above + depth : ig->n);
	if (push_level(ig, dir, open_dir))
		return rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", dir);
	return RB_OK;
}

/* The pattern of l that decides for path (rel: from l's folder), or NULL. */
static const pattern *last_match(const level *l, const char *rel, const char *name, bool is_dir)
{
	for (size_t i = l->n; i-- > 0;) {
		const pattern *p = &l->v[i];
		if (p->dir_only && !is_dir)
			continue;
		if (p->by_name ? rb_wildmatch(p->glob, name, false)
			       : rb_wildmatch(p->glob, rel, true))
			return p;
	}
	return NULL;
}

bool rb_ignore_match(const rb_ignore *ig, size_t depth, const char *path, bool is_dir)
{
	const char *name = strrchr(path, '/');
	name = name ? name + 1 : path;
	size_t top = ig->above + depth + 1 < ig->n ? ig->above + depth + 1 : ig->n;
	for (size_t i = top; i-- > 0;) {
		const level *l = &ig->v[i];
		if (strncmp(path, l->dir, l->dir_len) != 0 ||
		    (l->dir_len > 1 && path[l->dir_len] != '/'))
			continue;
		const char *rel = path + l->dir_len;
		rel += *rel == '/';
		const pattern *p = last_match(l, rel, name, is_dir);
		if (p)
			return !p->negative;
	}
	return false;
}

rb_status rb_ignore_path(const char *path, bool is_dir, bool *ignored, char **err)
{
	rb_ignore ig = { 0 };
	const char *last = strrchr(path, '/');
	*ignored = false;
	int rc = last ? push_folders_above(&ig, path, (size_t)(last - path) + (last == path),
					   ignored)
		      : 0;
	if (!rc && !*ignored && ig.n)
		*ignored = rb_ignore_match(&ig, ig.n - 1, path, is_dir);
	drop_levels(&ig, 0);
	free(ig.v);
	return rc ? rb_fail(err, RB_ERR_NO_MEMORY, "%s: out of memory", path) : RB_OK;
}
