#include "source.h"
#include "grow.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

/* A range longer than this is a damaged record, not a passage. */
#define PASSAGE_MAX_BYTES ((uint64_t)64 << 20)

#define CHANGED "changed since it was indexed"

typedef struct {
	char *path;
	const char *reason;  /* CHANGED or strerror's */
	int reported;
} failure;

struct rb_source {
	char *path;          /* the file open (fd), or last failed to open */
	int fd;
	off_t size;
	int open_errno;
	char *buf;
	size_t cap;
	failure *failed;
	size_t n_failed, failed_cap;
	size_t unreported;
};

rb_status rb_source_new(rb_source **out, char **err)
{
	*out = calloc(1, sizeof **out);
	if (!*out)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	(*out)->fd = -1;
	return RB_OK;
}

static void close_file(rb_source *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	free(s->path);
	s->path = NULL;
}

void rb_source_free(rb_source *s)
{
	if (!s)
		return;
	close_file(s);
	for (size_t i = 0; i < s->n_failed; i++)
		free(s->failed[i].path);
	free(s->failed);
	free(s->buf);
	free(s);
}

/* Notes r's file as failed, for r->text_missing (once a file; out of
 * memory forgets it): RB_ERR_IO. */
static rb_status failed(rb_source *s, const rb_record *r)
{
	for (size_t i = 0; i < s->n_failed; i++)
		if (strlen(s->failed[i].path) == r->path_len &&
		    memcmp(s->failed[i].path, r->path, r->path_len) == 0)
			return RB_ERR_IO;
	failure *v = rb_grow(s->failed, &s->failed_cap, s->n_failed + 1, sizeof *v, 8);
	if (!v)
		return RB_ERR_IO;
	s->failed = v;
	char *path = strndup(r->path, r->path_len);
	if (path) {
		s->failed[s->n_failed++] = (failure){ path, r->text_missing, 0 };
		s->unreported++;
	}
	return RB_ERR_IO;
}

/* Opens r's file unless it is the one open (or the one that failed). */
static void open_file(rb_source *s, const rb_record *r)
{
	if (s->path && strlen(s->path) == r->path_len &&
	    memcmp(s->path, r->path, r->path_len) == 0)
		return;
	close_file(s);
	s->path = strndup(r->path, r->path_len);
	if (!s->path) {
		s->open_errno = ENOMEM;
		return;
	}
	struct stat st;
	s->fd = open(s->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	s->open_errno = s->fd < 0 ? errno : 0;
	if (s->fd < 0)
		return;
	if (fstat(s->fd, &st))
		s->open_errno = errno;
	else if (!S_ISREG(st.st_mode))  /* a folder or a device took its name */
		s->open_errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	if (s->open_errno) {
		close(s->fd);
		s->fd = -1;
		return;
	}
	s->size = st.st_size;
}

rb_status rb_source_text(rb_source *s, rb_record *r)
{
	if (!r->text_in_file)
		return RB_OK;
	r->text = "";
	r->text_len = 0;
	r->text_missing = CHANGED;
	open_file(s, r);
	if (s->fd < 0) {
		r->text_missing = strerror(s->open_errno);
		return failed(s, r);
	}
	uint64_t len = r->end - r->start;
	if (r->end < r->start || len > PASSAGE_MAX_BYTES || r->end > (uint64_t)s->size)
		return failed(s, r);
	if (len + 1 > s->cap) {
		char *b = realloc(s->buf, len + 1);
		if (!b) {
			r->text_missing = strerror(ENOMEM);
			return RB_ERR_IO;
		}
		s->buf = b;
		s->cap = len + 1;
	}
	size_t got = 0;
	while (got < len) {
		ssize_t n = pread(s->fd, s->buf + got, len - got, (off_t)(r->start + got));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < len || XXH3_64bits(s->buf, len) != r->text_hash)
		return failed(s, r);
	s->buf[len] = '\0';
	r->text_missing = NULL;
	r->text = s->buf;
	r->text_len = len;
	return RB_OK;
}

void rb_source_edges(rb_source *s, const rb_record *r, bool *starts_line, bool *ends_line)
{
	*starts_line = *ends_line = true;
	if (!s || !r->text_in_file)
		return;
	open_file(s, r);
	char c;
	if (s->fd >= 0 && r->start > 0 && pread(s->fd, &c, 1, (off_t)r->start - 1) == 1)
		*starts_line = c == '\n' || c == '\r';
	if (s->fd >= 0 && r->end < (uint64_t)s->size && pread(s->fd, &c, 1, (off_t)r->end) == 1)
		*ends_line = c == '\n' || c == '\r';
}

/* The bytes of [from, to) of the open file, malloc'd; NULL when they
 * cannot be read (or out of memory). */
static char *read_range(rb_source *s, off_t from, off_t to)
{
	char *b = malloc((size_t)(to - from) + 1);
	if (b && to > from && pread(s->fd, b, (size_t)(to - from), from) != to - from) {
		free(b);
		return NULL;
	}
	return b;
}

/* From `at`, the offset of the line's start (dir -1: after the line break
 * before it) or end (dir 1: its line break), read a block at a time, at
 * most RB_LINE_AROUND_MAX bytes away. */
static off_t line_edge(rb_source *s, off_t at, int dir)
{
	char b[4096];
	off_t pos = at;
	while (dir < 0 ? pos > 0 : pos < s->size) {
		if ((pos > at ? pos - at : at - pos) >= RB_LINE_AROUND_MAX)
			break;
		off_t lo = dir < 0 ? (pos > (off_t)sizeof b ? pos - (off_t)sizeof b : 0) : pos;
		off_t hi = dir < 0 ? pos : (pos + (off_t)sizeof b < s->size ? pos + (off_t)sizeof b
									: s->size);
		if (pread(s->fd, b, (size_t)(hi - lo), lo) != hi - lo)
			break;
		const char *nl = dir < 0 ? memrchr(b, '\n', (size_t)(hi - lo))
					 : memchr(b, '\n', (size_t)(hi - lo));
		if (nl)
			return lo + (nl - b) + (dir < 0);
		pos = dir < 0 ? lo : hi;
	}
	off_t limit = dir < 0 ? at - RB_LINE_AROUND_MAX : at + RB_LINE_AROUND_MAX;
	return dir < 0 ? (pos > limit ? pos : limit) : (pos < limit ? pos : limit);
}

void rb_source_line_around(rb_source *s, const rb_record *r, rb_line_around *out)
{
	memset(out, 0, sizeof *out);
	out->starts_line = out->ends_line = true;
	if (!s || !r->text_in_file)
		return;
	open_file(s, r);
	if (s->fd < 0 || r->end < r->start || r->end > (uint64_t)s->size)
		return;
	/* Back to the line's start and on to its end, in bounded steps: a
	 * line longer than RB_LINE_AROUND_MAX each way stays cut there. */
	/* Most passages start and end lines: one byte each way says so. */
	char c;
	bool mid_start = r->start > 0 && pread(s->fd, &c, 1, (off_t)r->start - 1) == 1 &&
			 c != '\n';
	bool mid_end = (off_t)r->end < s->size && pread(s->fd, &c, 1, (off_t)r->end) == 1 &&
		       c != '\n';
	off_t from = mid_start ? line_edge(s, (off_t)r->start, -1) : (off_t)r->start;
	off_t to = mid_end ? line_edge(s, (off_t)r->end, 1) : (off_t)r->end;
	out->starts_line = !mid_start || from == 0 ||
			   (pread(s->fd, &c, 1, from - 1) == 1 && c == '\n');
	out->ends_line = !mid_end || to == s->size ||
			 (pread(s->fd, &c, 1, to) == 1 && c == '\n');
	if (from < (off_t)r->start && !(out->before = read_range(s, from, (off_t)r->start)))
		return;
	out->before_len = (size_t)((off_t)r->start - from);
	if (to > (off_t)r->end && !(out->after = read_range(s, (off_t)r->end, to))) {
		free(out->before);
		memset(out, 0, sizeof *out);
		out->starts_line = out->ends_line = true;
		return;
	}
	out->after_len = (size_t)(to - (off_t)r->end);
}

void rb_line_around_free(rb_line_around *a)
{
	free(a->before);
	free(a->after);
	memset(a, 0, sizeof *a);
}

void rb_source_report(rb_source *s, void (*fn)(const char *path, const char *reason, void *ctx),
		      void *ctx)
{
	for (size_t i = 0; s && s->unreported && i < s->n_failed; i++)
		if (!s->failed[i].reported) {
			s->failed[i].reported = 1;
			s->unreported--;
			fn(s->failed[i].path, s->failed[i].reason, ctx);
		}
}
