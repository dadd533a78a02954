/* work.c: one writer, and indexing one file with it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "indexer.h"
#include "store.h"

/* Commit in batches: big enough to amortise Xapian's flush, small enough
 * to bound memory and what an interruption loses.  A fresh build's chunk
 * (no fsync at its commits) commits far more often: Xapian holds a batch's
 * postings in memory maps, and smaller batches measured faster (related
 * corpus, paired: 2,500 passages a batch took 0.85x the CPU of 20,000 and
 * 90 MB peak RSS for 150; 1,000 and 500 within noise of 2,500). */
#define BATCH_PASSAGES 20000
#define CHUNK_BATCH_PASSAGES 2000
#define BATCH_BYTES (32u << 20)

/* The index failed, whichever file was being read: it is said naming
 * the index (msg NULL: no memory even for the message). */
static int index_failed(worker *wk, char *msg)
{
	report_index(wk->cfg, msg);
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
	wk->batch_max = flags & XC_WRITER_NO_SYNC ? CHUNK_BATCH_PASSAGES : BATCH_PASSAGES;
	xc_status xs = xc_writer_open(db, flags, &wk->w, &msg);
	if (xs) {
		/* In rubric's words (a damaged database says to rebuild). */
		char *why = NULL;
		rb_store_error(cfg->db_path, NULL, xs, msg, &why);
		free(msg);
		report_index(cfg, why);
		free(why);
		wk->c->fatal = 1;
		return -1;
	}
	if (rb_ingest_new(wk->w, cfg->lang, &wk->in, &msg) ||
	    (cfg->langctx && rb_langdetect_new(&wk->detect, &msg)) ||
	    xc_writer_begin(wk->w, &msg)) {
		worker_close(wk, 0);
		return index_failed(wk, msg);
	}
	rb_ingest_set_store_text(wk->in, cfg->store_text);
	/* Without the note, a failed run cuts nothing back: no harm. */
	wk->in_place = !(flags & XC_WRITER_NO_SYNC);
	if (wk->in_place)
		rb_extent_note(&wk->extent, db);
	return 0;
}

/* Forgets the files held back (worker_index_deferred has indexed them,
 * or the run stops). */
static void held_drop(worker *wk)
{
	if (wk->held)
		fclose(wk->held);
	wk->held = NULL;
	wk->n_held = 0;
}

int worker_close(worker *wk, int commit)
{
	char *msg = NULL;
	int rc = 0;
	if (wk->w && commit && (rb_ingest_flush(wk->in, &msg) || xc_writer_commit(wk->w, &msg)))
		rc = index_failed(wk, msg), msg = NULL;
	if (wk->w && !commit)
		xc_writer_cancel(wk->w, NULL);
	if (wk->w && xc_writer_close(wk->w, &msg) && rc == 0)
		rc = index_failed(wk, msg), msg = NULL;
	if (wk->in_place && (rc || !commit))
		rb_extent_restore(&wk->extent);
	rb_extent_free(&wk->extent);
	free(msg);
	rb_ingest_free(wk->in);
	rb_langdetect_free(wk->detect);
	held_drop(wk);
	wk->w = NULL;
	wk->in = NULL;
	wk->detect = NULL;
	return rc;
}

int worker_commit(worker *wk)
{
	char *msg = NULL;
	if (rb_ingest_flush(wk->in, &msg) || xc_writer_commit(wk->w, &msg) ||
	    xc_writer_begin(wk->w, &msg))
		return index_failed(wk, msg);
	if (wk->in_place)
		rb_extent_note(&wk->extent, wk->extent.dir);
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
		if (r < 0 && (errno != EINTR || interrupted))
			break;   /* a pipe that never ends must not outlast a signal */
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
	if (wk->batch_passages >= wk->batch_max || wk->batch_bytes >= BATCH_BYTES)
		return worker_commit(wk);
	return 0;
}

/* A file held back keeps its bytes and its reader's text, so only files
 * up to this size are (short texts are the ones detection cannot label);
 * a bigger unclear one takes the context noted so far. */
#define HOLD_BYTES (64u << 10)

/* --lang auto: the document's language, detected, else from its context
 * once every file is noted (else English).  1: hold the file back until
 * then; -1: out of memory; 0: told to the ingest. */
static int choose_lang(worker *wk, const item *it, size_t len, const rb_document *doc,
		       char **msg)
{
	const char *lang;
	if (rb_langdetect_detect(wk->detect, doc->text, doc->text_len, NULL, &lang, msg))
		return -1;
	if (lang) {
		if (rb_langctx_note(wk->cfg->langctx, it->id, lang, msg))
			return -1;
	} else if (wk->defer && len <= HOLD_BYTES) {
		return 1;
	} else if (!(lang = rb_langctx_choose(wk->cfg->langctx, it->id))) {
		lang = RB_DEFAULT_LANG;
	}
	rb_ingest_set_lang(wk->in, lang);
	return 0;
}

int worker_load_langctx(worker *wk)
{
	char *data = NULL, *msg = NULL;
	size_t len = 0;
	if (xc_writer_get_metadata(wk->w, RB_META_LANGCTX, &data, &len, &msg) ||
	    rb_langctx_load(wk->cfg->langctx, data, len, &msg)) {
		free(data);
		return index_failed(wk, msg);
	}
	free(data);
	return 0;
}

int worker_keep_langctx(worker *wk)
{
	char *data = NULL, *msg = NULL;
	size_t len = 0;
	if (rb_langctx_save(wk->cfg->langctx, &data, &len, &msg) ||
	    xc_writer_set_metadata(wk->w, RB_META_LANGCTX, data, len, &msg)) {
		free(data);
		return index_failed(wk, msg);
	}
	free(data);
	return 0;
}

/* A held file's record: this, then its id, its name as shown (unless it
 * is the end of the id) and standard input's bytes. */
typedef struct {
	uint64_t size;
	int64_t mtime_ns;
	rb_filestate known;
	uint32_t id_len, content_len;
	uint32_t shown_len;     /* with shown_in_id: where it starts in the id */
	uint8_t has_known, shown_in_id;
} held_record;

/* The file the held files go to, unlinked from the start: in the index's
 * folder (its file system, its modes), else where tmpfile(3) puts it. */
static FILE *held_open(const char *db_path)
{
	int fd = open(db_path, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0) {
		FILE *f = fdopen(fd, "w+");
		if (f)
			return f;
		close(fd);
	}
	return tmpfile();
}

static int held_failed(worker *wk, int e)
{
	char why[256];
	snprintf(why, sizeof why, "cannot keep the files held back for their folder's language: %s",
		 strerror(e ? e : EIO));
	return index_failed(wk, strdup(why));
}

/* Holds the file back until its folder's language is known: its name and
 * state, written away, so that what is held does not grow memory (it is
 * read again then; a short file, in the page cache).  0, or -1 (reported). */
static int hold(worker *wk, const item *it, const rb_filestate *known)
{
	if (!wk->held && !(wk->held = held_open(wk->cfg->db_path)))
		return held_failed(wk, errno);
	held_record h = { .size = it->size, .mtime_ns = it->mtime_ns,
			  .id_len = (uint32_t)strlen(it->id),
			  .shown_in_id = it->shown_in_id,
			  .content_len = it->content ? (uint32_t)it->size : 0,
			  .has_known = known != NULL };
	h.shown_len = it->shown_in_id ? (uint32_t)(it->shown - it->id) : (uint32_t)strlen(it->shown);
	if (known)
		h.known = *known;
	if (fwrite(&h, sizeof h, 1, wk->held) != 1 ||
	    fwrite(it->id, 1, h.id_len, wk->held) != h.id_len ||
	    (!h.shown_in_id && fwrite(it->shown, 1, h.shown_len, wk->held) != h.shown_len) ||
	    fwrite(it->content ? it->content : "", 1, h.content_len, wk->held) != h.content_len)
		return held_failed(wk, errno);
	wk->n_held++;
	return 0;
}

/* The next held file (its strings the caller's to release); -1 (errno set)
 * when it cannot be read back or allocated. */
static int held_next(FILE *f, item *it, rb_filestate *known, int *has_known)
{
	held_record h;
	memset(it, 0, sizeof *it);
	errno = 0;
	if (fread(&h, sizeof h, 1, f) != 1)
		goto failed;
	it->size = h.size;
	it->mtime_ns = h.mtime_ns;
	*known = h.known;
	*has_known = h.has_known;
	it->id = malloc((size_t)h.id_len + 1);
	if (it->id && fread(it->id, 1, h.id_len, f) == h.id_len) {
		it->id[h.id_len] = '\0';
		it->shown_in_id = h.shown_in_id;
		if (h.shown_in_id)
			it->shown = it->id + h.shown_len;
		else if ((it->shown = malloc((size_t)h.shown_len + 1)) &&
			 fread(it->shown, 1, h.shown_len, f) == h.shown_len)
			it->shown[h.shown_len] = '\0';
		else
			goto failed;
		if (!h.content_len)
			return 0;
		if ((it->content = malloc(h.content_len)) &&
		    fread(it->content, 1, h.content_len, f) == h.content_len)
			return 0;
	}
failed:
	if (!errno)   /* a short read sets none */
		errno = ferror(f) || feof(f) ? EIO : ENOMEM;
	item_release(it);
	return -1;
}

static int index_file(worker *wk, const item *it, const rb_filestate *known);

int worker_index_deferred(worker *wk)
{
	int rc = 0;
	wk->defer = 0;
	if (wk->n_held && (fflush(wk->held) || fseek(wk->held, 0, SEEK_SET)))
		rc = held_failed(wk, errno);
	for (size_t i = 0; i < wk->n_held && !rc && !interrupted && !wk->c->fatal; i++) {
		item it;
		rb_filestate known;
		int has_known;
		if (held_next(wk->held, &it, &known, &has_known)) {
			rc = held_failed(wk, errno);
			break;
		}
		if (index_file(wk, &it, has_known ? &known : NULL) < 0)
			rc = -1;
		else
			wk->c->done++;
		item_release(&it);
	}
	held_drop(wk);
	return rc || wk->c->fatal ? -1 : 0;
}

int worker_index(worker *wk, const item *it, const rb_filestate *known)
{
	return index_file(wk, it, known);
}

/* A file the walk saw that could not be read.  One deleted since (or its
 * folder) has vanished: not an error, as for rsync; what the index held of
 * it goes.  Any other reason is the file's failure, and the index keeps
 * what it had. */
static int unread(worker *wk, const item *it, const rb_filestate *known, int e)
{
	char *msg = NULL;
	if (e != ENOENT && e != ENOTDIR) {
		report(it->shown, strerror(e));
		wk->c->failed++;
		return 0;
	}
	wk->c->vanished++;
	if (known && (rb_ingest_remove(wk->in, it->id, &msg) ||
		      rb_filestate_delete(wk->w, it->id, &msg)))
		return index_failed(wk, msg);
	return 0;
}

/* Reads the file and indexes it. */
static int index_file(worker *wk, const item *it, const rb_filestate *known)
{
	counts *c = wk->c;
	size_t len = it->size;
	char *msg = NULL;
	rb_document doc = { 0 };
	char *text = it->content ? it->content : read_file(it->id, &len);
	if (!text)
		return unread(wk, it, known, errno);
	/* Text read from stdin is dated when it is indexed, and stored (no
	 * file to read it back from). */
	rb_ingest_set_file_time(wk->in, it->content ? (int64_t)time(NULL)
				: it->mtime_ns / 1000000000);
	/* A filter's text is not the file's bytes: stored. */
	const char *filter = it->content ? NULL
				: filter_for(wk->cfg->filters, wk->cfg->n_filters, it->id);
	char *ftext = NULL, *why = NULL;
	size_t flen = 0;
	rb_ingest_set_text_in_file(wk->in, !it->content && !filter);
	rb_filestate st = { .size = len, .mtime_ns = it->mtime_ns,
			    .hash = XXH3_64bits(text, len),
			    .racy = it->mtime_ns / 1000000000 >= wk->cfg->start_sec };
	int rc = 0, held = 0;
	size_t n = 0;
	rb_status rs = RB_OK;
	if (known && known->hash == st.hash) {
		c->unchanged++;  /* touched, not changed: only the state moves */
	} else if (filter && !(ftext = filter_run(filter, it->id, &flen, &why))) {
		char line[768];
		snprintf(line, sizeof line, "skipped: %s", why ? why : "out of memory");
		report(it->shown, line);
		free(why);
		c->skipped++;
		if (known && rb_ingest_remove(wk->in, it->id, &msg))
			rc = index_failed(wk, msg);
	} else if ((rs = rb_format_read(it->shown, ftext ? ftext : text, ftext ? flen : len,
					ftext ? RB_FORMAT_TEXT : wk->cfg->format, &doc, &msg))) {
		report(it->shown, msg ? msg : rb_status_to_string(rs));
		free(msg);
		msg = NULL;
		c->failed++;
		if (rs == RB_ERR_NO_MEMORY) {
			/* Not the file's fault: like an unreadable file, it keeps
			 * what the index had of it, and the next run tries again. */
			rb_document_free(&doc);
			free(ftext);
			if (text != it->content)
				free(text);
			return 0;
		}
		/* A file no reader can make sense of is this file's problem:
		 * its state is kept, so it is not read again until it changes. */
		if (known && rb_ingest_remove(wk->in, it->id, &msg))
			rc = index_failed(wk, msg);
	} else if (doc.format == RB_FORMAT_BINARY) {
		char why[512];
		snprintf(why, sizeof why, "skipped: %s",
			 doc.reason ? doc.reason : doc.note ? doc.note : "binary file");
		report(it->shown, why);
		c->skipped++;
		if (known && rb_ingest_remove(wk->in, it->id, &msg))
			rc = index_failed(wk, msg);
	} else if (wk->detect && (held = choose_lang(wk, it, ftext ? SIZE_MAX : len, &doc,
						     &msg)) != 0) {
		/* (A filtered file is never held back: its filter would run
		 * again; it takes the context noted so far.) */
		if (held < 0)
			rc = index_failed(wk, msg);
		else if (hold(wk, it, known))
			held = -1, rc = -1;
	} else if (rb_ingest_document(wk->in, it->id, &doc, ftext ? ftext : text,
				      ftext ? flen : len, &n, &msg)) {
		rc = index_failed(wk, msg);
	} else {
		if (known)
			c->updated++;
		else
			c->added++;
		c->passages += n;
		wk->batch_passages += n;
	}
	if (held > 0) {   /* counted when indexed */
		rb_document_free(&doc);
		free(ftext);
		if (text && text != it->content)
			free(text);
		return 1;
	}
	c->bytes += len;
	wk->batch_bytes += len;
	if (!rc && rb_filestate_put(wk->w, it->id, &st, &msg))
		rc = index_failed(wk, msg);
	rb_document_free(&doc);
	free(ftext);
	if (text != it->content)
		free(text);
	return rc ? rc : maybe_commit(wk);
}

int worker_remove(worker *wk, const char *id)
{
	char *msg = NULL;
	if (rb_ingest_remove(wk->in, id, &msg) || rb_filestate_delete(wk->w, id, &msg))
		return index_failed(wk, msg);
	wk->c->removed++;
	return maybe_commit(wk);
}
