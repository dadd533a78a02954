#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "search.h"

#define MAX_WORKERS 64
/* By default a worker has at least this many queries, so that a handful
 * of queries is answered in one process (a choice, not measured). */
#define QUERIES_PER_WORKER 8

enum { FRAME_MATCHED = 1, FRAME_MALFORMED = 2, FRAME_STOP = 4 };

/* Before what query i printed: its standard output, its standard error
 * and a stop's message. */
typedef struct {
	uint64_t index;
	uint64_t out_len, err_len, msg_len;
	uint64_t flags;      /* 64 bits: no padding goes down the pipe */
} frame_head;

unsigned batch_workers(long jobs, size_t n)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t w = jobs > 0 ? (size_t)jobs : cores > 0 ? (size_t)cores : 1;
	if (jobs <= 0 && w > (n + QUERIES_PER_WORKER - 1) / QUERIES_PER_WORKER)
		w = (n + QUERIES_PER_WORKER - 1) / QUERIES_PER_WORKER;
	if (w > n)
		w = n;
	if (w > MAX_WORKERS)
		w = MAX_WORKERS;
	return w ? (unsigned)w : 1;
}

/* Writes (or reads) all of p[0, len) to (from) fd: 0, or -1. */
static int move_all(int fd, void *p, size_t len, bool out)
{
	for (char *b = p; len;) {
		ssize_t k = out ? write(fd, b, len) : read(fd, b, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		b += k;
		len -= (size_t)k;
	}
	return 0;
}

static int write_all(int fd, const void *p, size_t len)
{
	return move_all(fd, (void *)p, len, true);
}

static int read_all(int fd, void *p, size_t len)
{
	return move_all(fd, p, len, false);
}

/* Sends what the memory file `mem` (standing for std_fd) holds, and
 * empties it for the next query. */
static int send_printed(int to, int mem, int std_fd, uint64_t len)
{
	off_t at = 0;
	while ((uint64_t)at < len) {
		ssize_t k = sendfile(to, mem, &at, (size_t)(len - (uint64_t)at));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
	}
	return ftruncate(mem, 0) || lseek(std_fd, 0, SEEK_SET) < 0 ? -1 : 0;
}

static uint64_t printed(int mem)
{
	struct stat st;
	return fstat(mem, &st) ? 0 : (uint64_t)st.st_size;
}

/* A worker: answers queries k, k + workers, ..., each one's output sent
 * to `to` as a frame.  Never returns. */
static void work(unsigned k, unsigned workers, size_t n, batch_answer_fn answer, void *ctx,
		 int to)
{
	int out = memfd_create("rubric-search-stdout", MFD_CLOEXEC);
	int err_out = memfd_create("rubric-search-stderr", MFD_CLOEXEC);
	if (out < 0 || err_out < 0 || dup2(out, STDOUT_FILENO) < 0 ||
	    dup2(err_out, STDERR_FILENO) < 0)
		_exit(3);
	for (size_t i = k; i < n; i += workers) {
		char *msg = NULL;
		batch_outcome o = answer(i, ctx, &msg);
		if ((fflush(stdout) || fflush(stderr)) && !o.stop) {
			o.stop = true;
			msg = strdup(strerror(errno));
		}
		frame_head h = {
			.index = i, .out_len = printed(out), .err_len = printed(err_out),
			.msg_len = msg ? strlen(msg) : 0,
			.flags = (o.matched ? FRAME_MATCHED : 0) | (o.malformed ? FRAME_MALFORMED : 0) |
				 (o.stop ? FRAME_STOP : 0),
		};
		if (write_all(to, &h, sizeof h) ||
		    send_printed(to, out, STDOUT_FILENO, h.out_len) ||
		    send_printed(to, err_out, STDERR_FILENO, h.err_len) ||
		    write_all(to, msg ? msg : "", h.msg_len))
			_exit(3);  /* the parent went away */
		free(msg);
		if (o.stop)
			break;
	}
	_exit(0);
}

/* Warning lines already printed, each once. */
typedef struct {
	char **v;
	size_t n;
} said_lines;

static bool said_before(said_lines *s, const char *line, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == len && memcmp(s->v[i], line, len) == 0)
			return true;
	char **v = realloc(s->v, (s->n + 1) * sizeof *v);
	if (v && (v[s->n] = strndup(line, len))) {
		s->v = v;
		s->n++;
	} else if (v) {
		s->v = v;
	}
	return false;
}

/* Prints a query's standard error, each warning line once in the run. */
static void print_errors(const char *text, size_t len, said_lines *said)
{
	static const char warning[] = PROG ": warning: ";
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) + 1 : len;
		bool is_warning = end - at >= sizeof warning - 1 &&
				  memcmp(text + at, warning, sizeof warning - 1) == 0;
		if (!is_warning || !said_before(said, text + at, end - at))
			fwrite(text + at, 1, end - at, stderr);
		at = end;
	}
}

/* Copies len bytes from fd to f. */
static int copy_out(int fd, uint64_t len, FILE *f)
{
	char buf[1 << 16];
	while (len) {
		size_t k = len < sizeof buf ? (size_t)len : sizeof buf;
		if (read_all(fd, buf, k))
			return -1;
		fwrite(buf, 1, k, f);
		len -= k;
	}
	return 0;
}

static char *read_text(int fd, uint64_t len)
{
	char *s = len < ((uint64_t)1 << 30) ? malloc((size_t)len + 1) : NULL;
	if (s && read_all(fd, s, (size_t)len)) {
		free(s);
		return NULL;
	}
	if (s)
		s[len] = '\0';
	return s;
}

batch_outcome batch_answer(size_t n, unsigned workers, batch_answer_fn answer, void *ctx,
			   char **err)
{
	batch_outcome all = { 0 };
	pid_t pid[MAX_WORKERS];
	int from[MAX_WORKERS];
	unsigned started = 0;
	fflush(stdout);
	fflush(stderr);
	for (; started < workers; started++) {
		int p[2];
		if (pipe2(p, O_CLOEXEC)) {
			*err = strdup(strerror(errno));
			break;
		}
		pid[started] = fork();
		if (pid[started] == 0) {
			close(p[0]);
			for (unsigned j = 0; j < started; j++)
				close(from[j]);
			work(started, workers, n, answer, ctx, p[1]);
		}
		close(p[1]);
		if (pid[started] < 0) {
			*err = strdup(strerror(errno));
			close(p[0]);
			break;
		}
		from[started] = p[0];
	}
	said_lines said = { 0 };
	for (size_t i = 0; i < n && started == workers; i++) {
		int fd = from[i % workers];
		frame_head h;
		char *errors = NULL;
		if (read_all(fd, &h, sizeof h) || h.index != i || copy_out(fd, h.out_len, stdout) ||
		    !(errors = read_text(fd, h.err_len))) {
			all.stop = true;
			*err = strdup("a worker process stopped before its answers");
			break;
		}
		print_errors(errors, (size_t)h.err_len, &said);
		free(errors);
		all.matched |= (h.flags & FRAME_MATCHED) != 0;
		all.malformed |= (h.flags & FRAME_MALFORMED) != 0;
		if (h.flags & FRAME_STOP) {
			all.stop = true;
			*err = h.msg_len ? read_text(fd, h.msg_len) : NULL;
			break;
		}
		if (ferror(stdout))
			break;  /* the reader went away */
	}
	if (started < workers)
		all.stop = true;
	for (unsigned k = 0; k < started; k++) {
		close(from[k]);  /* a worker still writing stops there */
		kill(pid[k], SIGTERM);
	}
	for (unsigned k = 0; k < started; k++)
		while (waitpid(pid[k], NULL, 0) < 0 && errno == EINTR)
			;
	for (size_t i = 0; i < said.n; i++)
		free(said.v[i]);
	free(said.v);
	return all;
}
