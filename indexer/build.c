/* build.c: a whole index written from scratch.  Each job writes a chunk
 * database of its own (Xapian has one writer per database, and the writer
 * is the cost); the chunks are then merged by compaction into a new
 * generation, and the index's stub is swapped to it.  Until the swap, a
 * search sees the old index; a run stopped before it leaves the old index
 * as it was, and its chunks are removed by the next run.
 *
 * With shards, each file goes to shard hash(path) mod N, each shard is
 * written by its own job, and the stub lists the shards.  At most --jobs
 * of those jobs index at a time: more writers than cores only take turns
 * on them, each with its own batch in memory.  A build of one folder takes
 * its files from the walk as it goes (feed.c), through a bounded queue
 * per shard: then every shard's job runs at once, since one waiting for
 * its turn would hold up the walk and so the others.
 *
 * --lang auto: a job holds back the files whose language detection cannot
 * tell; once every job has been through its files (and noted the
 * languages detected per folder), each indexes those it held back in
 * their folders' languages (lib/langcontext.h), and the first job of each
 * shard keeps the counts in the index for later runs.
 *
 * Every chunk's words then give the spelling structure (spell.c), a chunk
 * of its own merged into the first shard. */
#include <malloc.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "indexer.h"
#include "roots.h"
#include "store.h"

/* The files of one shard, taken in turn by its jobs. */
typedef struct {
	size_t *items;
	size_t n;
	atomic_size_t next;
} group;

typedef struct {
	const run_config *cfg;
	item_list *items;
	counts *c;
	atomic_int finished;   /* jobs done */
	/* --lang auto: the files detection cannot label wait until every job
	 * has noted the languages of the others (their context). */
	pthread_mutex_t lock;
	pthread_cond_t noted;
	int noting;            /* jobs still on their first pass */
	/* Turns to index, when there are more jobs than --jobs. */
	sem_t turns;
	int take_turns;
} shared_work;

typedef struct {
	shared_work *sh;
	group *g;
	unsigned shard;
	char *chunk;
	int first;           /* writes the index-wide metadata */
	pthread_t thread;
} job;

static int set_index_metadata(worker *wk)
{
	const run_config *cfg = wk->cfg;
	size_t len = 0;
	char *roots = rb_roots_format(cfg->roots, cfg->n_roots, &len), *msg = NULL;
	if (!roots) {
		report(cfg->db_path, "out of memory");
		return -1;
	}
	xc_status xs = xc_writer_set_metadata(wk->w, RB_META_LANG, cfg->lang,
					      strlen(cfg->lang), &msg);
	if (!xs)
		xs = xc_writer_set_metadata(wk->w, RB_META_SCHEMA, RB_SCHEMA_VERSION,
					    strlen(RB_SCHEMA_VERSION), &msg);
	if (!xs)
		xs = xc_writer_set_metadata(wk->w, RB_META_ROOTS, roots, len, &msg);
	if (!xs && cfg->store_text)
		xs = xc_writer_set_metadata(wk->w, RB_META_TEXT, RB_TEXT_STORED,
						    strlen(RB_TEXT_STORED), &msg);
	free(roots);
	if (xs) {
		report_index(cfg, msg ? msg : "cannot write metadata");
		free(msg);
		return -1;
	}
	return 0;
}

/* A job has noted its files' languages (or stopped). */
static void done_noting(shared_work *sh, int jobs)
{
	pthread_mutex_lock(&sh->lock);
	sh->noting -= jobs;
	pthread_cond_broadcast(&sh->noted);
	pthread_mutex_unlock(&sh->lock);
}

static void wait_noted(shared_work *sh)
{
	pthread_mutex_lock(&sh->lock);
	while (sh->noting > 0)
		pthread_cond_wait(&sh->noted, &sh->lock);
	pthread_mutex_unlock(&sh->lock);
}

static void take_turn(shared_work *sh)
{
	if (sh->take_turns)
		while (sem_wait(&sh->turns) != 0)
			;   /* EINTR: a signal, such as the Ctrl-C that sets interrupted */
}

static void end_turn(shared_work *sh)
{
	if (sh->take_turns)
		sem_post(&sh->turns);
}

static void *run_job(void *arg)
{
	job *j = arg;
	shared_work *sh = j->sh;
	worker wk;
	if (worker_open(&wk, sh->cfg, sh->c, j->chunk,
			XC_WRITER_OVERWRITE | XC_WRITER_NO_SYNC)) {
		done_noting(sh, 1);
		sh->finished++;
		return NULL;
	}
	if (j->first && set_index_metadata(&wk))
		sh->c->fatal = 1;
	wk.defer = sh->cfg->langctx != NULL;
	/* Files from the walk's queues come only as fast as every shard's
	 * are taken: a job waiting for its turn would stop the walk. */
	bool queued = feed_queues(sh->items), turns = sh->take_turns && !queued;
	if (turns)
		take_turn(sh);
	while (!interrupted && !sh->c->fatal) {
		item taken;
		const item *it = &taken;
		if (queued) {
			if (!items_take(sh->items, j->shard, &taken))
				break;
		} else {
			size_t i = atomic_fetch_add(&j->g->next, 1);
			if (i >= j->g->n)
				break;
			it = &sh->items->v[j->g->items[i]];
		}
		int r = worker_index(&wk, it, NULL);
		if (queued)
			item_release(&taken);
		if (r < 0)
			break;
		if (r == 0)
			sh->c->done++;
	}
	/* A job waiting for its deferred files holds no batch in memory. */
	if (sh->take_turns && !interrupted && !sh->c->fatal)
		worker_commit(&wk);
	if (turns)
		end_turn(sh);
	done_noting(sh, 1);
	wait_noted(sh);
	take_turn(sh);
	if (!interrupted && !sh->c->fatal && !worker_index_deferred(&wk) &&
	    j->first && sh->cfg->langctx)
		worker_keep_langctx(&wk);   /* for the next runs' new files */
	worker_close(&wk, !interrupted && !sh->c->fatal);
	end_turn(sh);
	sh->finished++;
	return NULL;
}

int build_all(const run_config *cfg, item_list *items, counts *c)
{
	char *gen = NULL, *err = NULL, *spell_chunk = NULL;
	unsigned n_groups = cfg->shards > 1 ? cfg->shards : 1;
	/* One shard: every job shares it; several: a job each. */
	int per_group = n_groups > 1 ? 1 : cfg->jobs;
	if (!feed_queues(items) && (size_t)per_group > items->n)
		per_group = items->n ? (int)items->n : 1;
	int njobs = per_group * (int)n_groups, started = 0;
	job *jobs = calloc((size_t)njobs, sizeof *jobs);
	group *groups = calloc(n_groups, sizeof *groups);
	shared_work sh = { .cfg = cfg, .items = items, .c = c, .noting = njobs };
	int rc = -1;

	pthread_mutex_init(&sh.lock, NULL);
	pthread_cond_init(&sh.noted, NULL);
	sh.take_turns = njobs > cfg->jobs;
	sem_init(&sh.turns, 0, (unsigned)cfg->jobs);

	if (!jobs || !groups)
		goto oom;
	if (rb_store_next_generation(cfg->db_path, &gen, &err))
		goto failed;
	for (unsigned g = 0; g < n_groups; g++)
		if (!(groups[g].items = malloc((items->n + 1) * sizeof *groups[g].items)))
			goto oom;
	for (size_t i = 0; i < items->n; i++) {
		group *g = &groups[shard_of(items->v[i].id, n_groups)];
		g->items[g->n++] = i;
	}
	for (int k = 0; k < njobs; k++) {
		jobs[k].sh = &sh;
		jobs[k].g = &groups[k / per_group];
		jobs[k].shard = (unsigned)(k / per_group);
		jobs[k].first = k % per_group == 0;
		if (asprintf(&jobs[k].chunk, "%s/chunk-%s-%d", cfg->db_path, gen, k) < 0) {
			jobs[k].chunk = NULL;
			goto oom;
		}
	}
	for (int k = 0; k < njobs; k++, started++) {
		if (pthread_create(&jobs[k].thread, NULL, run_job, &jobs[k]) != 0) {
			report(cfg->db_path, "cannot start a thread");
			c->fatal = 1;
			break;
		}
	}
	if (started < njobs)
		done_noting(&sh, njobs - started);   /* no one waits for these */
	while (sh.finished < started) {
		progress_show(cfg, c, items_count(items), 0);
		struct timespec nap = { 0, 20 * 1000000 };
		nanosleep(&nap, NULL);
	}
	for (int k = 0; k < started; k++)
		pthread_join(jobs[k].thread, NULL);
	progress_show(cfg, c, items_count(items), 1);
	if (interrupted || c->fatal)
		goto out;
	/* The writers' memory goes back to the system before the spelling
	 * structure reads the vocabulary: glibc keeps what each thread's
	 * arena freed, and the two added up to the peak of a large build. */
	malloc_trim(0);

	char **all_chunks = malloc((size_t)njobs * sizeof *all_chunks);
	if (!all_chunks || asprintf(&spell_chunk, "%s/chunk-%s-spell", cfg->db_path, gen) < 0) {
		free(all_chunks);
		spell_chunk = NULL;
		goto oom;
	}
	for (int k = 0; k < njobs; k++)
		all_chunks[k] = jobs[k].chunk;
	int spelled = spell_write_chunk(cfg, all_chunks, (size_t)njobs, spell_chunk);
	free(all_chunks);
	if (spelled) {
		c->fatal = 1;
		goto out;
	}

	/* Each shard from its chunks, then the swap: all or nothing. */
	for (unsigned g = 0; g < n_groups; g++) {
		const char *chunks[257];
		char *dest = rb_store_shard_path(cfg->db_path, gen, g, n_groups);
		size_t n_chunks = 0;
		for (int k = 0; k < per_group && k < 256; k++)
			chunks[n_chunks++] = jobs[(int)g * per_group + k].chunk;
		if (g == 0)
			chunks[n_chunks++] = spell_chunk;
		xc_status xs = dest ? xc_compact(chunks, n_chunks, dest, &err)
				    : XC_ERR_NO_MEMORY;
		free(dest);
		if (xs) {
			c->fatal = 1;
			if (!err)   /* no memory even for the message */
				goto oom;
			goto out;
		}
	}
	if (interrupted)
		goto out;
	if (rb_store_swap(cfg->db_path, gen, n_groups, &err)) {
		c->fatal = 1;
		goto failed;
	}
	rc = 0;
	goto out;
failed:   /* the store's message, if there was memory for one */
	if (err)
		goto out;
oom:
	report(cfg->db_path, "out of memory");
out:
	if (err)
		report_index(cfg, err);
	free(err);
	if (rc)
		rb_store_clean(cfg->db_path);  /* drop the chunks and the half-built */
	for (int k = 0; jobs && k < njobs; k++)
		free(jobs[k].chunk);
	for (unsigned g = 0; groups && g < n_groups; g++)
		free(groups[g].items);
	free(groups);
	free(jobs);
	free(spell_chunk);
	free(gen);
	sem_destroy(&sh.turns);
	pthread_cond_destroy(&sh.noted);
	pthread_mutex_destroy(&sh.lock);
	return rc;
}
