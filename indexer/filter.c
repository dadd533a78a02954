/* filter.c: --filter EXT=COMMAND: a program that prints a file's text,
 * run with the file on its standard input (`sh -c COMMAND`, in a process
 * group of its own, its stderr discarded), its output read up to
 * FILTER_MAX_BYTES within the time limit (FILTER_SECONDS, or
 * $RUBRIC_FILTER_TIMEOUT); on timeout the whole group is killed. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "indexer.h"

#define FILTER_SECONDS 30
#define FILTER_MAX_BYTES (64u << 20)

const char *filter_for(char *const *filters, size_t n, const char *path)
{
	const char *base = strrchr(path, '/'), *dot;
	base = base ? base + 1 : path;
	if (!(dot = strrchr(base, '.')) || dot == base)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(filters[i], '=');
		if (eq && (size_t)(eq - filters[i]) == strlen(dot + 1) &&
		    strncasecmp(filters[i], dot + 1, (size_t)(eq - filters[i])) == 0)
			return eq + 1;
	}
	return NULL;
}

static double filter_seconds(void)
{
	const char *env = getenv("RUBRIC_FILTER_TIMEOUT");
	char *end;
	double s = env && *env ? strtod(env, &end) : 0;
	return env && *env && !*end && s > 0 ? s : FILTER_SECONDS;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* The child: the file as stdin, the pipe as stdout, no stderr. */
static pid_t spawn(const char *cmd, int in, int out)
{
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	pid_t pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || (null >= 0 && dup2(null, 2) < 0))
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		setpgid(pid, pid);   /* either side may set it first */
	if (null >= 0)
		close(null);
	return pid;
}

/* The output read into a growing buffer until EOF, the limit or `end`;
 * *why set on failure. */
static char *collect(int fd, double end, size_t *len, const char **why)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	*why = NULL;
	while (buf) {
		double left = end - now();
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (left <= 0 || interrupted) {
			*why = interrupted ? "interrupted" : "timed out";
			break;
		}
		if (poll(&p, 1, left > 0.1 ? 100 : (int)(left * 1000) + 1) <= 0)
			continue;
		if (n == cap) {
			char *g = cap >= FILTER_MAX_BYTES ? NULL : realloc(buf, cap * 2);
			if (!g) {
				*why = cap >= FILTER_MAX_BYTES ? "printed over 64 MiB" : "out of memory";
				break;
			}
			buf = g;
			cap *= 2;
		}
		ssize_t got = read(fd, buf + n, cap - n);
		if (got == 0) {
			*len = n;
			return buf;
		}
		if (got < 0 && errno != EINTR && errno != EAGAIN) {
			*why = "its output could not be read";
			break;
		}
		n += got > 0 ? (size_t)got : 0;
	}
	if (!buf)
		*why = "out of memory";
	free(buf);
	return NULL;
}

/* The child's end, waited for until `end` (a filter may close its output
 * and go on); killed with its group when *why is set or time is up. */
static int reap(pid_t pid, double end, const char **why)
{
	int status = 0;
	while (!*why) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return status;
		if (now() >= end || interrupted)
			*why = interrupted ? "interrupted" : "timed out";
		else
			nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

static char *say(const char *fmt, const char *cmd, const char *what)
{
	char *s = NULL;
	if (asprintf(&s, fmt, cmd, what) < 0)
		s = NULL;
	return s;
}

/* Why a filter failed, from its status or *fail. */
static char *failure(const char *cmd, const char *fail, int status, double limit)
{
	char what[64];
	if (fail && strcmp(fail, "timed out") == 0)
		snprintf(what, sizeof what, "timed out after %g s", limit);
	else if (fail)
		snprintf(what, sizeof what, "%s", fail);
	else if (WIFEXITED(status))
		snprintf(what, sizeof what, "exit %d", WEXITSTATUS(status));
	else
		snprintf(what, sizeof what, "signal %d", WTERMSIG(status));
	return say("filter '%s' failed (%s)", cmd, what);
}

char *filter_run(const char *cmd, const char *path, size_t *len, char **why)
{
	int p[2] = { -1, -1 }, in = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	double limit = filter_seconds(), end = now() + limit;
	const char *fail = NULL;
	pid_t pid = -1;
	if (in >= 0 && pipe2(p, O_CLOEXEC) == 0)
		pid = spawn(cmd, in, p[1]);
	if (pid < 0) {
		*why = say("filter '%s' failed (%s)", cmd, strerror(errno));
		if (in >= 0)
			close(in);
		if (p[0] >= 0)
			close(p[0]), close(p[1]);
		return NULL;
	}
	close(in);
	close(p[1]);
	char *out = collect(p[0], end, len, &fail);
	close(p[0]);
	int status = reap(pid, end, &fail);
	if (!fail && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		*why = NULL;
		return out;
	}
	free(out);
	*why = failure(cmd, fail, status, limit);
	return NULL;
}
