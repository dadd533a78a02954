/* rubric-index: turns files and folders into a rubric index. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "ingest.h"
#include "store.h"
#include "walk.h"

#define PROG "rubric-index"
/* Commit in batches: big enough to amortise Xapian's flush, small enough
 * that an interrupted run loses little. */
#define BATCH_PASSAGES 20000
#define BATCH_BYTES (64u << 20)

typedef struct {
	const char *db_path;
	xc_writer *w;
	rb_ingest *ingest;
	char *cwd;
	size_t files, skipped, failed, passages, bytes;
	size_t batch_passages, batch_bytes;
	int fatal;
} run_state;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"usage: " PROG " [-d DB] [--lang LANG] [-q] PATH...\n"
"Index files and folders (recursively; '-' reads standard input) into a\n"
"rubric index.  Rerunning on the same paths replaces their passages.\n"
"\n"
"  -d, --db DB      the index (default: $RUBRIC_DB, else\n"
"                   $XDG_DATA_HOME/rubric/index)\n"
"      --lang LANG  stemming language: english (default), any name from\n"
"                   '--lang list', or none\n"
"  -q, --quiet      no summary line\n"
"  -h, --help       this help\n"
"\n"
"Exit status: 0 when every file was indexed or skipped on purpose, 2 on any\n"
"error (the other files are still indexed).\n");
}

static void warn(const char *path, const char *why)
{
	fprintf(stderr, PROG ": %s: %s\n", path, why);
}

/* An absolute, lexically normalised path: the file's identity in the index
 * whatever folder the indexer ran from. */
static char *absolute_path(const char *cwd, const char *path)
{
	size_t n = strlen(cwd) + strlen(path) + 2;
	char *joined = malloc(n), *out = malloc(n);
	if (!joined || !out) {
		free(joined);
		free(out);
		return NULL;
	}
	if (path[0] == '/')
		snprintf(joined, n, "%s", path);
	else
		snprintf(joined, n, "%s/%s", cwd, path);
	size_t len = 0;
	for (char *seg = joined, *next; seg; seg = next) {
		next = strchr(seg, '/');
		if (next)
			*next++ = '\0';
		if (!*seg || strcmp(seg, ".") == 0)
			continue;
		if (strcmp(seg, "..") == 0) {
			while (len > 0 && out[--len] != '/')
				;
			continue;
		}
		out[len++] = '/';
		memcpy(out + len, seg, strlen(seg));
		len += strlen(seg);
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = '\0';
	free(joined);
	return out;
}

/* Reads the whole of fd; *len_out gets its size.  NULL with errno set on
 * failure. */
static char *read_all(int fd, size_t *len_out)
{
	struct stat st;
	size_t cap = fstat(fd, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
	size_t len = 0;
	char *buf = malloc(cap);
	while (buf) {
		if (len == cap) {
			char *p = realloc(buf, cap *= 2);
			if (!p)
				break;
			buf = p;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r == 0) {
			*len_out = len;
			return buf;
		}
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0)
			len += (size_t)r;
	}
	int e = errno;
	free(buf);
	errno = e ? e : ENOMEM;
	return NULL;
}

static int commit_batch(run_state *s)
{
	char *msg = NULL;
	if (xc_writer_commit(s->w, &msg) || xc_writer_begin(s->w, &msg)) {
		warn(s->db_path, msg ? msg : "commit failed");
		free(msg);
		s->fatal = 1;
		return 1;
	}
	s->batch_passages = s->batch_bytes = 0;
	return 0;
}

static int index_text(run_state *s, const char *shown, const char *id,
		      const char *text, size_t len)
{
	if (memchr(text, '\0', len)) {
		warn(shown, "skipped: binary file");
		s->skipped++;
		return 0;
	}
	size_t n = 0;
	char *msg = NULL;
	rb_status rc = rb_ingest_text(s->ingest, id, text, len, &n, &msg);
	if (rc) {
		warn(shown, msg ? msg : rb_status_to_string(rc));
		free(msg);
		/* A failing index (disk full, lock lost) ends the run; a bad
		 * file does not. */
		if (rc == RB_ERR_INDEX || rc == RB_ERR_LOCKED || rc == RB_ERR_NO_MEMORY) {
			s->fatal = 1;
			return 1;
		}
		s->failed++;
		return 0;
	}
	s->files++;
	s->passages += n;
	s->bytes += len;
	s->batch_passages += n;
	s->batch_bytes += len;
	if (s->batch_passages >= BATCH_PASSAGES || s->batch_bytes >= BATCH_BYTES)
		return commit_batch(s);
	return 0;
}

static int on_file(const char *path, void *ctx)
{
	run_state *s = ctx;
	if (interrupted)
		return 1;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		warn(path, strerror(errno));
		s->failed++;
		return 0;
	}
	size_t len;
	char *text = read_all(fd, &len);
	int e = errno;
	close(fd);
	if (!text) {
		warn(path, strerror(e));
		s->failed++;
		return 0;
	}
	char *id = absolute_path(s->cwd, path);
	int rc = id ? index_text(s, path, id, text, len) : (s->fatal = 1);
	free(id);
	free(text);
	return rc;
}

static void on_walk_error(const char *path, const char *why, void *ctx)
{
	run_state *s = ctx;
	warn(path, why);
	s->failed++;
}

static int index_stdin(run_state *s)
{
	size_t len;
	char *text = read_all(STDIN_FILENO, &len);
	if (!text) {
		warn("-", strerror(errno));
		s->failed++;
		return 0;
	}
	int rc = index_text(s, "-", "<stdin>", text, len);
	free(text);
	return rc;
}

/* The index keeps its language: a later run without --lang uses it, one
 * with a different --lang is refused (its terms would not meet). */
static rb_status settle_language(xc_writer *w, const char *wanted,
				 const char **lang_out, char **err)
{
	char *have = NULL, *msg = NULL;
	size_t len;
	xc_status xs = xc_writer_get_metadata(w, RB_META_LANG, &have, &len, &msg);
	if (xs) {
		rb_status rc = rb_fail(err, rb_store_status(xs), "%s", msg);
		free(msg);
		return rc;
	}
	rb_status rc = RB_OK;
	if (len && wanted && strcmp(have, wanted) != 0)
		rc = rb_fail(err, RB_ERR_INVALID,
			     "the index was built with --lang %s, not %s (use a new index to change it)",
			     have, wanted);
	else if (len)
		*lang_out = strdup(have);
	else
		*lang_out = strdup(wanted ? wanted : "english");
	free(have);
	if (!rc && !*lang_out)
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'L' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db_opt = NULL, *lang_opt = NULL;
	int quiet = 0, c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db_opt = optarg; break;
		case 'L': lang_opt = optarg; break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		case ':':
			fprintf(stderr, PROG ": %s: needs a value (try --help)\n", argv[optind - 1]);
			return 2;
		default:
			fprintf(stderr, PROG ": %s: unknown option (try --help)\n", argv[optind - 1]);
			return 2;
		}
	}
	if (lang_opt && strcmp(lang_opt, "list") == 0) {
		for (const char **l = rb_analyzer_languages(); *l; l++)
			printf("%s\n", *l);
		printf("none\n");
		return 0;
	}
	if (optind >= argc) {
		fprintf(stderr, PROG ": no paths to index (try --help)\n");
		return 2;
	}

	char *err = NULL, *db_path = NULL;
	const char *lang = NULL;
	rb_analyzer *analyzer = NULL;
	run_state s = { 0 };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	if (lang_opt && rb_analyzer_new(lang_opt, &analyzer, &err))
		goto fail;
	rb_analyzer_free(analyzer);
	analyzer = NULL;
	if (db_opt ? !(db_path = strdup(db_opt)) : rb_store_default_path(&db_path, &err) != RB_OK)
		goto fail;
	s.db_path = db_path;
	if (rb_store_open_writer(db_path, &s.w, &err) ||
	    settle_language(s.w, lang_opt, &lang, &err) ||
	    rb_analyzer_new(lang, &analyzer, &err) ||
	    rb_ingest_new(s.w, analyzer, &s.ingest, &err))
		goto fail;
	char *msg = NULL;
	if (xc_writer_set_metadata(s.w, RB_META_LANG, lang, strlen(lang), &msg) ||
	    xc_writer_set_metadata(s.w, RB_META_SCHEMA, RB_SCHEMA_VERSION,
				   strlen(RB_SCHEMA_VERSION), &msg) ||
	    xc_writer_begin(s.w, &msg)) {
		err = msg;
		goto fail;
	}
	s.cwd = getcwd(NULL, 0);
	if (!s.cwd) {
		err = strdup("cannot tell the current folder");
		goto fail;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	for (int i = optind; i < argc && !s.fatal && !interrupted; i++) {
		if (strcmp(argv[i], "-") == 0)
			index_stdin(&s);
		else
			walk_path(argv[i], on_file, on_walk_error, &s);
	}
	if (interrupted) {
		/* What the last batch did is dropped; earlier commits stand. */
		xc_writer_cancel(s.w, NULL);
		fprintf(stderr, PROG ": interrupted; the index keeps its last commit\n");
		xc_writer_close(s.w, NULL);
		s.w = NULL;
		s.fatal = 1;
	} else if (!s.fatal && xc_writer_commit(s.w, &msg)) {
		warn(db_path, msg ? msg : "commit failed");
		free(msg);
		s.fatal = 1;
	} else if (s.fatal) {
		xc_writer_cancel(s.w, NULL);
	}
	if (s.w && xc_writer_close(s.w, &msg)) {
		warn(db_path, msg ? msg : "close failed");
		free(msg);
		s.fatal = 1;
	}
	s.w = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!quiet && !s.fatal)
		fprintf(stderr, PROG ": %zu file%s, %zu passage%s, %zu bytes in %.2f s"
			" (%zu skipped, %zu failed) into %s\n",
			s.files, s.files == 1 ? "" : "s", s.passages,
			s.passages == 1 ? "" : "s", s.bytes,
			(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
			s.skipped, s.failed, db_path);
	rb_ingest_free(s.ingest);
	rb_analyzer_free(analyzer);
	free((char *)lang);
	free(s.cwd);
	free(db_path);
	return s.fatal || s.failed ? 2 : 0;

fail:
	fprintf(stderr, PROG ": %s\n", err ? err : "out of memory");
	free(err);
	rb_ingest_free(s.ingest);
	xc_writer_close(s.w, NULL);
	rb_analyzer_free(analyzer);
	free((char *)lang);
	free(s.cwd);
	free(db_path);
	return 2;
}
