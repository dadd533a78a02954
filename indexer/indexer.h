/* indexer.h: what the parts of rubric-index share. */
#ifndef RUBRIC_INDEXER_H
#define RUBRIC_INDEXER_H

#include <fts.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#include "analyze.h"
#include "extent.h"
#include "filestate.h"
#include "format.h"
#include "ignore.h"
#include "ingest.h"
#include "langcontext.h"
#include "langdetect.h"
#include "xapian_c.h"

#define PROG "rubric-index"

/* A file to index. */
typedef struct {
	char *shown;         /* as the user named it, for messages */
	char *id;            /* its absolute path: its identity in the index */
	bool shown_in_id;    /* shown is the end of id (not freed on its own) */
	uint64_t size;
	int64_t mtime_ns;
	char *content;       /* standard input's bytes; NULL for files */
} item;

typedef struct walk_feed walk_feed;

typedef struct {
	item *v;
	size_t n, cap;
	size_t passed;       /* items a fresh build's walk queued, not kept in v */
	walk_feed *feed;     /* a walk still adding to the list (feed.c) */
} item_list;

/* Counts shown in the summary and the progress line; workers update them. */
typedef struct {
	/* Each file the run met is one of these (a folder that cannot be
	 * read is one failed); the summary's count is their sum. */
	atomic_size_t added, updated, unchanged, removed, skipped, vanished, failed;
	atomic_size_t passages, bytes, done;
	atomic_int fatal;    /* the index failed: stop everything */
} counts;

typedef struct {
	const char *db_path;
	const char *lang;
	rb_format format;    /* --format, or detect */
	int jobs;
	unsigned shards;     /* databases the index is split into */
	int quiet;
	int store_text;      /* --store-text, or the index was built with it */
	int progress;        /* stderr is a terminal */
	int64_t start_sec;   /* when the run began (racy mtimes) */
	uint64_t start_bytes;  /* the index folder's size then (a full disk's report) */
	char **roots;        /* absolute folders/files this run walks */
	size_t n_roots;
	char **forget;       /* --forget: roots the index leaves out (absolute) */
	size_t n_forget;
	const item_list *unwalked;  /* paths below the roots that could not be read */
	rb_langctx *langctx; /* --lang auto: the languages detected per folder */
	/* --watch's batches (watch.c): the roots are changed paths below the
	 * index's roots, not roots of their own; cfg->langctx holds the
	 * index's counts already (the run before kept them). */
	bool changes_only;
	/* --filter EXT=COMMAND and the config file's, first match wins. */
	char *const *filters;
	size_t n_filters;
} run_config;

/* One writer and what feeds it. */
typedef struct {
	const run_config *cfg;
	counts *c;
	xc_writer *w;
	rb_ingest *in;
	size_t batch_passages, batch_bytes;
	size_t batch_max;       /* passages a batch holds before its commit */
	rb_langdetect *detect;  /* --lang auto */
	int defer;              /* hold back the files detection cannot label */
	/* ... until worker_index_deferred, in a file of their own: a share of
	 * the files (9,523 of the related corpus's 52,232) would grow memory with
	 * the corpus. */
	FILE *held;
	size_t n_held;
	/* An update's database as of its last commit: cut back to it when
	 * the run fails (extent.h).  Unused for a build's chunks. */
	rb_extent extent;
	int in_place;
} worker;

extern volatile sig_atomic_t interrupted;

/* report.c: "rubric-index: WHAT: WHY" on stderr; an index's failure from
 * the store's or the binding's message (a full disk said once, in rubric's
 * words, naming the index); the summary line. */
void report(const char *what, const char *why);
void report_index(const run_config *cfg, const char *msg);
void report_summary(const run_config *cfg, const counts *c, double seconds, bool stopped);
void report_compacted(const run_config *cfg, uint64_t before, uint64_t after);

/* What a walk leaves out besides hidden and version-control names. */
typedef struct {
	const char *cwd;          /* paths are made absolute from it */
	char *const *excludes;    /* --exclude globs */
	size_t n_excludes;
	bool no_ignore;           /* --no-ignore: ignore files are not read */
	/* The run's index folder, which may lie in the tree it indexes (even
	 * be its root): what rubric keeps there is not a document. */
	dev_t index_dev;
	ino_t index_ino;
	bool index_known;
} walk_rules;

/* items.c: the list of files (below walk.c, feed.c and their readers). */
/* Appends it (its strings then the list's); -1: out of memory. */
int items_append(item_list *l, item it);
void items_free(item_list *l);
/* Frees the item's strings. */
void item_release(item *it);
/* Keeps the first of the items with the same id; -1: out of memory. */
int items_drop_repeats(item_list *l);
/* The shard a file goes to. */
unsigned shard_of(const char *id, unsigned shards);

/* Where a walk puts the files it finds; walk.c knows no more of it.
 * push takes the item (0), or leaves it to the walk (-1: out of memory);
 * stopped, when set, ends the walk early; in_thread: the walk runs beside
 * the run's own thread (feed.c), so it must not change the process's
 * folder. */
typedef struct {
	int (*push)(void *to, item it);
	bool (*stopped)(void *to);
	void *to;
	bool in_thread;
} walk_sink;

/* Into the list l, as items_append. */
walk_sink items_sink(item_list *l);

/* walk.c: every file under the root.  Returns 0, or -1 on out of memory. */
int walk_collect(const char *root, const walk_rules *rules, const walk_sink *out,
		 item_list *unwalked, counts *c);
/* Whether a walk leaves out the entry `name` below a root (a folder when
 * is_dir), `rel` its path from the root: a hidden name, a version-control
 * folder, or --exclude (what the user named, a root, is never left out). */
bool walk_skips(const char *name, bool is_dir, const char *rel, const walk_rules *rules);
/* Ignore files (ignore.h) for a walk from root (absolute from cwd): the
 * folders above it read; NULL with --no-ignore, or out of memory (*oom).
 * walk_ignored: whether the walk's entry e is left out by its folders'
 * patterns (ig NULL: never); a folder kept is entered (its own ignore
 * files read).  1: left out, 0: kept, -1: out of memory. */
rb_ignore *walk_ignore_start(const char *root, const walk_rules *rules, bool *oom);
int walk_ignored(rb_ignore *ig, const FTSENT *e, const char *cwd);
char *absolute_path(const char *cwd, const char *path);

/* feed.c: one folder walked by a thread of its own while an update reads
 * the files it has found so far (the walk was a fifth of a rerun), or
 * while a fresh build indexes them.
 * feed_start: items (empty) and unwalked are filled by that walk; with
 * `queues` (a fresh build's shards), items keeps none of the files: they
 * wait in a bounded queue per shard for items_take.  0, or -1 when the
 * thread cannot start (the caller walks them itself).
 * items_get: a copy of item i, waiting for the walk, and how many the
 * walk has found so far; false once the walk has ended without it (or was
 * stopped).  feed_finish: stops the walk if it still runs (the update
 * failed or was interrupted), waits for it and detaches the lists. */
int feed_start(item_list *items, item_list *unwalked, const char *root,
	       const walk_rules *rules, unsigned queues, counts *c);
/* The next file of a shard's queue, the caller's to release; false once
 * the walk has ended and the queue is empty (or the feed was stopped). */
bool items_take(item_list *l, unsigned shard, item *out);
/* Whether l's files come through queues. */
bool feed_queues(const item_list *l);
bool items_get(item_list *l, size_t i, item *out, size_t *found);
/* The items found so far. */
size_t items_count(item_list *l);
void feed_finish(item_list *items);

/* work.c: one worker's writer, and indexing one file with it. */
/* All of fd's bytes (malloc'd); NULL with errno set on failure. */
char *read_whole(int fd, size_t *len_out);
int worker_open(worker *wk, const run_config *cfg, counts *c, const char *db,
		int flags);
/* Commits and frees; returns 0 or -1 (reported). */
int worker_close(worker *wk, int commit);
/* Reads the file and indexes it, unless its content is `known`'s.
 * Returns -1 when the index failed (the run must stop), 1 when the file
 * was held back (wk->defer: --lang auto could not detect its language,
 * which its context will give once every other file is noted), else 0. */
int worker_index(worker *wk, const item *it, const rb_filestate *known);
/* Indexes the files held back, each in its context's language (else
 * English), counting each as done.  -1 when the index failed, else 0. */
int worker_index_deferred(worker *wk);
/* The languages per folder the index keeps (RB_META_LANGCTX) added to
 * cfg->langctx, or cfg->langctx kept there.  0, or -1 (reported). */
int worker_load_langctx(worker *wk);
int worker_keep_langctx(worker *wk);
int worker_remove(worker *wk, const char *id);
int worker_commit(worker *wk);

/* filter.c: --filter.  filter_for: the command for the file at path
 * (its name's extension, any case), or NULL.  filter_run: the command's
 * output with the file on its standard input (malloc'd, *len bytes), or
 * NULL with *why (malloc'd, "filter 'CMD' failed (exit N)", "(timed out
 * after S s)", ...; NULL: out of memory). */
const char *filter_for(char *const *filters, size_t n, const char *path);
char *filter_run(const char *cmd, const char *path, size_t *len, char **why);

/* build.c: a whole new index from `items`, written in parallel and
 * swapped in.  update.c: changes applied in place.  0 or -1. */
int build_all(const run_config *cfg, item_list *items, counts *c);
int update_in_place(const run_config *cfg, item_list *items, counts *c);
/* compact.c: --compact: the index rewritten into a new generation and
 * swapped in.  0 or -1 (reported). */
int compact_index(const run_config *cfg);

/* spell.c: the spelling structure of the words of `chunks` (every
 * shard's), written into the new chunk `dest`; of the index at
 * cfg->db_path, brought up to date in its first shard when `changed` or
 * when it has none that is current: from `words` (NUL-terminated, the
 * words the run wrote) when the structure was current before the run
 * (spell_is_current), else from every word of the index.  0 or -1
 * (reported). */
int spell_write_chunk(const run_config *cfg, char *const *chunks, size_t n, const char *dest);
int spell_is_current(const run_config *cfg);
int spell_update(const run_config *cfg, const char *first_shard, int changed,
		 const char *words, size_t words_len);
/* The spelling structure numbered again from every word the index holds
 * (the words of removed files leave it), in its first shard.  0 or -1
 * (reported). */
int spell_write_whole(const run_config *cfg, const char *first_shard);

/* status.c: who can read the index and its modes, as --status shows them:
 * "owner only (folders 0700, files 0600)". */
void index_access(const char *db_path, char *text, size_t len);
/* Adds the bytes on disk under `dir` to *bytes; *newest: the latest
 * modification (the last commit). */
void index_disk_usage(const char *dir, uint64_t *bytes, time_t *newest);

/* progress.c */
void progress_show(const run_config *cfg, counts *c, size_t total, int final);

#endif
