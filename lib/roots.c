#include "roots.h"

#include <stdlib.h>
#include <string.h>

static rb_status push(rb_roots *r, const char *p, size_t len, char **err)
{
	char **v = realloc(r->v, (r->n + 1) * sizeof *v);
	if (!v)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	r->v = v;
	if (!(v[r->n] = strndup(p, len)))
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	r->n++;
	return RB_OK;
}

rb_status rb_roots_parse(const char *buf, size_t len, rb_roots *out, char **err)
{
	/* Without a NUL, the list predates the NUL-separated form. */
	char sep = len && memchr(buf, '\0', len) ? '\0' : '\n';
	const char *p = buf, *end = buf + len;
	while (p < end) {
		const char *e = memchr(p, sep, (size_t)(end - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
		rb_status rc = n ? push(out, p, n, err) : RB_OK;
		if (rc)
			return rc;
		p += n + 1;
	}
	return RB_OK;
}

bool rb_roots_has(const rb_roots *r, const char *path)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i], path) == 0)
			return true;
	return false;
}

rb_status rb_roots_add(rb_roots *r, const char *path, char **err)
{
	return rb_roots_has(r, path) ? RB_OK : push(r, path, strlen(path), err);
}

bool rb_roots_remove(rb_roots *r, const char *path)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i], path) == 0) {
			free(r->v[i]);
			memmove(r->v + i, r->v + i + 1, (r->n - i - 1) * sizeof *r->v);
			r->n--;
			return true;
		}
	return false;
}

char *rb_roots_format(char *const *paths, size_t n, size_t *len_out)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++)
		len += strlen(paths[i]) + 1;
	char *out = malloc(len ? len : 1), *p = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(paths[i]) + 1;
		memcpy(p, paths[i], k);
		p += k;
	}
	*len_out = len;
	return out;
}

void rb_roots_free(rb_roots *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}
