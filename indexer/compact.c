/* compact.c: rubric-index --compact.  The index rewritten into a new
 * generation by Xapian's compaction and swapped in, as a rebuild is, the
 * old one removed: what updates freed (the blocks that held a removed
 * file's terms and text) is not copied, so it is gone from the index's
 * files, and the index is as small as it can be.  The files are not read
 * again. */
#include <stdio.h>
#include <stdlib.h>

#include "indexer.h"
#include "families.h"
#include "store.h"

/* The words of removed files out of the current generation's stem
 * families (updates keep them: a word of a file may come back), in place,
 * as an update writes; its compaction then copies none of the blocks they
 * were in. */
static int prune_families(const run_config *cfg, const char *gen, unsigned shards,
			  char **err)
{
	for (unsigned s = 0; s < shards; s++) {
		char *db = rb_store_shard_path(cfg->db_path, gen, s, shards);
		xc_writer *w = NULL;
		xc_status xs = db ? xc_writer_open(db, XC_WRITER_CREATE_OR_OPEN, &w, err) : XC_ERR_NO_MEMORY;
		free(db);
		if (!xs && !(xs = xc_writer_begin(w, err)))
			xs = rb_families_prune(w, NULL, err) ? XC_ERR_IO : xc_writer_commit(w, err);
		if (xs && w)
			xc_writer_cancel(w, NULL);
		if (w && xc_writer_close(w, xs ? NULL : err) && !xs)
			xs = XC_ERR_IO;
		if (xs)
			return -1;
	}
	return 0;
}

/* Each shard of generation `from` compacted into the same shard of `to`. */
static int compact_shards(const run_config *cfg, const char *from, const char *to,
			  unsigned shards, char **err)
{
	for (unsigned s = 0; s < shards; s++) {
		char *src = rb_store_shard_path(cfg->db_path, from, s, shards);
		char *dest = rb_store_shard_path(cfg->db_path, to, s, shards);
		const char *sources[] = { src };
		xc_status xs = src && dest ? xc_compact(sources, 1, dest, err) : XC_ERR_NO_MEMORY;
		free(src);
		free(dest);
		if (xs)
			return -1;
	}
	return 0;
}

int compact_index(const run_config *cfg)
{
	char *current = NULL, *gen = NULL, *err = NULL;
	unsigned shards = 0;
	uint64_t before = 0, after = 0;
	time_t newest = 0;
	int rc = -1;
	if (rb_store_current(cfg->db_path, &current, &shards, &err))
		goto out;
	if (!current) {
		fprintf(stderr, PROG ": %s: no index there (create one with " PROG
			" -d %s PATH...)\n", cfg->db_path, cfg->db_path);
		return -1;
	}
	index_disk_usage(cfg->db_path, &before, &newest);
	/* The spelling structure, numbered again from the words the index
	 * holds now (an update only adds to it): before the compaction, so
	 * that the blocks of the old one are not copied. */
	char *first = rb_store_shard_path(cfg->db_path, current, 0, shards);
	if (!first || prune_families(cfg, current, shards, &err)) {
		free(first);
		goto out;
	}
	int spelt = spell_write_whole(cfg, first) == 0;
	free(first);
	if (!spelt)
		goto out_reported;   /* spell_update said why */
	if (rb_store_next_generation(cfg->db_path, &gen, &err) ||
	    compact_shards(cfg, current, gen, shards, &err) ||
	    rb_store_swap(cfg->db_path, gen, shards, &err))
		goto out;
	index_disk_usage(cfg->db_path, &after, &newest);
	if (!cfg->quiet)
		report_compacted(cfg, before, after);
	rc = 0;
out:
	if (rc)
		report_index(cfg, err);
out_reported:
	if (rc)
		rb_store_clean(cfg->db_path);  /* the half-written generation */
	free(err);
	free(current);
	free(gen);
	return rc;
}
