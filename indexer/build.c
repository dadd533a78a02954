/* build.c: a whole index written from scratch.  Each job writes a chunk
 * database of its own (Xapian has one writer per database, and the writer
 * is the cost); the chunks are then merged by compaction into a new
 * generation, and the index's stub is swapped to it.  Until the swap, a
 * search sees the old index; a run stopped before it leaves the old index
 * as it was, and its chunks are removed by the next run. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "indexer.h"
#include "store.h"

typedef struct {
	const run_config *cfg;
	item_list *items;
	counts *c;
	atomic_size_t next;
	atomic_int finished;   /* jobs done */
} shared_work;

typedef struct {
	shared_work *sh;
	char *chunk;
	int first;           /* writes the index-wide metadata */
	pthread_t thread;
	int started;
} job;

static int set_index_metadata(worker *wk)
{
	const run_config *cfg = wk->cfg;
	size_t len = 0;
	for (size_t i = 0; i < cfg->n_roots; i++)
		len += strlen(cfg->roots[i]) + 1;
	char *roots = malloc(len + 1), *p = roots, *msg = NULL;
	if (!roots)
		return -1;
	for (size_t i = 0; i < cfg->n_roots; i++)
		p += sprintf(p, "%s\n", cfg->roots[i]);
	xc_status xs = xc_writer_set_metadata(wk->w, RB_META_LANG, cfg->lang,
					      strlen(cfg->lang), &msg);
	if (!xs)
		xs = xc_writer_set_metadata(wk->w, RB_META_SCHEMA, RB_SCHEMA_VERSION,
					    strlen(RB_SCHEMA_VERSION), &msg);
	if (!xs)
		xs = xc_writer_set_metadata(wk->w, RB_META_ROOTS, roots, (size_t)(p - roots), &msg);
	free(roots);
	if (xs) {
		warn(cfg->db_path, msg ? msg : "cannot write metadata");
		free(msg);
		return -1;
	}
	return 0;
}

static void *run_job(void *arg)
{
	job *j = arg;
	shared_work *sh = j->sh;
	worker wk;
	if (worker_open(&wk, sh->cfg, sh->c, j->chunk,
			XC_WRITER_OVERWRITE | XC_WRITER_NO_SYNC)) {
		sh->finished++;
		return NULL;
	}
	if (j->first && set_index_metadata(&wk))
		sh->c->fatal = 1;
	while (!interrupted && !sh->c->fatal) {
		size_t i = atomic_fetch_add(&sh->next, 1);
		if (i >= sh->items->n)
			break;
		if (worker_index(&wk, &sh->items->v[i], NULL))
			break;
		sh->c->done++;
	}
	worker_close(&wk, !interrupted && !sh->c->fatal);
	sh->finished++;
	return NULL;
}

int build_all(const run_config *cfg, item_list *items, counts *c)
{
	char *gen = NULL, *dest = NULL, *err = NULL;
	int njobs = cfg->jobs;
	if ((size_t)njobs > items->n)
		njobs = items->n ? (int)items->n : 1;
	job *jobs = calloc((size_t)njobs, sizeof *jobs);
	shared_work sh = { .cfg = cfg, .items = items, .c = c };
	int rc = -1;

	if (!jobs || rb_store_next_generation(cfg->db_path, &gen, &err) ||
	    asprintf(&dest, "%s/%s", cfg->db_path, gen) < 0)
		goto out;
	for (int k = 0; k < njobs; k++) {
		jobs[k].sh = &sh;
		jobs[k].first = k == 0;
		if (asprintf(&jobs[k].chunk, "%s/chunk-%s-%d", cfg->db_path, gen, k) < 0)
			goto out;
	}
	int started = 0;
	for (int k = 0; k < njobs; k++, started++) {
		if (pthread_create(&jobs[k].thread, NULL, run_job, &jobs[k]) != 0) {
			warn(cfg->db_path, "cannot start a thread");
			c->fatal = 1;
			break;
		}
		jobs[k].started = 1;
	}
	while (sh.finished < started) {
		progress_show(cfg, c, items->n, 0);
		struct timespec nap = { 0, 20 * 1000000 };
		nanosleep(&nap, NULL);
	}
	for (int k = 0; k < started; k++)
		pthread_join(jobs[k].thread, NULL);
	progress_show(cfg, c, items->n, 1);
	if (interrupted || c->fatal)
		goto out;

	/* One database from the chunks, then the swap: all or nothing. */
	const char **chunks = malloc((size_t)njobs * sizeof *chunks);
	if (!chunks)
		goto out;
	for (int k = 0; k < njobs; k++)
		chunks[k] = jobs[k].chunk;
	xc_status xs = xc_compact(chunks, (size_t)njobs, dest, &err);
	free(chunks);
	if (xs) {
		c->fatal = 1;
		goto out;
	}
	if (interrupted || rb_store_swap(cfg->db_path, gen, &err)) {
		c->fatal = !interrupted;
		goto out;
	}
	rc = 0;
out:
	if (err)
		warn(cfg->db_path, err);
	free(err);
	if (rc)
		rb_store_clean(cfg->db_path);  /* drop the chunks and the half-built */
	for (int k = 0; jobs && k < njobs; k++)
		free(jobs[k].chunk);
	free(jobs);
	free(gen);
	free(dest);
	return rc;
}
