/* update.c: an existing index brought up to date in place, by one writer:
 * files whose size and mtime are unchanged are not read; changed ones are
 * re-read and replaced only when their content hash differs; files gone
 * from under a root of this run lose their passages.  Each batch commits
 * passages and file states together.  Then the spelling structure, when
 * the run changed the index (spell.c). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "indexer.h"
#include "roots.h"
#include "store.h"
#include "grow.h"

/* A file the index held when the run began, known by its path's hash (the
 * key of its state): a rerun's memory then holds no path per file. */
typedef struct {
	uint64_t key;
	rb_filestate st;
	bool seen;
} known_file;

typedef struct {
	known_file *v;
	size_t n, cap;
	size_t *slots;       /* open addressing: index + 1, 0 = free */
	size_t n_slots;
	int oom;
} known_set;

static int collect_state(const char *path, size_t len, const rb_filestate *st,
			 void *ctx)
{
	known_set *k = ctx;
	known_file *v = rb_grow(k->v, &k->cap, k->n + 1, sizeof *v, 1024);
	if (!v)
		return k->oom = 1;
	k->v = v;
	k->v[k->n++] = (known_file){ XXH3_64bits(path, len), *st, false };
	return 0;
}

static int index_known(known_set *k)
{
	k->n_slots = 16;
	while (k->n_slots < k->n * 2)
		k->n_slots *= 2;
	k->slots = calloc(k->n_slots, sizeof *k->slots);
	if (!k->slots)
		return -1;
	for (size_t i = 0; i < k->n; i++) {
		size_t j = k->v[i].key & (k->n_slots - 1);
		while (k->slots[j])
			j = (j + 1) & (k->n_slots - 1);
		k->slots[j] = i + 1;
	}
	return 0;
}

static known_file *find_known(known_set *k, const char *path, size_t len)
{
	uint64_t key = XXH3_64bits(path, len);
	for (size_t j = key & (k->n_slots - 1); k->slots[j]; j = (j + 1) & (k->n_slots - 1))
		if (k->v[k->slots[j] - 1].key == key)
			return &k->v[k->slots[j] - 1];
	return NULL;
}

static int under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 &&
	       (path[n] == '\0' || path[n] == '/' || (n == 1 && dir[0] == '/'));
}

/* Whether a known file not seen in this run is gone: it was under a root
 * of this run, and not under a folder that could not be read; or under a
 * root the run forgets. */
static int gone(const run_config *cfg, const char *path)
{
	int in_root = 0;
	for (size_t i = 0; i < cfg->n_forget; i++)
		if (under(path, cfg->forget[i]))
			return 1;
	for (size_t i = 0; i < cfg->n_roots && !in_root; i++)
		in_root = under(path, cfg->roots[i]);
	for (size_t i = 0; in_root && cfg->unwalked && i < cfg->unwalked->n; i++)
		if (under(path, cfg->unwalked->v[i].id))
			return 0;
	return in_root;
}

/* The paths of the known files this run did not see and that are gone,
 * from a second pass over the states (the known set keeps no paths). */
typedef struct {
	known_set *k;
	const run_config *cfg;
	char **paths;
	size_t n, cap;
	int oom;
} gone_list;

static int collect_gone(const char *path, size_t len, const rb_filestate *st, void *ctx)
{
	gone_list *g = ctx;
	(void)st;
	known_file *kf = find_known(g->k, path, len);
	if (!kf || kf->seen)   /* seen, or new in this run */
		return 0;
	char *p = strndup(path, len);
	if (!p)
		return g->oom = 1;
	if (!gone(g->cfg, p)) {
		free(p);
		return 0;
	}
	char **v = rb_grow(g->paths, &g->cap, g->n + 1, sizeof *v, 64);
	if (!v) {
		free(p);
		return g->oom = 1;
	}
	g->paths = v;
	g->paths[g->n++] = p;
	return 0;
}

/* The roots the index had, plus this run's, less those it forgets; and
 * --store-text. */
static int merge_roots(worker *wk, const run_config *cfg)
{
	char *have = NULL, *msg = NULL, *all = NULL;
	size_t len = 0, all_len = 0;
	rb_roots roots = { 0 };
	if (cfg->changes_only)
		return 0;
	xc_status xs = xc_writer_get_metadata(wk->w, RB_META_ROOTS, &have, &len, &msg);
	rb_status st = xs ? RB_OK : rb_roots_parse(have, len, &roots, NULL);
	for (size_t i = 0; !xs && !st && i < cfg->n_roots; i++)
		st = rb_roots_add(&roots, cfg->roots[i], NULL);
	for (size_t i = 0; i < cfg->n_forget; i++)
		rb_roots_remove(&roots, cfg->forget[i]);
	if (!xs && !st && (all = rb_roots_format(roots.v, roots.n, &all_len))) {
		xs = xc_writer_set_metadata(wk->w, RB_META_ROOTS, all, all_len, &msg);
		/* --store-text given to an update holds for the later ones. */
		if (!xs && cfg->store_text)
			xs = xc_writer_set_metadata(wk->w, RB_META_TEXT, RB_TEXT_STORED,
						    strlen(RB_TEXT_STORED), &msg);
	}
	free(all);
	free(have);
	rb_roots_free(&roots);
	if (xs || !all) {
		report_index(cfg, msg ? msg : "out of memory");
		free(msg);
		return -1;
	}
	return 0;
}

/* The words the shards' writers wrote, one after another. */
typedef struct {
	char *p;
	size_t used, cap;
	int kept;   /* every writer gave its words */
} run_words;

static int keep_words(run_words *rw, const rb_ingest *in)
{
	size_t len = 0;
	const char *words = rb_ingest_written_words(in, &len);
	if (!words) {
		rw->kept = 0;
		return 0;
	}
	if (len == 0)
		return 0;
	if (rw->used + len > rw->cap) {
		size_t cap = rw->cap ? rw->cap : 4096;
		while (cap < rw->used + len)
			cap *= 2;
		char *p = realloc(rw->p, cap);
		if (!p)
			return -1;
		rw->p = p;
		rw->cap = cap;
	}
	memcpy(rw->p + rw->used, words, len);
	rw->used += len;
	return 0;
}

/* One shard: its files among the items, and its known files gone from
 * under this run's roots. */
static int update_shard(const run_config *cfg, item_list *items, counts *c,
			const char *db, unsigned shard, unsigned shards, run_words *rw)
{
	worker wk;
	known_set k = { 0 };
	gone_list g = { .k = &k, .cfg = cfg };
	char *err = NULL;
	int rc = -1;

	if (worker_open(&wk, cfg, c, db, XC_WRITER_CREATE_OR_OPEN))
		return -1;
	if (rb_filestate_each_w(wk.w, collect_state, &k, &err) || k.oom || index_known(&k)) {
		report_index(cfg, err ? err : "out of memory");
		free(err);
		goto out;
	}
	if (merge_roots(&wk, cfg))
		goto out;
	wk.defer = cfg->langctx != NULL;
	/* The languages the index's folders were given: new short files take
	 * theirs (every shard keeps the same counts: read them once). */
	if (cfg->langctx && shard == 0 && !cfg->changes_only && worker_load_langctx(&wk))
		goto out;
	/* Queued (one shard), each file is the loop's to release. */
	bool queued = feed_queues(items);
	item copy;
	size_t i = 0, found = 0, n_seen = 0;
	while (!interrupted && !c->fatal &&
	       (queued ? items_take(items, 0, &copy) : items_get(items, i++, &copy, &found))) {
		const item *it = &copy;
		if (!queued && shard_of(it->id, shards) != shard)
			continue;
		known_file *kf = it->content ? NULL : find_known(&k, it->id, strlen(it->id));
		if (kf && !kf->seen) {
			kf->seen = true;
			n_seen++;
		}
		int r = 0;
		if (kf && !kf->st.racy && kf->st.size == it->size &&
		    kf->st.mtime_ns == it->mtime_ns)
			c->unchanged++;
		else
			r = worker_index(&wk, it, kf ? &kf->st : NULL);
		if (queued) {
			item_release(&copy);
			found = items_count(items);
		}
		if (r < 0)
			break;
		if (r == 0)
			c->done++;
		progress_show(cfg, c, found, 0);
	}
	/* The files detection could not label, in the languages of the files
	 * read in this run (see langcontext.h). */
	if (!interrupted && !c->fatal &&
	    (worker_index_deferred(&wk) || (cfg->langctx && worker_keep_langctx(&wk))))
		goto out;
	/* Every known file seen (a rerun with none deleted): none is gone. */
	if (!interrupted && !c->fatal && n_seen < k.n &&
	    (rb_filestate_each_w(wk.w, collect_gone, &g, &err) || g.oom)) {
		report_index(cfg, err ? err : "out of memory");
		free(err);
		goto out;
	}
	for (size_t i = 0; i < g.n && !interrupted && !c->fatal; i++)
		if (worker_remove(&wk, g.paths[i]))
			break;
	rc = interrupted || c->fatal ? -1 : 0;
	if (!rc && keep_words(rw, wk.in)) {
		report(cfg->db_path, "out of memory");
		rc = -1;
	}
out:
	if (worker_close(&wk, rc == 0))
		rc = -1;
	for (size_t i = 0; i < g.n; i++)
		free(g.paths[i]);
	free(g.paths);
	free(k.v);
	free(k.slots);
	return rc;
}

int update_in_place(const run_config *cfg, item_list *items, counts *c)
{
	char *gen = NULL, *err = NULL;
	unsigned shards = 0;
	int rc = 0;
	if (rb_store_current(cfg->db_path, &gen, &shards, &err) || !gen) {
		report_index(cfg, err ? err : "no database");
		free(err);
		return -1;
	}
	/* The run's words can bring the spelling structure up to date only
	 * if it was before the run. */
	run_words rw = { .kept = spell_is_current(cfg) };
	/* Shards are updated one after the other: an update is small. */
	for (unsigned s = 0; s < shards && !rc; s++) {
		char *db = rb_store_shard_path(cfg->db_path, gen, s, shards);
		if (!db)
			report(cfg->db_path, "out of memory");
		rc = db ? update_shard(cfg, items, c, db, s, shards, &rw) : -1;
		free(db);
	}
	if (!rc && !interrupted) {
		char *first = rb_store_shard_path(cfg->db_path, gen, 0, shards);
		rc = first ? spell_update(cfg, first, c->added + c->updated + c->removed > 0,
					  rw.kept ? (rw.p ? rw.p : "") : NULL, rw.used)
			   : -1;
		if (!first)
			report(cfg->db_path, "out of memory");
		free(first);
	}
	progress_show(cfg, c, items_count(items), 1);
	free(rw.p);
	free(gen);
	return rc;
}
