/* work.c: one writer, and indexing one file with it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "indexer.h"
#include "store.h"

/* Commit in batches: big enough to amortise Xapian's flush, small enough
 * to bound memory and what an interruption loses. */
#define BATCH_PASSAGES 20000
#define BATCH_BYTES (32u << 20)

static int index_failed(worker *wk, const char *what, char *msg)
{
	warn(what, msg ? msg : "index error");
	free(msg);
	wk->c->fatal = 1;
	return -1;
}

int worker_open(worker *wk, const run_config *cfg, counts *c, const char *db,
		int flags)
{
	char *msg = NULL;
	memset(wk, 0, sizeof *wk);
	wk->cfg = cfg;
	wk->c = c;
	xc_status xs = xc_writer_open(db, flags, &wk->w, &msg);
	if (xs) {
		/* In rubric's words (a damaged database says to rebuild). */
		char *why = NULL;
		rb_store_error(cfg->db_path, NULL, xs, msg, &why);
		free(msg);
		fprintf(stderr, PROG ": %s\n", why ? why : "out of memory");
		free(why);
		wk->c->fatal = 1;
		return -1;
	}
	if (rb_ingest_new(wk->w, cfg->lang, &wk->in, &msg) ||
	    xc_writer_begin(wk->w, &msg)) {
		worker_close(wk, 0);
		return index_failed(wk, db, msg);
	}
	return 0;
}

int worker_close(worker *wk, int commit)
{
	char *msg = NULL;
	int rc = 0;
	if (wk->w && commit && (rb_ingest_flush(wk->in, &msg) || xc_writer_commit(wk->w, &msg)))
		rc = index_failed(wk, wk->cfg->db_path, msg), msg = NULL;
	if (wk->w && !commit)
		xc_writer_cancel(wk->w, NULL);
	if (wk->w && xc_writer_close(wk->w, &msg) && rc == 0)
		rc = index_failed(wk, wk->cfg->db_path, msg), msg = NULL;
	free(msg);
	rb_ingest_free(wk->in);
	wk->w = NULL;
	wk->in = NULL;
	return rc;
}

int worker_commit(worker *wk)
{
	char *msg = NULL;
	if (rb_ingest_flush(wk->in, &msg) || xc_writer_commit(wk->w, &msg) ||
	    xc_writer_begin(wk->w, &msg))
		return index_failed(wk, wk->cfg->db_path, msg);
	wk->batch_passages = wk->batch_bytes = 0;
	return 0;
}

char *read_whole(int fd, size_t *len_out)
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
	int e = errno ? errno : ENOMEM;
	free(buf);
	errno = e;
	return NULL;
}

/* The whole file; NULL with errno set on failure. */
static char *read_file(const char *path, size_t *len_out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	char *buf = read_whole(fd, len_out);
	int e = errno;
	close(fd);
	errno = e;
	return buf;
}

static int maybe_commit(worker *wk)
{
	if (wk->batch_passages >= BATCH_PASSAGES || wk->batch_bytes >= BATCH_BYTES)
		return worker_commit(wk);
	return 0;
}

int worker_index(worker *wk, const item *it, const rb_filestate *known)
{
	counts *c = wk->c;
	size_t len = it->size;
	char *msg = NULL, *text = it->content ? it->content : read_file(it->id, &len);
	if (!text) {
		warn(it->shown, strerror(errno));
		c->failed++;
		return 0;
	}
	rb_filestate st = { .size = len, .mtime_ns = it->mtime_ns,
			    .hash = XXH3_64bits(text, len),
			    .racy = it->mtime_ns / 1000000000 >= wk->cfg->start_sec };
	int rc = 0;
	size_t n = 0;
	rb_document doc = { 0 };
	rb_status rs = RB_OK;
	if (known && known->hash == st.hash) {
		c->unchanged++;  /* touched, not changed: only the state moves */
	} else if ((rs = rb_format_read(it->shown, text, len, wk->cfg->format, &doc, &msg))) {
		/* A file no reader can make sense of is this file's problem. */
		warn(it->shown, msg ? msg : rb_status_to_string(rs));
		free(msg);
		msg = NULL;
		c->failed++;
		if (known && rb_ingest_remove(wk->in, it->id, &msg))
			rc = index_failed(wk, wk->cfg->db_path, msg);
	} else if (doc.format == RB_FORMAT_BINARY) {
		char why[80];
		snprintf(why, sizeof why, "skipped: %s", doc.note ? doc.note : "binary file");
		warn(it->shown, why);
		c->skipped++;
		if (known && rb_ingest_remove(wk->in, it->id, &msg))
			rc = index_failed(wk, wk->cfg->db_path, msg);
	} else if (rb_ingest_document(wk->in, it->id, &doc, text, len, &n, &msg)) {
		rc = index_failed(wk, it->shown, msg);
	} else {
		if (known)
			c->updated++;
		else
			c->added++;
		c->passages += n;
		wk->batch_passages += n;
	}
	c->bytes += len;
	wk->batch_bytes += len;
	if (!rc && rb_filestate_put(wk->w, it->id, &st, &msg))
		rc = index_failed(wk, wk->cfg->db_path, msg);
	rb_document_free(&doc);
	if (text != it->content)
		free(text);
	return rc ? rc : maybe_commit(wk);
}

int worker_remove(worker *wk, const char *id)
{
	char *msg = NULL;
	if (rb_ingest_remove(wk->in, id, &msg) || rb_filestate_delete(wk->w, id, &msg))
		return index_failed(wk, wk->cfg->db_path, msg);
	wk->c->removed++;
	return maybe_commit(wk);
}
