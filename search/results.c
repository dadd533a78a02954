#include "results.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence.h"
#include "filematch.h"
#include "fullmatch.h"
#include "filerecord.h"
#include "schema.h"
#include "store.h"

static void hit_free(result_hit *h)
{
	free(h->data);
	for (size_t i = 0; i < h->n_others; i++)
		free(h->others[i]);
	free(h->others);
	free(h->others_len);
	for (size_t i = 0; i < h->n_missing; i++)
		free(h->missing[i]);
	free(h->missing);
}

void results_free(result_set *r)
{
	for (size_t i = 0; i < r->n; i++)
		hit_free(&r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}

/* Takes data; sets the hit's file, passage, line and date from it. */
static rb_status push_hit(result_set *r, size_t *cap, char *data, size_t len, double score,
			  result_hit **out, char **err)
{
	rb_record rec;
	rb_status rc = rb_record_read(r->files, data, len, &rec, NULL, err);
	if (rc) {
		free(data);
		return rc;
	}
	if (r->n == *cap) {
		size_t c = *cap ? *cap * 2 : 32;
		result_hit *v = realloc(r->v, c * sizeof *v);
		if (!v) {
			free(data);
			return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
		}
		r->v = v;
		*cap = c;
	}
	result_hit *h = &r->v[r->n++];
	memset(h, 0, sizeof *h);
	h->data = data;
	h->len = len;
	h->score = score;
	h->line = rec.line;
	h->passage = rec.passage;
	h->file_id = rb_path_id(rec.path, rec.path_len);
	h->date = rec.date;
	if (out)
		*out = h;
	return RB_OK;
}

/* Best first (or by date, newest or oldest first); equal scores or dates
 * by file id, then passage: the key Xapian keeps the lowest of when a
 * limit cuts through equal scores (RB_SLOT_ORDER), so the hits of -n 5 are
 * the first five of -n 100, whatever the index's document ids. */
static int by_rank(const void *a, const void *b, void *order)
{
	const result_hit *x = a, *y = b;
	results_order o = *(const results_order *)order;
	if (o != RESULTS_BY_SCORE && x->date != y->date)
		return (x->date < y->date) == (o == RESULTS_NEWEST) ? 1 : -1;
	if (o == RESULTS_BY_SCORE && x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->file_id != y->file_id)
		return x->file_id < y->file_id ? -1 : 1;
	return (x->passage > y->passage) - (x->passage < y->passage);
}

/* The passages of q's matches [0, limit), in Xapian's order; their files'
 * ids into *files unless it is NULL. */
static rb_status add_matches(xc_db *db, const xc_query *xq, const xc_search_options *so,
			     uint32_t limit, result_set *r, size_t *cap, double *max_possible,
			     filematch_list *files, char **err)
{
	fullmatch_hits fm;
	rb_status rc = fullmatch_find(db, xq, so, limit, &fm, err);
	for (size_t k = 0; !rc && k < fm.n; k++) {
		char *data = NULL, id[RB_FILE_ID_LEN + 1];
		size_t len = 0, i = fm.keep ? fm.keep[k] : k;
		result_hit *h = NULL;
		rc = rb_store_search_failed(xc_mset_data(fm.m, i, &data, &len, err), err);
		if (!rc)
			rc = push_hit(r, cap, data, len, xc_mset_weight(fm.m, i), &h, err);
		/* The file id the passage's path spells (its RB_SLOT_FILE value,
		 * without reading it). */
		if (!rc && files) {
			snprintf(id, sizeof id, "%016" PRIx64, h->file_id);
			rc = filematch_list_add(files, id, RB_FILE_ID_LEN, err);
		}
	}
	if (max_possible)
		*max_possible = xc_mset_max_possible(fm.m);
	fullmatch_free(&fm);
	return rc;
}

/* A passage of a file match's others, read once: its number orders it. */
typedef struct {
	uint32_t passage, docid;
	char *data;
	size_t len;
} other;

static int by_passage(const void *a, const void *b)
{
	const other *x = a, *y = b;
	return (x->passage > y->passage) - (x->passage < y->passage);
}

/* The others of a file match: the best passage of each weighted part h
 * lacks, each once, in file order. */
static rb_status add_others(xc_db *db, const query *q, const filematch *f, uint32_t shown,
			    result_hit *h, char **err)
{
	size_t np = q->n_parts;
	bool *held = calloc(np, sizeof *held);
	other *pick = calloc(np, sizeof *pick);
	size_t n = 0;
	rb_status rc = held && pick ? query_parts_held(q, db, h->data, h->len, held, err)
				    : rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	for (size_t i = 0; i < np && !rc; i++) {
		uint32_t d = f->best[i];
		/* A passage holding only a stop word of the query says nothing. */
		bool dup = held[i] || !q->parts[i].weighted || d == shown || d == 0;
		for (size_t k = 0; k < n && !dup; k++)
			dup = pick[k].docid == d;
		if (dup)
			continue;
		other *o = &pick[n];
		rb_record rec;
		rc = rb_store_search_failed(xc_db_document_data(db, d, &o->data, &o->len, err), err);
		if (!rc && !(rc = rb_record_read(q->opts.files, o->data, o->len, &rec, NULL, err))) {
			o->passage = rec.passage;
			o->docid = d;
			n++;
		} else {
			free(o->data);
		}
	}
	if (!rc && n) {
		qsort(pick, n, sizeof *pick, by_passage);
		h->others = calloc(n, sizeof *h->others);
		h->others_len = calloc(n, sizeof *h->others_len);
		if (!h->others || !h->others_len)
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	}
	for (size_t k = 0; k < n; k++) {
		if (rc) {
			free(pick[k].data);
			continue;
		}
		h->others[k] = pick[k].data;
		h->others_len[k] = pick[k].len;
		h->n_others++;
	}
	free(held);
	free(pick);
	return rc;
}

typedef struct {
	filematch f;
	int64_t date;
	results_order order;
} dated_file;

static int by_date(const void *a, const void *b)
{
	const dated_file *x = a, *y = b;
	if (x->date != y->date)
		return (x->date < y->date) == (x->order == RESULTS_NEWEST) ? 1 : -1;
	return strcmp(x->f.id, y->f.id);
}

/* Orders file matches newest (oldest) first, each file's date read from
 * one of its passages into (*dates)[k] (malloc'd). */
static rb_status order_by_date(xc_db *db, rb_file_records *fr, filematch_list *files,
			       results_order order, int64_t **dates, char **err)
{
	*dates = NULL;
	if (files->n == 0)
		return RB_OK;
	dated_file *v = calloc(files->n, sizeof *v);
	*dates = malloc(files->n * sizeof **dates);
	rb_status rc = v && *dates ? RB_OK : rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	for (size_t k = 0; k < files->n && !rc; k++) {
		char *data = NULL;
		size_t len = 0;
		rb_record r;
		rc = rb_store_search_failed(xc_db_document_data(db, files->v[k].best[0], &data, &len, err), err);
		if (!rc)
			rc = rb_record_read(fr, data, len, &r, NULL, err);
		v[k] = (dated_file){ files->v[k], rc ? 0 : r.date, order };
		free(data);
	}
	if (!rc) {
		qsort(v, files->n, sizeof *v, by_date);
		for (size_t k = 0; k < files->n; k++) {
			files->v[k] = v[k].f;
			(*dates)[k] = v[k].date;
		}
	}
	free(v);
	return rc;
}

/* A file match as a hit: its best passage (f->shown) and the others, or
 * (paths only, or no best passage found) any passage of it. */
static rb_status add_file(xc_db *db, const query *q, const result_options *o,
			  const filematch *f, result_set *r, size_t *cap, char **err)
{
	uint32_t docid = !o->paths_only && f->shown ? f->shown : f->best[0];
	char *data = NULL;
	size_t len = 0;
	rb_status rc = rb_store_search_failed(xc_db_document_data(db, docid, &data, &len, err), err);
	result_hit *h = NULL;
	if (!rc)
		rc = push_hit(r, cap, data, len, f->score, &h, err);
	if (!rc && !o->paths_only)
		rc = add_others(db, q, f, docid, h, err);
	return rc;
}

static bool same(const char *a, size_t al, const char *b, size_t bl)
{
	return al == bl && memcmp(a, b, al) == 0;
}

/* Whether the passage is among the first n hits or their others. */
static bool shown_in(const result_set *r, size_t n, const result_hit *p)
{
	for (size_t k = 0; k < n; k++) {
		const result_hit *h = &r->v[k];
		if (same(h->data, h->len, p->data, p->len))
			return true;
		for (size_t i = 0; i < h->n_others; i++)
			if (same(h->others[i], h->others_len[i], p->data, p->len))
				return true;
	}
	return false;
}

static rb_status mark_missing(xc_db *db, const query *q, result_set *r, size_t from,
			      char **err);

/* After the full hits, up to `limit` hits in all: the relaxed query's
 * passages not shown yet, each with the parts it lacks. */
static rb_status add_partial(xc_db *db, const query *q, const xc_search_options *so,
			     uint32_t limit, results_order order, result_set *r, size_t *cap,
			     char **err)
{
	xc_search_options o = *so;
	o.accept = q->relaxed_needs_check ? query_accept_relaxed : NULL;
	o.accept_ctx = (void *)q;
	size_t full = r->n, shown = 0;
	for (size_t k = 0; k < full; k++)
		shown += 1 + r->v[k].n_others;
	rb_status rc = add_matches(db, q->relaxed, &o, (uint32_t)(limit - full + shown), r, cap,
				   NULL, NULL, err);
	if (!rc && r->n > full + 1)
		qsort_r(r->v + full, r->n - full, sizeof *r->v, by_rank, &order);
	size_t keep = full;
	for (size_t k = full; k < r->n; k++) {
		if (rc || keep >= limit || shown_in(r, full, &r->v[k]))
			hit_free(&r->v[k]);
		else
			r->v[keep++] = r->v[k];
	}
	r->n = keep;
	for (size_t k = full; k < r->n; k++)
		r->v[k].partial = r->v[k].related = true;
	return rc ? rc : mark_missing(db, q, r, full, err);
}


/* The passages searched for evidence, whatever the limit: a limit must cut
 * the ranked list and nothing else, and a file's evidence (its passages
 * among them) would change with their number (make eval's limits: 11 to
 * 20 of 500 queries' first K differed from -n 1000's when the depth was
 * 10 per hit).  1,000: CISI held out, nDCG@10 / MAP@100 0.396 / 0.170;
 * 500: 0.388 / 0.166; 200: 0.383 / 0.164 (make eval-collection,
 * 2026-12-07); partial hits therefore come from these passages only. */
#define BLEND_DEPTH 1000

typedef struct {
	uint64_t file_id;
	uint32_t passage;
} passage_key;

static int by_key(const void *a, const void *b)
{
	const passage_key *x = a, *y = b;
	if (x->file_id != y->file_id)
		return x->file_id < y->file_id ? -1 : 1;
	return (x->passage > y->passage) - (x->passage < y->passage);
}

/* The passages shown by the hits (each and its others), sorted. */
static rb_status shown_keys(const result_set *r, passage_key **out, size_t *n, char **err)
{
	size_t total = 0;
	for (size_t k = 0; k < r->n; k++)
		total += 1 + r->v[k].n_others;
	passage_key *v = malloc((total + 1) * sizeof *v);
	if (!v)
		return rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	*n = 0;
	for (size_t k = 0; k < r->n; k++) {
		const result_hit *h = &r->v[k];
		v[(*n)++] = (passage_key){ h->file_id, h->passage };
		for (size_t i = 0; i < h->n_others; i++) {
			rb_record rec;
			rb_status rc = rb_record_read(r->files, h->others[i], h->others_len[i], &rec,
						      NULL, err);
			if (rc) {
				free(v);
				return rc;
			}
			v[(*n)++] = (passage_key){ h->file_id, rec.passage };
		}
	}
	qsort(v, *n, sizeof *v, by_key);
	*out = v;
	return RB_OK;
}

typedef struct {
	double score, passage, others, file;
	size_t rank;         /* in the evidence's search */
} candidate;

static int by_score_then_rank(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->rank > y->rank) - (x->rank < y->rank);
}

/* Marks the partial hits from `from` on with the parts they lack; one that
 * lacks none (a full passage a limit had cut) is a full hit. */
static rb_status mark_missing(xc_db *db, const query *q, result_set *r, size_t from,
			      char **err)
{
	bool *held = calloc(q->n_parts + 1, sizeof *held);
	rb_status rc = held ? RB_OK : rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	for (size_t k = from; k < r->n && !rc; k++) {
		result_hit *h = &r->v[k];
		if (!h->partial)
			continue;
		if ((rc = query_parts_held(q, db, h->data, h->len, held, err)))
			break;
		h->missing = calloc(q->n_parts, sizeof *h->missing);
		for (size_t i = 0; i < q->n_parts && h->missing && !rc; i++)
			if (!held[i] && !(h->missing[h->n_missing++] = query_part_label(&q->parts[i])))
				rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
		if (!h->missing)
			rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
		h->partial = h->n_missing > 0;
	}
	free(held);
	return rc;
}

/* One list for full and partial hits, by score: each hit's score gains its
 * file's evidence; the passages holding some of the query (not shown by a
 * full hit) join at a discount, and the best `limit` of all stay. */
/* Whether no partial hit can rank among the hits: they fill the list,
 * and the least of them (`least`, 0: they do not) outweighs what a partial
 * hit could score at most, its passage and two others at `best` (a bound
 * of any passage's weight), its file at `file_bound`.  A query with many
 * full hits then costs no more than a search of its words, or none. */
static bool partials_outranked(double least, double best, double file_bound)
{
	double most = RESULTS_PARTIAL_WEIGHT *
		      ((1 + RESULTS_OTHERS_WEIGHT * RESULTS_OTHERS) * best +
		       RESULTS_FILE_WEIGHT * file_bound);
	return least > 0 && best > 0 && most < least;
}

/* r: the hits holding the whole query, best first, at most `limit`. */
static rb_status blend(xc_db *db, query *q, const xc_search_options *so, uint32_t limit,
		       double max_possible, result_set *r, size_t *cap, char **err)
{
	evidence_bm25 file = { RESULTS_FILE_K1_FACTOR * so->bm25_k1, so->bm25_b };
	double least = r->n >= limit ? r->v[r->n - 1].score : 0, file_bound = 0;
	evidence_words *words = NULL;
	rb_status rc = evidence_words_of(db, q, &file, &words, &file_bound, err);
	/* Xapian's bound of a passage's weight first (no search), then the
	 * best one found (no walk of their terms). */
	if (rc || partials_outranked(least, max_possible, file_bound)) {
		evidence_words_free(words);
		return rc;
	}
	/* Related words rank the passages holding part of the query only
	 * when nothing holds it whole: beside a match, a passage counts by
	 * the words typed. */
	bool related = r->n == 0;
	rc = query_relax(q, db, related, err);
	const xc_query *xq = related ? q->relaxed : q->relaxed_words;
	/* The best partial passage alone first: most often it shows that no
	 * partial hit can rank, and the 1,000 are not gathered (2.5 of 4.4 ms
	 * of `liberty constitution`).  Its weight is at least the evidence's
	 * best, give or take the last bit of a sum Xapian may add up in
	 * another order: the margin keeps the skip the evidence's own. */
	double best = 0;
	if (!rc && xq && least > 0)
		rc = evidence_best(db, q, xq, so, &best, err);
	if (rc || partials_outranked(least, best * (1 + 1e-9), file_bound)) {
		evidence_words_free(words);
		return rc;
	}
	evidence e = { 0 };
	if (!rc && xq)
		rc = evidence_gather(db, q, xq, so, BLEND_DEPTH, &e, err);
	bool skip = rc || !xq || partials_outranked(least, e.best, file_bound);
	if (!skip)
		rc = evidence_score_files(words, &file, &e, err);
	evidence_words_free(words);
	if (rc || skip) {
		evidence_free(&e);
		return rc;
	}
	passage_key *shown = NULL;
	size_t n_shown = 0;
	candidate *c = e.n ? malloc(e.n * sizeof *c) : NULL;
	if (e.n && !c)
		rc = rb_fail(err, RB_ERR_NO_MEMORY, "out of memory");
	if (!rc)
		rc = shown_keys(r, &shown, &n_shown, err);
	size_t n_c = 0;
	for (size_t i = 0; i < e.n && !rc; i++) {
		const evidence_passage *p = &e.v[i];
		passage_key key = { p->file_id, p->passage };
		if (bsearch(&key, shown, n_shown, sizeof key, by_key))
			continue;
		double others = evidence_others(&e, p->file_id, p->passage, RESULTS_OTHERS);
		double file = evidence_file_score(&e, p->file_id);
		double score = RESULTS_PARTIAL_WEIGHT * (p->weight + RESULTS_OTHERS_WEIGHT * others +
							 RESULTS_FILE_WEIGHT * file);
		c[n_c++] = (candidate){ score, p->weight, others, file, p->rank };
	}
	if (!rc && n_c > 1)
		qsort(c, n_c, sizeof *c, by_score_then_rank);
	/* Only the candidates that can rank among the first `limit` are read. */
	for (size_t i = 0; i < n_c && i < limit && !rc; i++) {
		if (least > 0 && c[i].score < least)
			break;
		char *data = NULL;
		size_t len = 0;
		result_hit *h = NULL;
		xc_status xs = xc_mset_data(e.m, c[i].rank, &data, &len, err);
		rc = xs ? rb_store_search_failed(xs, err) : push_hit(r, cap, data, len, c[i].score, &h, err);
		if (!rc) {
			h->partial = h->blended = true;
			h->related = related;
			h->passage_weight = c[i].passage;
			h->others_weight = c[i].others;
			h->file_weight = c[i].file;
		}
	}
	free(c);
	free(shown);
	evidence_free(&e);
	return rc;
}

rb_status results_gather(xc_db *db, query *q, const xc_search_options *bm25,
			 const result_options *o, result_set *out, char **err)
{
	memset(out, 0, sizeof *out);
	out->files = q->opts.files;
	/* Of equal scores, a limit keeps the lowest file ids and passage
	 * numbers, whatever the document ids, and hits shown are ordered so
	 * (by_rank). */
	xc_search_options base = *bm25, *so = &base;
	base.tie_break = 1;
	base.tie_slot = RB_SLOT_ORDER;
	/* --sort newest|oldest: Xapian keeps the newest (oldest) passages;
	 * a file's best passage is still chosen by score. */
	xc_search_options dated = base;
	if (o->order != RESULTS_BY_SCORE) {
		dated.sort_by_value = 1;
		dated.sort_slot = RB_SLOT_DATE;
		dated.sort_descending = o->order == RESULTS_NEWEST;
	}
	xc_search_options full = dated;
	full.collapse = 0;
	full.accept = q->needs_check ? query_accept : NULL;
	full.accept_ctx = (void *)q;
	uint32_t limit = o->limit;
	rb_status rc = RB_OK;
	if (!limit && (rc = rb_store_search_failed(xc_db_doccount(db, &limit, err), err)))
		return rc;
	if (!limit)
		return RB_OK;
	if (o->want_count &&
	    (rc = rb_store_search_failed(xc_db_count(db, q->xq, &full, &out->count, err), err)))
		return rc;
	size_t cap = 0;
	double max_possible = 0;
	bool parts = q->n_parts >= 2 && q->n_parts <= RESULTS_FILEMATCH_MAX_PARTS;
	filematch_list whole = { 0 };
	/* -l: each file once, its best passage (newest, oldest), so that the
	 * limit counts the files listed. */
	xc_search_options listed = full;
	listed.collapse = o->paths_only;
	listed.collapse_slot = RB_SLOT_FILE;
	rc = add_matches(db, q->xq, &listed, limit, out, &cap, &max_possible,
			 parts ? &whole : NULL, err);
	size_t n = out->n;
	filematch_list_sort(&whole);
	/* A file match weighs at most scatter_weight times what a passage
	 * holding every part could: when the passages found already outweigh
	 * that, no file match can be among the hits. */
	bool by_score = o->order == RESULTS_BY_SCORE;
	double cut = n >= limit ? out->v[limit - 1].score : 0;
	bool need_files = parts && (o->want_count || !o->limit || n < limit || !by_score ||
			   cut < o->scatter_weight * max_possible);
	filematch_list files = { 0 };
	/* Listing or counting needs every file; a page of hits, only the
	 * files that could rank above its last one. */
	double threshold = !o->want_count && o->limit && by_score ? cut : 0;
	/* Fewer hits than asked for: every passage holding the whole query is
	 * among them, and so are the files that file matching leaves out. */
	if (!rc && need_files)
		rc = filematch_find(db, q, so, o->scatter_weight, threshold,
				    n < limit ? &whole : NULL, &files, err);
	filematch_list_free(&whole);
	out->count += (uint32_t)files.n;
	int64_t *dates = NULL;
	if (!rc && !by_score)
		rc = order_by_date(db, q->opts.files, &files, o->order, &dates, err);
	/* By score: the files that can rank among the first `limit`; by date:
	 * the `limit` newest (oldest).  Ties with the last go on (the final
	 * order breaks them by file id). */
	size_t shown = 0;
	for (; shown < files.n && !rc; shown++) {
		bool tie = shown > 0 && (by_score ? files.v[shown].score == files.v[shown - 1].score
						  : dates[shown] == dates[shown - 1]);
		if (shown >= limit && !tie)
			break;
		if (by_score && n >= limit && files.v[shown].score < cut)
			break;  /* ranks below every hit already there */
	}
	if (!rc && !o->paths_only)
		rc = filematch_best_passages(db, q, so, files.v, shown, err);
	for (size_t k = 0; k < shown && !rc; k++)
		rc = add_file(db, q, o, &files.v[k], out, &cap, err);
	free(dates);
	filematch_list_free(&files);
	if (!rc && out->n > 1)
		qsort_r(out->v, out->n, sizeof *out->v, by_rank, (void *)&o->order);
	while (!rc && out->n > limit)
		hit_free(&out->v[--out->n]);
	/* By score, one list; by date, partial hits follow the full ones and
	 * only when no passage holds the whole query. */
	bool blended = by_score && o->relax && q->relaxable && !o->paths_only;
	if (!rc && blended) {
		rc = blend(db, q, so, limit, max_possible, out, &cap, err);
		if (!rc && out->n > 1)
			qsort_r(out->v, out->n, sizeof *out->v, by_rank, (void *)&o->order);
		while (!rc && out->n > limit)
			hit_free(&out->v[--out->n]);
		if (!rc)
			rc = mark_missing(db, q, out, 0, err);
	} else if (!rc && out->n < limit && o->relax && q->relaxable && n == 0 &&
		   !(rc = query_relax(q, db, true, err)) && q->relaxed) {
		rc = add_partial(db, q, &dated, limit, o->order, out, &cap, err);
	}
	for (size_t k = 0; !rc && k < out->n; k++)
		out->n_full += !out->v[k].partial;
	if (rc)
		results_free(out);
	return rc;
}
