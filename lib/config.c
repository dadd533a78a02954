/* config.c: the configuration file read into its entries (config.h). */
#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "grow.h"

rb_status rb_config_path(const char *given, char **out, bool *must_exist, char **err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n = 0;
	*out = NULL;
	*must_exist = given != NULL;
	if (given)
		n = asprintf(out, "%s", given);
	else if (xdg && *xdg)
		n = asprintf(out, "%s/rubric/config", xdg);
	else if (home && *home)
		n = asprintf(out, "%s/.config/rubric/config", home);
	if (n < 0) {
		*out = NULL;
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	return RB_OK;
}

/* inih's reader: fgets, counting lines, each line's leading blanks
 * dropped; a line longer than inih's buffer stops the read. */
typedef struct {
	FILE *f;
	unsigned line;
	bool too_long;
	rb_config *c;
	bool oom;
} source;

static char *read_line(char *str, int num, void *stream)
{
	source *s = stream;
	if (!fgets(str, num, s->f))
		return NULL;
	s->line++;
	size_t len = strlen(str);
	if ((int)len == num - 1 && str[len - 1] != '\n' && !feof(s->f)) {
		s->too_long = true;
		return NULL;
	}
	size_t lead = strspn(str, " \t");
	memmove(str, str + lead, len - lead + 1);
	return str;
}

/* inih's handler: one entry kept (its strings the config's). */
static int keep_entry(void *user, const char *section, const char *key, const char *value)
{
	source *s = user;
	rb_config *c = s->c;
	rb_config_entry *v = rb_grow(c->v, &c->cap, c->n + 1, sizeof *v, 16);
	if (!v) {
		s->oom = true;
		return 0;
	}
	c->v = v;
	rb_config_entry e = { strdup(section), strdup(key), strdup(value), s->line };
	if (!e.section || !e.key || !e.value) {
		free((char *)e.section);
		free((char *)e.key);
		free((char *)e.value);
		s->oom = true;
		return 0;
	}
	c->v[c->n++] = e;
	return 1;
}

/* The keys each section holds (GUIDE.md, The configuration file): both
 * programs check the whole file, so that a key misspelt in the other's
 * section is an error too. */
static const struct {
	const char *section, *keys[6];
} KNOWN[] = {
	{ "", { "db", NULL } },
	{ "index", { "db", "root", "exclude", "lang-for", "filter", NULL } },
	{ "search", { "db", "color", "colour", NULL } },
};

/* An error for the first entry no section knows. */
static rb_status check_keys(const rb_config *c, char **err)
{
	for (size_t i = 0; i < c->n; i++) {
		const rb_config_entry *e = &c->v[i];
		size_t s = 0;
		while (s < sizeof KNOWN / sizeof *KNOWN && strcmp(KNOWN[s].section, e->section))
			s++;
		if (s == sizeof KNOWN / sizeof *KNOWN)
			return rb_config_fail(c, e, err, "unknown section [%s] (known: [index],"
					      " [search])", e->section);
		const char *const *k = KNOWN[s].keys;
		while (*k && strcmp(*k, e->key))
			k++;
		if (!*k)
			return rb_config_fail(c, e, err, "unknown key '%s' %s%s%s", e->key,
					      *e->section ? "in [" : "before any section",
					      e->section, *e->section ? "]" : "");
		if (!*e->value)
			return rb_config_fail(c, e, err, "%s wants a value", e->key);
	}
	return RB_OK;
}

rb_status rb_config_read(const char *path, bool must_exist, rb_config *out, char **err)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "r");
	if (!f) {
		/* The default place, where a file may not be: none there, or
		 * none to be seen (a folder on its way unreadable to this user,
		 * as HOME can be for a service's user). */
		struct stat st;
		int e = errno;
		if (!must_exist && (e == ENOENT || e == ENOTDIR || (e == EACCES && stat(path, &st))))
			return RB_OK;
		errno = e;
		return rb_fail(err, RB_ERR_IO, "%s: %s", path, strerror(errno));
	}
	if (!(out->path = strdup(path))) {
		fclose(f);
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	source s = { .f = f, .c = out };
	int bad = ini_parse_stream(read_line, &s, keep_entry, &s);
	bool failed = ferror(f);
	fclose(f);
	rb_status st = RB_OK;
	if (s.oom || bad == -2)
		st = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	else if (failed)
		st = rb_fail(err, RB_ERR_IO, "%s: cannot be read", path);
	else if (s.too_long)
		st = rb_fail(err, RB_ERR_INVALID, "%s:%u: a line longer than 199 bytes", path,
			     s.line);
	else if (bad > 0)
		st = rb_fail(err, RB_ERR_INVALID,
			     "%s:%d: neither KEY = VALUE, a [section] nor a comment", path, bad);
	else
		st = check_keys(out, err);
	if (st)
		rb_config_free(out);
	return st;
}

void rb_config_free(rb_config *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free((char *)c->v[i].section);
		free((char *)c->v[i].key);
		free((char *)c->v[i].value);
	}
	free(c->v);
	free(c->path);
	memset(c, 0, sizeof *c);
}

rb_status rb_config_fail(const rb_config *c, const rb_config_entry *e, char **err,
			 const char *fmt, ...)
{
	char *why = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&why, fmt, ap);
	va_end(ap);
	if (n < 0)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	rb_fail(err, RB_ERR_INVALID, "%s:%u: %s", c->path, e->line, why);
	free(why);
	return RB_ERR_INVALID;
}

rb_status rb_config_path_value(const rb_config *c, const rb_config_entry *e, char **out,
			       char **err)
{
	const char *home = getenv("HOME");
	int n;
	if (e->value[0] == '~' && (e->value[1] == '/' || !e->value[1])) {
		if (!home || !*home)
			return rb_config_fail(c, e, err, "%s: ~ with HOME not set", e->key);
		n = asprintf(out, "%s%s", home, e->value + 1);
	} else if (e->value[0] == '/') {
		n = asprintf(out, "%s", e->value);
	} else {
		return rb_config_fail(c, e, err, "%s wants an absolute path or one starting with"
				      " ~/", e->key);
	}
	if (n < 0) {
		*out = NULL;
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	return RB_OK;
}
